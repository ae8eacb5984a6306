import { describe, expect, it } from 'vitest';
import { newReferralCode } from './member-code';

describe('newReferralCode', () => {
  it('makes 8 characters from the readable alphabet, all different across 20,000 codes, every letter about as often', () => {
    const codes = Array.from({ length: 20_000 }, () => newReferralCode());
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const c of codes) for (const ch of c) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    // 160,000 characters over 32 letters: 5,000 each on average; a skewed draw would be far off.
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(Math.abs(n - 5000)).toBeLessThan(400);
  });
});
