import { passwordProblems } from './password-policy';

describe('passwordProblems', () => {
  it('accepts a password that meets every rule and is repeated', () => {
    expect(passwordProblems('Neues-Passwort-2026', 'Neues-Passwort-2026', 'old')).toEqual([]);
  });

  it('names each rule a password breaks', () => {
    expect(passwordProblems('short', 'other', 'x')).toEqual(['length', 'upper', 'digit', 'symbol', 'repeat']);
  });

  it('refuses the current password again', () => {
    expect(passwordProblems('Same-Password-1', 'Same-Password-1', 'Same-Password-1')).toContain('same');
  });
});
