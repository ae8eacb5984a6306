import { describe, expect, it } from 'vitest';
import { crmxEn, crmxZhCN } from './crm-extra-i18n';

/** Every leaf as [dotted key, text]. */
function leaves(value: unknown, prefix = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const vars = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the crmx strings', () => {
  it('have the same keys in both languages, none empty', () => {
    const zh = leaves(crmxZhCN);
    const en = leaves(crmxEn);
    expect(en.map(([k]) => k)).toEqual(zh.map(([k]) => k));
    for (const [key, text] of [...zh, ...en]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const en = new Map(leaves(crmxEn));
    for (const [key, text] of leaves(crmxZhCN)) expect(vars(en.get(key)!), key).toEqual(vars(text));
  });
});
