import { describe, expect, it } from 'vitest';
import { fenToYuan, formatFen, formatFenRange, yuanToFen } from './money';

describe('web money helpers', () => {
  it('parses yuan typed by a person into exact fen', () => {
    expect(yuanToFen('19.9')).toBe(1990);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1,299.00')).toBe(129900);
    expect(yuanToFen('¥ 12')).toBe(1200);
    expect(yuanToFen('12.')).toBe(1200);
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(yuanToFen('')).toBeNull();
  });

  it('round-trips fen through the editable yuan text', () => {
    for (const fen of [0, 1, 10, 99, 100, 1990, 129900]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it('formats fen as CNY', () => {
    expect(formatFen(1990)).toBe('¥19.90');
    expect(formatFenRange(990, 1990)).toBe('¥9.90 – ¥19.90');
    expect(formatFenRange(990, 990)).toBe('¥9.90');
    expect(formatFenRange(null, null)).toBe('—');
  });
});
