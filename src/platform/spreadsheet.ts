import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * Sends a workbook as a download: XLSX, or CSV with a byte-order mark so spreadsheet programs read
 * Chinese text as UTF-8. `name` is the file name without its extension.
 */
export async function sendWorkbook(reply: FastifyReply, wb: ExcelJS.Workbook, name: string, format: 'xlsx' | 'csv' = 'xlsx'): Promise<FastifyReply> {
  if (format === 'csv') {
    const csv = await wb.csv.writeBuffer();
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(Buffer.concat([Buffer.from('\ufeff'), Buffer.from(csv as ArrayBuffer)]));
  }
  const xlsx = await wb.xlsx.writeBuffer();
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(Buffer.from(xlsx as ArrayBuffer));
}
