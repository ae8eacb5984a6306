/**
 * Turning an import file's cells into member rows: which column is which (Chinese or English
 * headers), and a verdict per row — valid, a duplicate of an earlier row, or invalid with the
 * reason. Pure, so every rule is unit-tested; the import service does the writing.
 */

export const IMPORT_COLUMNS = {
  phone: ['phone', 'mobile', 'tel', '手机号', '手机', '手机号码', '电话', '联系电话'],
  name: ['name', 'nickname', '姓名', '昵称', '名字', '收货人'],
  channel: ['channel', 'source', '渠道', '来源', '来源渠道', '店铺'],
  externalId: ['buyer_id', 'buyerid', 'external_id', 'member_no', '买家id', '买家ID', '会员号', '会员编号'],
  firstOrderAt: ['first_order_date', 'first_order', 'firstorderdate', '首单日期', '首次下单', '首次下单时间', '首单时间'],
  lastOrderAt: ['last_order_date', 'last_order', 'lastorderdate', '末单日期', '最近下单', '最近下单时间', '最后下单时间', '末单时间'],
} as const;
export type ImportColumn = keyof typeof IMPORT_COLUMNS;

export type Cell = string | number | boolean | Date | null | undefined | { text?: string; result?: unknown; richText?: Array<{ text: string }> };

