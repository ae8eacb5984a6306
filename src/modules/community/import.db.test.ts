import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { importRows, toCsv, toXlsx } from '../../../tests/helpers/import-files';
import { newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser } from '../../../tests/helpers/factories';
import type { BaseCtx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { createOrgUnit, ensureMember } from '../identity';
import { createGroup, getGroup } from './services/groups';
import { getImportReport, IMPORT_CHUNK, IMPORT_MAX_ROWS, importFinished, importMembers, listImports, readTable, readTableInBatches } from './services/import-members';
import { createInvite } from './services/invites';
import { actOnMember, joinGroup, listGroupMembers } from './services/roster';

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

async function setup(capacity = 100_000) {
  const t = await createTestTenant(base);
  const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'S' })).id;
  const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '导入群', purpose: '', rules: '', capacity, warnLimit: 3, leaderIds: [] });
  return { t, store, group };
}

async function allProblems(t: Awaited<ReturnType<typeof setup>>['t'], id: string) {
  const out: Array<{ rowNumber: number; outcome: string; reason: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await getImportReport(t.owner, id, { limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.rows.items);
    cursor = page.rows.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** An XLSX as the streaming writer stores it (worksheet before the shared strings), fast for large files. */
async function bigXlsx(header: string[], rows: number, row: (i: number) => Array<string | number>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('导入');
  ws.addRow(header).commit();
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('member import', () => {
  it('imports a 10,000-row XLSX file with 3% bad rows: each bad row named with its reason, the rest imported into the group', async () => {
    const { t, group } = await setup();
    const file = importRows(10_000, { phonePrefix: '1380', badEvery: 33, duplicateEvery: 500 });
    const started = await importMembers(t.owner, { file: await toXlsx(file.header, file.rows), format: 'xlsx', filename: 'buyers.xlsx', groupId: group.id });
    expect(started).toMatchObject({ status: 'running', totalRows: 10_000, groupName: '导入群' });
    await importFinished(started.id);
    const { import: done } = await getImportReport(t.owner, started.id, { limit: 1 });
    const expectedGood = 10_000 - file.bad.size - file.duplicates.size;
    expect(file.bad.size).toBeGreaterThanOrEqual(300);
    expect(done).toMatchObject({ status: 'done', processedRows: 10_000, createdRows: expectedGood, matchedRows: 0, joinedRows: expectedGood, failedRows: file.bad.size, duplicateRows: file.duplicates.size, error: null });

    const problems = await allProblems(t, started.id);
    expect(problems).toHaveLength(file.bad.size + file.duplicates.size);
    for (const p of problems) {
      if (p.outcome === 'failed') expect(p.reason).toContain(file.bad.get(p.rowNumber)!);
      else expect(p.reason).toBe(`same phone as row ${file.duplicates.get(p.rowNumber)}`);
    }
    expect(new Set(problems.filter((p) => p.outcome === 'failed').map((p) => p.rowNumber))).toEqual(new Set(file.bad.keys()));

    const g = await getGroup(t.owner, group.id);
    expect(g.counts.active).toBe(expectedGood);
    expect(g.sources.import).toBe(expectedGood);
    const roster = await listGroupMembers(t.owner, group.id, { limit: 1, source: 'import' });
    expect(roster.items[0]).toMatchObject({ source: 'import', rulesAcceptedAt: null, referrer: null });
    const [members] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from members where tenant_id = ${t.tenantId} and source = 'import'`);
    expect(Number(members!.n)).toBe(expectedGood);
    const created = await getImportReport(t.owner, started.id, { limit: 1, outcome: 'created' });
    expect(created.rows.items[0]).toMatchObject({ rowNumber: 2, channel: '天猫旗舰店', externalId: 'buyer_0', firstOrderAt: '2024-12-31T16:00:00.000Z', joined: true });
  }, 120_000);

  it('matches existing members by phone, refuses the banned and rows past capacity, and creates nobody it could not add', async () => {
    const { t, group } = await setup(4);
    const inv = await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, { publicBaseUrl: 'http://x', tenantSlug: 'x' });
    const existing = await ensureMember(t.sys, { phone: '13911110001', name: '', source: 'test' });
    const banned = await ensureMember(t.sys, { phone: '13911110002', name: '旧名', source: 'test' });
    const bannedCtx = { ...t.sys, actor: { type: 'member' as const, id: banned.id, name: '', role: 'member' as const } };
    await joinGroup(bannedCtx, { code: inv.code, acceptRules: true });
    await actOnMember(t.owner, group.id, banned.id, 'ban', 'spam');
    const inGroup = await newMember(t);
    await joinGroup(inGroup, { code: inv.code, acceptRules: true });
    const inGroupPhone = (await queryRows<{ phone: string }>(base.tx, sql`select phone from members where tenant_id = ${t.tenantId} and id = ${inGroup.actor.id}`))[0]!.phone;

    const csv = toCsv(['phone', 'name'], [
      ['13911110001', '补上的名字'],
      ['13911110002', '新名'],
      [inGroupPhone, ''],
      ['13911110003', '甲'],
      ['13911110004', '乙'],
      ['13911110005', '丙'],
    ]);
    const started = await importMembers(t.owner, { file: csv, format: 'csv', filename: 'x.csv', groupId: group.id });
    await importFinished(started.id);
    const report = await getImportReport(t.owner, started.id, { limit: 50, outcome: undefined });
    expect(report.import).toMatchObject({ status: 'done', createdRows: 2, matchedRows: 2, joinedRows: 3, failedRows: 2 });
    expect(report.rows.items.map((r) => [r.rowNumber, r.reason])).toEqual([
      [3, 'banned from this group'],
      [7, 'the group is full (4)'],
    ]);
    const [named] = await queryRows<{ name: string }>(base.tx, sql`select name from members where tenant_id = ${t.tenantId} and id = ${existing.id}`);
    expect(named!.name).toBe('补上的名字');
    const [kept] = await queryRows<{ name: string }>(base.tx, sql`select name from members where tenant_id = ${t.tenantId} and id = ${banned.id}`);
    expect(kept!.name).toBe('旧名');
    const [nobody] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from members where tenant_id = ${t.tenantId} and phone = '13911110005'`);
    expect(Number(nobody!.n)).toBe(0);
    expect((await getGroup(t.owner, group.id)).counts).toMatchObject({ active: 4, banned: 1 });
  });

  it('refuses hostile files without harm to the server: too many lines, or more memory than reading may use', async () => {
    const { t } = await setup();
    const lines = Buffer.from(`phone\n${'1\n'.repeat(250_000)}`);
    const started = Date.now();
    expect(await errorCode(importMembers(t.owner, { file: lines, format: 'csv', filename: 'bomb.csv' }))).toBe('community.import_too_large');
    expect(Date.now() - started).toBeLessThan(20_000);
    const file = importRows(20_000, { phonePrefix: '1391' });
    const xlsx = await toXlsx(file.header, file.rows);
    expect(await errorCode(readTable(xlsx, 'xlsx', { ms: 60_000, heapMb: 8 }))).toBe('community.import_too_large');
    expect(await errorCode(readTable(xlsx, 'xlsx', { ms: 1, heapMb: 512 }))).toBe('community.import_too_large');
    expect((await readTable(xlsx, 'xlsx')).length).toBe(20_001);
    // Read in batches, the rows leave the worker: the text they carry counts against its memory
    // limit instead (one long text in every row is one string in the worker, a copy per row outside).
    const long = await bigXlsx(['phone', 'name'], 2_000, (i) => [13_900_000_000 + i, '长'.repeat(20_000)]);
    let handed = 0;
    expect(await errorCode(readTableInBatches(long, 'xlsx', 100, (rows) => (handed += rows.length), { ms: 60_000, heapMb: 16 }))).toBe('community.import_too_large');
    expect(handed).toBeLessThan(1_000);
    handed = 0;
    await readTableInBatches(long, 'xlsx', 100, (rows) => (handed += rows.length), { ms: 60_000, heapMb: 128 });
    expect(handed).toBe(2_001);
  }, 120_000);

  it('reads GB18030 CSV as Excel in China saves it; refuses a file without a phone column; keeps imports to the scope', async () => {
    const { t, group, store } = await setup();
    const gbk = Buffer.from([...Buffer.from('phone,'), 0xd0, 0xd5, 0xc3, 0xfb, ...Buffer.from('\r\n13922220001,'), 0xd5, 0xc5, 0xc8, 0xfd]); // 姓名 / 张三 in GB18030
    const started = await importMembers(t.owner, { file: gbk, format: 'csv', filename: 'gbk.csv' });
    await importFinished(started.id);
    const created = await getImportReport(t.owner, started.id, { limit: 5, outcome: 'created' });
    expect(created.rows.items[0]).toMatchObject({ phone: '13922220001', name: '张三', joined: false });
    expect(await errorCode(importMembers(t.owner, { file: toCsv(['姓名'], [['张三']]), format: 'csv', filename: '' }))).toBe('community.import_no_phone_column');
    expect(await errorCode(importMembers(t.owner, { file: Buffer.from('not a zip'), format: 'xlsx', filename: '' }))).toBe('community.import_unreadable');
    const other = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'Other' });
    const op = await createTestUser(t, 'operator', [other.id]);
    expect(await errorCode(importMembers(op.ctx, { file: toCsv(['phone'], [['13922220002']]), format: 'csv', filename: '', groupId: group.id }))).toBe('common.not_found');
    const leader = await createTestUser(t, 'leader', [store]);
    expect(await errorCode(importMembers(leader.ctx, { file: toCsv(['phone'], [['13922220002']]), format: 'csv', filename: '' }))).toBe('common.forbidden');
    expect(await errorCode(getImportReport(op.ctx, started.id, { limit: 5 }))).toBe('common.not_found');
    expect((await listImports(op.ctx, { limit: 10 })).items).toEqual([]);
    expect((await listImports(t.owner, { limit: 10 })).items.map((i) => i.id)).toContain(started.id);
  });

  it('imports files of exactly one chunk and of one chunk and a row (reading can end while the first chunk is being written)', async () => {
    for (const rows of [IMPORT_CHUNK, IMPORT_CHUNK + 1]) {
      const { t, group } = await setup();
      const xlsx = await bigXlsx(['phone', 'name'], rows, (i) => [13_600_000_000 + i, `整块${i}`]);
      const started = await importMembers(t.owner, { file: xlsx, format: 'xlsx', filename: `chunk-${rows}.xlsx`, groupId: group.id });
      expect(started.totalRows).toBe(rows);
      await importFinished(started.id);
      const { import: done } = await getImportReport(t.owner, started.id, { limit: 1 });
      expect(done).toMatchObject({ status: 'done', totalRows: rows, processedRows: rows, createdRows: rows, joinedRows: rows, failedRows: 0 });
      const [imports] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from member_imports where tenant_id = ${t.tenantId}`);
      expect(imports!.n).toBe(1);
    }
  }, 120_000);

  it('refuses a file found too large only after rows were judged and written: nothing of it stays', async () => {
    const { t, group } = await setup();
    // One row more than allowed: the refusal comes at the end of reading, long after the first chunks were written.
    const xlsx = await bigXlsx(['phone'], IMPORT_MAX_ROWS + 1, (i) => [13_700_000_000 + i]);
    expect(await errorCode(importMembers(t.owner, { file: xlsx, format: 'xlsx', filename: 'too-big.xlsx', groupId: group.id }))).toBe('community.import_too_large');
    const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(base.tx, q))[0]!.n);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${t.tenantId}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from group_members where tenant_id = ${t.tenantId}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from member_imports where tenant_id = ${t.tenantId}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from member_import_rows where tenant_id = ${t.tenantId}`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from audit_log where tenant_id = ${t.tenantId} and action like 'member_import.%'`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from outbox_events where tenant_id = ${t.tenantId} and type in ('members.registered', 'group.members_joined')`)).toBe(0);
  }, 180_000);

  it('fills a group chunk after chunk in file order: members who left come back, the rows past capacity are refused and nobody is registered for them', async () => {
    // 8 chunks. Chunk 7 starts with 20 members who left the group; counting only its new phones
    // the group has room for the whole chunk, but with those 20 back the last 10 rows do not fit.
    const rows = 8 * IMPORT_CHUNK;
    const capacity = 6 * IMPORT_CHUNK + IMPORT_CHUNK - 10;
    const { t, group } = await setup(capacity);
    const leftPhone = (k: number) => `1379000${String(k).padStart(4, '0')}`;
    const left: string[] = [];
    for (let k = 0; k < 20; k++) {
      const m = await ensureMember(t.sys, { phone: leftPhone(k), name: '', source: 'test' });
      left.push(m.id);
    }
    await queryRows(base.tx, sql`insert into group_members (tenant_id, group_id, member_id, status, source, status_reason) select ${t.tenantId}, ${group.id}, id, 'left', 'official', '' from unnest(${sql.param(left)}::text[]) as u(id)`);
    const firstOfChunk7 = 6 * IMPORT_CHUNK;
    const phoneOf = (i: number) => (i >= firstOfChunk7 && i < firstOfChunk7 + 20 ? leftPhone(i - firstOfChunk7) : `1370${String(i).padStart(7, '0')}`);
    const xlsx = await bigXlsx(['手机号', '姓名'], rows, (i) => [phoneOf(i), `顾客${i}`]);
    const started = await importMembers(t.owner, { file: xlsx, format: 'xlsx', filename: 'fill.xlsx', groupId: group.id });
    await importFinished(started.id);

    const full = 10 + IMPORT_CHUNK;
    const { import: done } = await getImportReport(t.owner, started.id, { limit: 1 });
    expect(done).toMatchObject({ status: 'done', processedRows: rows, createdRows: capacity - 20, matchedRows: 20, joinedRows: capacity, failedRows: full, duplicateRows: 0, error: null });
    const problems = await allProblems(t, started.id);
    const firstRefused = firstOfChunk7 + IMPORT_CHUNK - 10;
    expect(problems.map((p) => p.rowNumber)).toEqual(Array.from({ length: full }, (_, k) => firstRefused + k + 2));
    expect(new Set(problems.map((p) => p.reason))).toEqual(new Set([`the group is full (${capacity})`]));

    const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(base.tx, q))[0]!.n);
    const refusedPhones = Array.from({ length: full }, (_, k) => phoneOf(firstRefused + k));
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${t.tenantId} and phone = any(${sql.param(refusedPhones)}::text[])`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from members where tenant_id = ${t.tenantId} and source = 'import'`)).toBe(capacity - 20);
    expect(await count(sql`select count(*)::int as n from group_members where tenant_id = ${t.tenantId} and group_id = ${group.id} and status = 'active'`)).toBe(capacity);
    expect(await count(sql`select count(*)::int as n from group_members where tenant_id = ${t.tenantId} and group_id = ${group.id} and status = 'active' and source = 'import' and member_id = any(${sql.param(left)}::text[])`)).toBe(20);
    // The report has a line per row, matching the counters; the members who came back are matched and joined.
    const lines = await queryRows<{ outcome: string; joined: number; n: number }>(base.tx, sql`select outcome, joined, count(*)::int as n from member_import_rows where tenant_id = ${t.tenantId} and import_id = ${started.id} group by 1, 2 order by 1, 2`);
    expect(lines.map((l) => [l.outcome, l.joined, Number(l.n)])).toEqual([
      ['created', 1, capacity - 20],
      ['failed', 0, full],
      ['matched', 1, 20],
    ]);
    // The events name exactly the members registered and the members who joined.
    expect(await count(sql`select coalesce(sum(jsonb_array_length(payload->'members')), 0)::int as n from outbox_events where tenant_id = ${t.tenantId} and type = 'members.registered'`)).toBe(capacity - 20);
    expect(await count(sql`select coalesce(sum(jsonb_array_length(payload->'memberIds')), 0)::int as n from outbox_events where tenant_id = ${t.tenantId} and type = 'group.members_joined'`)).toBe(capacity);
  }, 180_000);
});
