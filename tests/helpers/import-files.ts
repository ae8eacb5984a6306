import ExcelJS from 'exceljs';

/**
 * A member import file like the ones e-commerce teams hand over: phone, name, channel, buyer id,
 * first and last order dates. Every `badEvery`-th row is broken in one of several ways, and some
 * rows repeat an earlier phone; the answer key says which rows and why.
 */
export function importRows(n: number, opts: { phonePrefix: string; badEvery?: number; duplicateEvery?: number }) {
  const header = ['手机号', '姓名', '渠道', '买家ID', '首单日期', '末单日期'];
  const rows: string[][] = [];
  const bad = new Map<number, string>();
  const duplicates = new Map<number, number>();
  const channels = ['天猫旗舰店', '京东自营', '抖音小店', '线下门店'];
  const breakers: Array<(r: string[]) => [string[], string]> = [
    (r) => [['12345', ...r.slice(1)], 'not a mainland China mobile number'],
    (r) => [['', ...r.slice(1)], 'phone is missing'],
    (r) => [[r[0]!, r[1]!, r[2]!, r[3]!, '2024-13-40', r[5]!], 'is not a date'],
    (r) => [[r[0]!, r[1]!, r[2]!, r[3]!, '2025-09-01', '2025-01-01'], 'first order date is after the last order date'],
  ];
  for (let i = 0; i < n; i++) {
    const rowNumber = i + 2;
    const month = (i % 9) + 1;
    let row = [`${opts.phonePrefix}${String(i).padStart(11 - opts.phonePrefix.length, '0')}`, `顾客${i}`, channels[i % channels.length]!, `buyer_${i}`, `2025-0${month}-01`, `2025-${String(month + 2).padStart(2, '0')}-15`];
    if (opts.duplicateEvery && i > 0 && i % opts.duplicateEvery === 0) {
      row = [rows[i - 1]![0]!, ...row.slice(1)];
      duplicates.set(rowNumber, rowNumber - 1);
    } else if (opts.badEvery && i % opts.badEvery === opts.badEvery - 1) {
      const [broken, why] = breakers[Math.floor(i / opts.badEvery) % breakers.length]!(row);
      row = broken;
      bad.set(rowNumber, why);
    }
    rows.push(row);
  }
  return { header, rows, bad, duplicates };
}

export async function toXlsx(header: string[], rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function toCsv(header: string[], rows: string[][]): Buffer {
  const esc = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from([header, ...rows].map((r) => r.map(esc).join(',')).join('\r\n'), 'utf8');
}
