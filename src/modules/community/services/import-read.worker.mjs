// Reads an import file's first worksheet into rows of cells, in a worker thread with a memory
// limit: a hostile file (a zip bomb, a CSV of millions of empty lines) kills this worker, never
// the server. Plain JavaScript so that it runs without the TypeScript loader.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';

const { file, format, maxRows } = workerData;
const rows = [];
function push(rowNumber, values) {
  if (rows.length >= maxRows + 1) throw Object.assign(new Error('too many rows'), { tooLarge: true });
  rows.push({ rowNumber, cells: values });
}

function decode(buf) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

try {
  const buffer = Buffer.from(file);
  if (format === 'xlsx') {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buffer), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet) push(row.number, row.values.slice(1));
      break;
    }
  } else {
    const text = decode(buffer);
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines > maxRows + 1) throw Object.assign(new Error('too many rows'), { tooLarge: true });
    const wb = new ExcelJS.Workbook();
    const sheet = await wb.csv.read(Readable.from([text]), { map: (v) => v, parserOptions: { ignoreEmpty: false } });
    sheet.eachRow({ includeEmpty: false }, (row, n) => push(n, row.values.slice(1)));
  }
  parentPort.postMessage({ ok: true, rows });
} catch (e) {
  parentPort.postMessage({ ok: false, tooLarge: !!e?.tooLarge, message: String(e?.message ?? e) });
}
