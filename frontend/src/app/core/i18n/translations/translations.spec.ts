import { EN } from './en';
import { ZH } from './zh';

function keys(value: unknown, prefix = ''): string[] {
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    typeof inner === 'object' && inner !== null ? keys(inner, `${prefix}${key}.`) : [`${prefix}${key}`]);
}

describe('translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(EN).sort()).toEqual(keys(ZH).sort());
  });

  it('leave no string empty and keep each placeholder in both languages', () => {
    const zh = Object.fromEntries(keys(ZH).map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], ZH)]));
    const en = Object.fromEntries(keys(EN).map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], EN)]));
    for (const key of Object.keys(zh)) {
      expect(zh[key], key).not.toBe('');
      expect(en[key], key).not.toBe('');
      const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });
});