export interface ImportRow {
  rowNumber: number;
  phone: string;
  name: string;
  channel: string;
  externalId: string;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

export type RowVerdict =
  | { kind: 'valid'; row: ImportRow }
  | { kind: 'duplicate'; row: ImportRow; firstRow: number }
  | { kind: 'invalid'; rowNumber: number; reason: string; raw: Partial<Record<ImportColumn, string>> };

const norm = (h: string) => h.trim().toLowerCase().replace(/[\s_\-（）()]/g, '');

/** Maps header cells to columns; null when there is no phone column. Unknown headers are ignored. */
export function mapHeader(header: Cell[]): Partial<Record<ImportColumn, number>> | null {
  const out: Partial<Record<ImportColumn, number>> = {};
  header.forEach((cell, i) => {
    const h = norm(cellText(cell));
    if (!h) return;
    for (const [col, names] of Object.entries(IMPORT_COLUMNS) as Array<[ImportColumn, readonly string[]]>) {
      if (out[col] === undefined && names.some((n) => norm(n) === h)) out[col] = i;
    }
  });
  return out.phone === undefined ? null : out;
}

/** A cell's text: numbers without exponent, dates as ISO, formula results and rich text resolved. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'object') {
    if (Array.isArray(cell.richText)) return cell.richText.map((r) => r.text).join('').trim();
    if (cell.result !== undefined) return cellText(cell.result as Cell);
    return (cell.text ?? '').trim();
  }
  return String(cell).trim();
}

const PHONE_RE = /^1[3-9]\d{9}$/;
/** 11-digit mainland mobile numbers, with +86/86, spaces and dashes allowed; null when not one. */
export function normalisePhone(raw: string): string | null {
  // Most cells are already a bare number, which the replacements below would leave as it is.
  if (PHONE_RE.test(raw)) return raw;
  const p = raw.replace(/[\s\-()]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return PHONE_RE.test(p) ? p : null;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/**
 * A date from a cell: a Date (XLSX date cells), an Excel serial day number, or text as
 * 2024-03-01, 2024/3/1, 2024.03.01 or 20240301, optionally with a time. Dates without a zone are
 * read as China time (UTC+8), where these files come from. Null for empty; 'invalid' when unreadable.
 */
export function parseDate(cell: Cell): Date | null | 'invalid' {
  if (cell === null || cell === undefined || cell === '') return null;
  // XLSX date cells carry no zone; exceljs gives the wall time as UTC. Read it as China time.
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'invalid' : new Date(cell.getTime() - 8 * 3_600_000);
  if (typeof cell === 'number') {
    if (cell > 20_000 && cell < 80_000) return new Date(EXCEL_EPOCH_MS + Math.round(cell * 86_400_000) - 8 * 3_600_000);
    return 'invalid';
  }
  const text = cellText(cell);
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? 'invalid' : d;
  }
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) return 'invalid';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return 'invalid';
  const date = new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
  // 2024-02-30 rolls over to March: not a real date.
  const check = new Date(date.getTime() + 8 * 3_600_000);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return 'invalid';
  return date;
}

const MAX = { name: 60, channel: 40, externalId: 64 } as const;

/**
 * Judges each data row (rowNumber is the file's own row number, header = 1). The first row with a
 * phone wins; a later row with the same phone is a duplicate of it. Blank rows are skipped silently.
 */
export function judgeRows(rows: Array<{ rowNumber: number; cells: Cell[] }>, columns: Partial<Record<ImportColumn, number>>, now = new Date()): RowVerdict[] {
  const out: RowVerdict[] = [];
  rowJudge(columns, now)(rows, out);
  return out;
}

/**
 * `judgeRows` for a file that arrives in batches: the returned function judges each batch in turn
 * (remembering the phones seen in earlier batches) and appends the verdicts to `out`. Judging a file
 * batch by batch gives exactly the verdicts of judging it whole.
 */
export function rowJudge(columns: Partial<Record<ImportColumn, number>>, now = new Date()): (rows: Array<{ rowNumber: number; cells: Cell[] }>, out: RowVerdict[]) => void {
  const seen = new Map<string, number>();
  // Per row only array lookups: the mapped columns and their cell indexes, the length limits, in a fixed order.
  const cols = Object.keys(columns) as ImportColumn[];
  const at = cols.map((c) => columns[c]!);
  const limits = Object.keys(MAX) as Array<keyof typeof MAX>;
  const firstAt = columns.firstOrderAt;
  const lastAt = columns.lastOrderAt;
  return (rows, out) => {
    for (const { rowNumber, cells } of rows) {
      const raw: Partial<Record<ImportColumn, string>> = {};
      let blank = true;
      for (let i = 0; i < cols.length; i++) {
        const text = cellText(cells[at[i]!]);
        raw[cols[i]!] = text;
        if (text) blank = false;
      }
      if (blank) continue;
      if (!raw.phone) {
        out.push({ kind: 'invalid', rowNumber, reason: 'phone is missing', raw });
        continue;
      }
      const phone = normalisePhone(raw.phone);
      if (!phone) {
        out.push({ kind: 'invalid', rowNumber, reason: `phone "${raw.phone}" is not a mainland China mobile number`, raw });
        continue;
      }
      const tooLong = limits.find((k) => (raw[k] ?? '').length > MAX[k]);
      if (tooLong) {
        out.push({ kind: 'invalid', rowNumber, reason: `${tooLong} is longer than ${MAX[tooLong]} characters`, raw });
        continue;
      }
      const first = parseDate(firstAt === undefined ? undefined : cells[firstAt]);
      const last = parseDate(lastAt === undefined ? undefined : cells[lastAt]);
      if (first === 'invalid') {
        out.push({ kind: 'invalid', rowNumber, reason: `first order date "${raw.firstOrderAt}" is not a date`, raw });
        continue;
      }
      if (last === 'invalid') {
        out.push({ kind: 'invalid', rowNumber, reason: `last order date "${raw.lastOrderAt}" is not a date`, raw });
        continue;
      }
      if (first && last && first > last) {
        out.push({ kind: 'invalid', rowNumber, reason: 'first order date is after the last order date', raw });
        continue;
      }
      if ((first && first > now) || (last && last > now)) {
        out.push({ kind: 'invalid', rowNumber, reason: 'an order date is in the future', raw });
        continue;
      }
      const row: ImportRow = { rowNumber, phone, name: raw.name ?? '', channel: raw.channel ?? '', externalId: raw.externalId ?? '', firstOrderAt: first, lastOrderAt: last };
      const earlier = seen.get(phone);
      if (earlier !== undefined) {
        out.push({ kind: 'duplicate', row, firstRow: earlier });
        continue;
      }
      seen.set(phone, rowNumber);
      out.push({ kind: 'valid', row });
    }
  };
}
