// Reads an import file's first worksheet into rows of cells, in a worker thread with a memory
// limit: a hostile file (a zip bomb, a CSV of millions of empty lines) kills this worker, never
// the server. Plain JavaScript so that it runs without the TypeScript loader.
//
// Messages: `{ ok: true, rows, done }` — with `batch` set, every `batch` rows as they are read (so
// the import can judge and write while the rest is read) and the last ones with `done: true`;
// without it, all rows at once — or `{ ok: false, tooLarge, message }`.
//
// Rows handed over in batches no longer count against this worker's memory limit, so the text they
// carry is counted instead: past `maxChars` characters (what the limit would have held) the file is
// refused, before it could fill the server's memory (one long text repeated in every row is one
// string here, but a copy per row once handed over).
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';

const { file, format, maxRows, batch, maxChars } = workerData;
let rows = [];
let count = 0;
let chars = 0;
const tooLarge = () => Object.assign(new Error('too many rows'), { tooLarge: true });
function textSize(v) {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object' || v instanceof Date) return 8;
  let n = 8;
  for (const x of Object.values(v)) n += Array.isArray(x) ? x.reduce((m, r) => m + textSize(r), 0) : typeof x === 'object' && x !== null ? textSize(x) : typeof x === 'string' ? x.length : 8;
  return n;
}
function push(rowNumber, values) {
  if (++count > maxRows + 1) throw tooLarge();
  rows.push({ rowNumber, cells: values });
  if (!batch) return;
  for (const v of values) chars += textSize(v);
  if (chars > maxChars) throw tooLarge();
  if (rows.length >= batch) {
    parentPort.postMessage({ ok: true, rows, done: false });
    rows = [];
  }
}

function decode(buf) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

// The streaming reader parses a worksheet as it inflates it only once it has read the shared
// strings (and styles, and the workbook); a worksheet stored before them — as exceljs's own
// streaming writer stores it — is first copied whole to a temporary file. Rewritten with the worksheets last (the
// same entries, still compressed, in another order), the first rows come out sooner and nothing is
// written to disk. Null when the archive is not a plain one (ZIP64, encrypted, split): it is then
// read as it is.
function worksheetsLast(buf) {
  const u16 = (at) => buf.readUInt16LE(at);
  const u32 = (at) => buf.readUInt32LE(at);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) return null;
  const count = u16(eocd + 10);
  let at = u32(eocd + 16);
  if (count === 0xffff || u32(eocd + 12) === 0xffffffff || at === 0xffffffff || at + u32(eocd + 12) > eocd) return null;
  const entries = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > eocd || u32(at) !== 0x02014b50) return null;
    const flags = u16(at + 8);
    const size = u32(at + 20);
    const local = u32(at + 42);
    const nameLength = u16(at + 28);
    if (flags & 1 || size === 0xffffffff || u32(at + 24) === 0xffffffff || local === 0xffffffff) return null;
    if (local + 30 > buf.length || u32(local) !== 0x04034b50) return null;
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + size > buf.length) return null;
    const header = buf.subarray(at, at + 46 + nameLength);
    entries.push({ local, flags, header, name: buf.toString('utf8', at + 46, at + 46 + nameLength), data: buf.subarray(start, start + size) });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  // In the order the streaming reader meets them, and only if they are all it would meet: one after
  // the other from the start to the central directory.
  entries.sort((a, b) => a.local - b.local);
  let expected = 0;
  for (const e of entries) {
    if (e.local !== expected) return null;
    expected = e.data.byteOffset - buf.byteOffset + e.data.length;
    if (e.flags & 8) expected += expected + 4 <= buf.length && u32(expected) === 0x08074b50 ? 16 : 12;
  }
  if (expected !== u32(eocd + 16)) return null;
  // The reader's own test for a worksheet.
  const isSheet = (e) => /xl\/worksheets\/sheet\d+[.]xml/.test(e.name);
  const sheets = entries.filter(isSheet);
  if (sheets.length === 0 || entries.indexOf(sheets[0]) === entries.length - sheets.length) return null;
  const parts = [];
  const directory = [];
  let offset = 0;
  for (const e of [...entries.filter((x) => !isSheet(x)), ...sheets]) {
    const name = e.header.subarray(46);
    // A local header from the central one: sizes and CRC up front (no data descriptor), no extra field.
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    e.header.copy(local, 4, 6, 16); // version needed, flags, method, time, date
    local.writeUInt16LE(e.header.readUInt16LE(8) & ~8, 6);
    e.header.copy(local, 14, 16, 28); // CRC, compressed and uncompressed sizes
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.from(e.header);
    central.writeUInt16LE(central.readUInt16LE(8) & ~8, 8);
    central.writeUInt16LE(0, 30); // no extra field
    central.writeUInt16LE(0, 32); // no comment
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    directory.push(central);
    offset += 30 + name.length + e.data.length;
  }
  const dir = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

try {
  const buffer = Buffer.from(file);
  if (format === 'xlsx') {
    let reordered = null;
    try {
      reordered = worksheetsLast(buffer);
    } catch {
      // Not an archive this can take apart: the reader decides.
    }
    // The streaming reader alone loads in about half the time of all of exceljs (it is the same class).
    const { default: WorkbookReader } = await import('exceljs/lib/stream/xlsx/workbook-reader.js');
    const reader = new WorkbookReader(Readable.from(reordered ?? buffer), { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet) push(row.number, row.values.slice(1));
      break;
    }
  } else {
    const text = decode(buffer);
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines > maxRows + 1) throw Object.assign(new Error('too many rows'), { tooLarge: true });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const sheet = await wb.csv.read(Readable.from([text]), { map: (v) => v, parserOptions: { ignoreEmpty: false } });
    sheet.eachRow({ includeEmpty: false }, (row, n) => push(n, row.values.slice(1)));
  }
  parentPort.postMessage({ ok: true, rows, done: true });
} catch (e) {
  parentPort.postMessage({ ok: false, tooLarge: !!e?.tooLarge, message: String(e?.message ?? e) });
}
