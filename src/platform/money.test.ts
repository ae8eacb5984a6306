import { describe, expect, it } from 'vitest';
import { allocate, formatFen, parseYuan } from './money';

describe('allocate (largest remainder)', () => {
  it('splits evenly when it can', () => {
    expect(allocate(900, [1, 1, 1])).toEqual([300, 300, 300]);
  });
  it('gives the leftover fen to the largest remainders, earlier first on ties', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(1000, [1, 2, 3])).toEqual([167, 333, 500]);
  });
  it('always sums to the total, for many random cases', () => {
    for (let i = 0; i < 500; i++) {
      const total = Math.floor(Math.random() * 10_000_000);
      const weights: number[] = Array.from({ length: 1 + Math.floor(Math.random() * 8) }, () => Math.floor(Math.random() * 1000));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      parts.forEach((p) => expect(Number.isInteger(p)).toBe(true));
    }
  });
  it('handles negative totals (claw-backs) symmetrically', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });
  it('gives nothing to a zero weight', () => {
    expect(allocate(101, [0, 1, 1])).toEqual([0, 51, 50]);
  });
  it('refuses bad input', () => {
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(100, [])).toThrow(RangeError);
    expect(() => allocate(100, [0, 0])).toThrow(RangeError);
    expect(() => allocate(100, [-1, 2])).toThrow(RangeError);
  });
});

describe('parseYuan', () => {
  it('parses yuan text into fen without float error', () => {
    expect(parseYuan('19.9')).toBe(1990);
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 is 28.999… in floating point
    expect(parseYuan('¥1,299.00')).toBe(129900);
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('-3.5')).toBe(-350);
  });
  it('rejects what is not an amount', () => {
    for (const bad of ['', 'abc', '1.234', '1.2.3', '--1']) expect(parseYuan(bad)).toBeNull();
  });
});

describe('formatFen', () => {
  it('formats fen as yuan', () => {
    expect(formatFen(129900)).toBe('¥1,299.00');
    expect(formatFen(5)).toBe('¥0.05');
  });
  it('refuses floats', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });
});
