import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/platform/config';
import { systemCtx, type BaseCtx } from '../src/platform/context';
import { migrateDatabase, openDatabase, queryRows } from '../src/platform/db';
import { createOrgUnit, createTenant } from '../src/modules/identity';
import { createGroup, getImportReport, importFinished, importMembers } from '../src/modules/community';
import { IMPORT_CHUNK } from '../src/modules/community/services/import-members';
import { cpuMsOfAll, machineCpuMs, progress } from './lib';

export interface ImportBenchOptions {
  dbUrl: string;
  rows: number;
  /** One bad row in this many (the report must name each). */
  badEvery: number;
  poolSize: number;
}

/**
 * A member import as the console does it: an XLSX of e-commerce buyers (phone, name, channel, buyer
 * id, first and last order dates) into a group, on the server database. Times the file's creation
 * (not Tuan's), then Tuan's whole import — reading and judging every row, then writing them — and
 * checks the report against the rows it broke on purpose.
 */
export async function runImportBench(o: ImportBenchOptions) {
  const database = await openDatabase({ url: o.dbUrl, poolSize: o.poolSize });
  try {
    await migrateDatabase(database);
    const base: BaseCtx = { db: database.db, tx: database.db, inTx: false, lang: 'en', requestId: 'bench', config: loadConfig({} as NodeJS.ProcessEnv) };
    const slug = `bench-${crypto.randomBytes(4).toString('hex')}`;
    const { tenantId, brandId } = await createTenant(base, { slug, name: 'Bench', owner: { email: `owner@${slug}.test`, name: 'Owner', password: crypto.randomBytes(12).toString('hex') } });
    const ctx = systemCtx(base, tenantId, 'bench');
    const store = await createOrgUnit(ctx, { parentId: brandId, kind: 'store', name: 'Store' });
    const group = await createGroup(ctx, { orgUnitId: store.id, type: 'fan', name: '电商老客群', purpose: '', rules: '', capacity: 100_000, warnLimit: 3, leaderIds: [] });

    const genStart = performance.now();
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
    const ws = wb.addWorksheet('buyers');
    ws.addRow(['手机号', '姓名', '渠道', '买家ID', '首单日期', '末单日期']).commit();
    const channels = ['天猫旗舰店', '京东自营', '抖音小店', '线下门店'];
    const bad = new Set<number>();
    for (let i = 0; i < o.rows; i++) {
      const broken = i % o.badEvery === o.badEvery - 1;
      if (broken) bad.add(i + 2);
      const month = (i % 9) + 1;
      ws.addRow([broken ? `1${i}` : `139${String(i).padStart(8, '0')}`, `顾客${i}`, channels[i % 4], `buyer_${i}`, `2025-0${month}-01`, `2025-${String(month + 2).padStart(2, '0')}-15`]).commit();
      if ((i + 1) % 10_000 === 0 || i + 1 === o.rows) progress('generating the XLSX', i + 1, o.rows);
    }
    ws.commit();
    await wb.commit();
    const file = Buffer.concat(chunks);
    const generationMs = performance.now() - genStart;

    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const pgStart = cpuMsOfAll('postgres');
    const machineStart = machineCpuMs();
    const started = await importMembers(ctx, { file, format: 'xlsx', filename: 'bench.xlsx', groupId: group.id });
    const judgedMs = performance.now() - start;
    const poll = setInterval(() => {
      void getImportReport(ctx, started.id, { limit: 1 }).then((r) => progress('importing', r.import.processedRows, r.import.totalRows));
    }, 1000);
    await importFinished(started.id);
    clearInterval(poll);
    const totalMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    // Backends that ended during the import take their time with them: a floor, never below 0.
    const pgCpuMs = Math.max(0, cpuMsOfAll('postgres') - pgStart);
    const machineEnd = machineCpuMs();
    const report = await getImportReport(ctx, started.id, { limit: 1 });
    progress('importing', report.import.processedRows, report.import.totalRows);
    const [roster] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from group_members where tenant_id = ${tenantId} and group_id = ${group.id}`);
    const failedOk = report.import.failedRows === bad.size && report.import.status === 'done' && Number(roster!.n) === o.rows - bad.size;
    return {
      params: { rows: o.rows, badRows: bad.size, fileBytes: file.length, poolSize: o.poolSize, chunk: IMPORT_CHUNK },
      generation: { ms: Math.round(generationMs), rowsPerSecond: Math.round(o.rows / (generationMs / 1000)) },
      tuan: {
        readAndJudgeMs: Math.round(judgedMs),
        totalMs: Math.round(totalMs),
        rowsPerSecond: Math.round(o.rows / (totalMs / 1000)),
        /** CPU time of this process (all its threads: the reading worker too) during the import; the database's is not counted. */
        nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
        /** CPU time of PostgreSQL's processes during the import (of those alive at its end: a floor). */
        postgresCpuMs: pgCpuMs,
        /** How busy the machine's cores were during the import, in per cent of all of them. */
        machineBusyPercent: machineEnd.total > machineStart.total ? Math.round(((machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total)) * 100) : null,
        created: report.import.createdRows,
        joined: report.import.joinedRows,
        failed: report.import.failedRows,
        status: report.import.status,
      },
      check: { ok: failedOk, rosterRows: Number(roster!.n) },
    };
  } finally {
    await database.close();
  }
}
