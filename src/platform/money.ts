/**
 * Money is an integer count of the currency's minor unit (fen for CNY). Never a float.
 */

/** Throws unless `fen` is a safe integer. */
export function assertFen(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`money must be an integer count of fen, got ${fen}`);
  return fen;
}

/**
 * Splits `total` fen in proportion to `weights` by the largest-remainder method, so the parts
 * always sum to exactly `total`. Ties go to the earlier weight.
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertFen(total);
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError('weights must be finite and non-negative');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError('weights must not all be zero');
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  // BigInt keeps exact products for large totals and weights.
  const scaled = weights.map((w) => BigInt(Math.round(w * 1_000_000)));
  const scaledSum = scaled.reduce((a, b) => a + b, 0n);
  const parts = scaled.map((w) => (BigInt(abs) * w) / scaledSum);
  const remainders = scaled.map((w, i) => ({ i, r: (BigInt(abs) * w) % scaledSum }));
  let left = abs - Number(parts.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = parts.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out.map((p) => p * sign + 0);
}

/**
 * Parses a yuan amount written by a person ("19.9", "¥1,299.00") into fen without float rounding.
 * Returns null when the text is not a valid amount with at most two decimals.
 */
export function parseYuan(text: string): number | null {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/,/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  const value = m[1] ? -fen : fen;
  return Number.isSafeInteger(value) ? value : null;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Formats fen for display, e.g. `formatFen(129900)` → `¥1,299.00`. */
export function formatFen(fen: number, currency = 'CNY', locale = 'zh-CN'): string {
  assertFen(fen);
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, f);
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(fen / 10 ** digits);
}
