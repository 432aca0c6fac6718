import { readTokenClaims } from './token-claims';

const encode = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('readTokenClaims', () => {
  it('reads roles (one or many) and the agency from an access token', () => {
    const many = `${encode({ alg: 'RS256' })}.${encode({ sub: 'u1', dx_agency: 'education', role: ['steward', 'auditor'] })}.sig`;
    expect(readTokenClaims(many)).toEqual({ subject: 'u1', agency: 'education', roles: ['steward', 'auditor'] });
    const one = `x.${encode({ sub: 'u2', role: 'administrator' })}.sig`;
    expect(readTokenClaims(one).roles).toEqual(['administrator']);
  });

  it('decodes non-ASCII claims as UTF-8', () => {
    const token = `x.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ sub: '张' }))))}.sig`;
    expect(readTokenClaims(token).subject).toBe('张');
  });

  it('gives no roles for a token without a payload', () => {
    expect(readTokenClaims('garbage').roles).toEqual([]);
  });
});
