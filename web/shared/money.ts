/**
 * Money on the web side: integer fen in, integer fen out. Yuan typed by a person is parsed as a
 * string so "19.9" becomes exactly 1990 fen, never 1989.9999.
 */

const cny = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** Formats fen for display. @example formatFen(1990) // "¥19.90" */
export function formatFen(fen: number): string {
  return cny.format(fen / 100);
}

/** A price range for list rows. @example formatFenRange(990, 1990) // "¥9.90 – ¥19.90" */
export function formatFenRange(minFen: number | null | undefined, maxFen: number | null | undefined): string {
  if (minFen == null && maxFen == null) return '—';
  if (minFen == null || maxFen == null || minFen === maxFen) return formatFen((minFen ?? maxFen) as number);
  return `${formatFen(minFen)} – ${formatFen(maxFen)}`;
}

const YUAN_RE = /^(\d{1,12})(?:\.(\d{0,2}))?$/;

/**
 * Parses a non-negative yuan amount ("19.9", "¥1,299.00", "0.5") into fen using string arithmetic.
 * Returns null when the text is not an amount with at most two decimals.
 * @example yuanToFen('19.9') // 1990
 */
export function yuanToFen(text: string): number | null {
  const cleaned = text.trim().replace(/^[¥￥]/, '').replace(/,/g, '').trim();
  const m = YUAN_RE.exec(cleaned);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(2, '0');
  const fen = Number(whole) * 100 + Number(frac);
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Renders fen as an editable yuan string without a currency sign. @example fenToYuan(1990) // "19.90" */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
