import { describe, expect, it } from 'vitest';
import { cellText, judgeRows, mapHeader, normalisePhone, parseDate, rowJudge, type RowVerdict } from './import-parse';

describe('import header', () => {
  it('maps Chinese and English headers, ignoring unknown columns; no phone column is null', () => {
    expect(mapHeader(['手机号', '姓名', '备注', '渠道', '首单日期', '末单日期', '买家ID'])).toEqual({ phone: 0, name: 1, channel: 3, firstOrderAt: 4, lastOrderAt: 5, externalId: 6 });
    expect(mapHeader(['Name', ' Phone ', 'first_order_date', 'Last Order Date'])).toEqual({ name: 0, phone: 1, firstOrderAt: 2, lastOrderAt: 3 });
    expect(mapHeader(['姓名', '渠道'])).toBeNull();
    expect(mapHeader([])).toBeNull();
  });
});

describe('cells', () => {
  it('reads numbers without exponent, rich text and formula results', () => {
    expect(cellText(13800000001)).toBe('13800000001');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ result: 13800000002 })).toBe('13800000002');
    expect(cellText(null)).toBe('');
  });

  it('normalises phones and refuses what is not a mainland mobile', () => {
    expect(normalisePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalisePhone('8613800000001')).toBe('13800000001');
    for (const bad of ['12800000001', '1380000000', '138000000011', 'abc', '']) expect(normalisePhone(bad)).toBeNull();
  });

  it('reads dates in the forms these files use, in China time', () => {
    expect(parseDate('2025-03-01')).toEqual(new Date('2025-02-28T16:00:00Z'));
    expect(parseDate('2025/3/1 08:30')).toEqual(new Date('2025-03-01T00:30:00Z'));
    expect(parseDate('2025年3月1日')).toEqual(new Date('2025-02-28T16:00:00Z'));
    expect(parseDate('20250301')).toEqual(new Date('2025-02-28T16:00:00Z'));
    expect(parseDate(45717)).toEqual(new Date('2025-02-28T16:00:00Z'));
    // An XLSX date cell (wall time without a zone, as exceljs gives it) is China time.
    expect(parseDate(new Date('2025-01-02T03:04:05Z'))).toEqual(new Date('2025-01-01T19:04:05Z'));
    expect(parseDate('')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
    for (const bad of ['2025-02-30', '2025-13-01', 'yesterday', '3/1/2025', 12]) expect(parseDate(bad as string)).toBe('invalid');
  });
});

describe('judging rows', () => {
  const columns = { phone: 0, name: 1, channel: 2, firstOrderAt: 3, lastOrderAt: 4 };
  const now = new Date('2026-01-01T00:00:00Z');
  const rows = (...cells: unknown[][]) => cells.map((c, i) => ({ rowNumber: i + 2, cells: c as never[] }));

  it('names each bad row with its number and reason, keeps the first of a repeated phone, skips blank rows', () => {
    const verdicts = judgeRows(
      rows(
        ['13800000001', '张三', '天猫', '2025-01-01', '2025-06-01'],
        ['', '', '', '', ''],
        ['123', '李四'],
        ['', '无手机'],
        ['138 0000 0001', '张三又来', '京东'],
        ['13800000002', '王五', '门店', '2025-06-01', '2025-01-01'],
        ['13800000003', '赵六', '', '2025-02-30'],
        ['13800000004', '钱七', '', '', '2026-05-01'],
        ['13800000005', 'x'.repeat(61)],
        ['13800000006', '孙八', '抖音'],
      ),
      columns,
      now,
    );
    expect(verdicts.map((v) => [v.kind, v.kind === 'valid' || v.kind === 'duplicate' ? v.row.rowNumber : v.rowNumber])).toEqual([
      ['valid', 2],
      ['invalid', 4],
      ['invalid', 5],
      ['duplicate', 6],
      ['invalid', 7],
      ['invalid', 8],
      ['invalid', 9],
      ['invalid', 10],
      ['valid', 11],
    ]);
    const reasons = verdicts.flatMap((v) => (v.kind === 'invalid' ? [v.reason] : []));
    expect(reasons).toEqual([
      'phone "123" is not a mainland China mobile number',
      'phone is missing',
      'first order date is after the last order date',
      'first order date "2025-02-30" is not a date',
      'an order date is in the future',
      'name is longer than 60 characters',
    ]);
    const dup = verdicts.find((v) => v.kind === 'duplicate');
    expect(dup).toMatchObject({ firstRow: 2, row: { phone: '13800000001' } });
    expect(verdicts[0]).toMatchObject({ kind: 'valid', row: { phone: '13800000001', name: '张三', channel: '天猫', firstOrderAt: new Date('2024-12-31T16:00:00Z') } });
  });

  it('judges a file batch by batch exactly as whole: a phone repeated across batches is still a duplicate', () => {
    const file = rows(
      ['13800000001', '张三', '天猫', '2025-01-01', '2025-06-01'],
      ['123', '李四'],
      ['', '', '', '', ''],
      ['+86 138-0000-0001', '张三又来'],
      ['13800000002', '王五', '门店', '2025-06-01', '2025-01-01'],
      ['13800000003', '赵六'],
      ['13800000003', '赵六又来'],
      ['13800000004', '钱七', '', '', '2026-05-01'],
    );
    const whole = judgeRows(file, columns, now);
    for (const size of [1, 2, 3, 5]) {
      const judge = rowJudge(columns, now);
      const out: RowVerdict[] = [];
      for (let i = 0; i < file.length; i += size) judge(file.slice(i, i + size), out);
      expect(out).toEqual(whole);
    }
    expect(whole.filter((v) => v.kind === 'duplicate').map((v) => (v.kind === 'duplicate' ? [v.row.rowNumber, v.firstRow] : []))).toEqual([
      [5, 2],
      [8, 7],
    ]);
  });
});
