import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids';

describe('ids', () => {
  it('are prefixed by kind', () => {
    expect(newId('product')).toMatch(/^prd_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(newId('member')).toMatch(/^mbr_/);
  });
  it('sort by creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId('sku'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });
  it('are recognised only with the right prefix', () => {
    const id = newId('warehouse');
    expect(isId('warehouse', id)).toBe(true);
    expect(isId('product', id)).toBe(false);
    expect(isId('warehouse', 'wh_nope')).toBe(false);
  });
});
