import { Worker } from 'node:worker_threads';
import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { concurrentTransactions, insertUnnest } from '../../../platform/db';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { ensureMembersBulk, getUsersBasic, memberIdsByPhone } from '../../identity';
import { groupMembers, groups, memberImportRows, memberImports, type ImportRowOutcome } from '../community.schema';
import { CommunityErrors } from '../community.errors';
import { groupForStaff } from './access';
import { groupNames } from './groups';
import { LEFT_WHILE_MUTED, membersInGroup } from './roster';
import { judgeRows, mapHeader, rowJudge, type Cell, type ImportRow, type RowVerdict } from './import-parse';

export const IMPORT_MAX_ROWS = 200_000;
export const IMPORT_CHUNK = 5_000;
const STALE_MS = 5 * 60_000;
const IMPORT_ENTITY = { zh: '导入任务', en: 'Import' };

type ImportRecord = typeof memberImports.$inferSelect;
export interface ImportSummary {
  id: string;
  groupId: string | null;
  groupName: string | null;
  filename: string;
  format: 'csv' | 'xlsx';
  status: 'running' | 'done' | 'failed';
  totalRows: number;
  processedRows: number;
  createdRows: number;
  matchedRows: number;
  joinedRows: number;
  duplicateRows: number;
  failedRows: number;
  error: string | null;
  createdBy: string;
  createdByName: string;
  createdAt: string;
  finishedAt: string | null;
}

/** How long and how much memory reading one file may take before it is refused. */
const READ_LIMITS = { ms: 120_000, heapMb: 768 };

type TableRow = { rowNumber: number; cells: Cell[] };
type ReadMessage = { ok: true; rows: TableRow[]; done: boolean } | { ok: false; tooLarge: boolean; message: string };

/**
 * Reads the first worksheet of an XLSX file, or a CSV file (UTF-8, or GB18030 as Excel in China
 * saves it), into rows of cells — in a worker thread with a memory limit and a time limit, so that
 * a hostile file (a zip bomb, millions of empty lines) is refused without touching the server.
 */
export async function readTable(file: Buffer, format: 'csv' | 'xlsx', limits = READ_LIMITS): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  await readTableInBatches(file, format, 0, (batch) => rows.push(...batch), limits);
  return rows;
}

/**
 * `readTable` handing the rows over `batch` at a time as they are read (all at once when 0), so
 * that they can be judged and written while the rest of the file is read. Resolves when the whole
 * file was read; rejects, as `readTable` does, when it cannot be — after some batches were handed over.
 */
export async function readTableInBatches(file: Buffer, format: 'csv' | 'xlsx', batch: number, onRows: (rows: TableRow[]) => void, limits = READ_LIMITS): Promise<void> {
  const result = await new Promise<{ ok: true } | { ok: false; tooLarge: boolean; message: string }>((resolve, reject) => {
    const worker = new Worker(new URL('./import-read.worker.mjs', import.meta.url), {
      workerData: { file, format, maxRows: IMPORT_MAX_ROWS, batch, maxChars: (limits.heapMb * 2 ** 20) / 2 },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.min(64, limits.heapMb) },
    });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => resolve({ ok: false, tooLarge: true, message: 'took too long' })), limits.ms);
    worker.on('message', (m: ReadMessage) => {
      if (settled) return;
      if (!m.ok) return settle(() => resolve(m));
      try {
        onRows(m.rows);
      } catch (e) {
        return settle(() => reject(e));
      }
      if (m.done) settle(() => resolve({ ok: true }));
    });
    worker.once('error', (e: Error & { code?: string }) => settle(() => resolve({ ok: false, tooLarge: e.code === 'ERR_WORKER_OUT_OF_MEMORY', message: e.message })));
  });
  if (result.ok) return;
  if (result.tooLarge) throw new AppError(CommunityErrors.import_too_large, { params: { max: IMPORT_MAX_ROWS } });
  throw new AppError(CommunityErrors.import_unreadable, { params: { format } });
}

async function summaries(ctx: Ctx, rows: ImportRecord[]): Promise<ImportSummary[]> {
  const ids = [...new Set(rows.map((r) => r.groupId).filter((x): x is string => !!x))];
  const names = await groupNames(ctx, ids);
  const staff = await getUsersBasic(ctx, rows.map((r) => r.createdBy));
  return rows.map((r) => {
    const stale = r.status === 'running' && Date.now() - r.updatedAt.getTime() > STALE_MS;
    return {
      id: r.id,
      groupId: r.groupId,
      groupName: r.groupId ? (names.get(r.groupId) ?? '') : null,
      filename: r.filename,
      format: r.format,
      status: stale ? 'failed' : r.status,
      totalRows: r.totalRows,
      processedRows: r.processedRows,
      createdRows: r.createdRows,
      matchedRows: r.matchedRows,
      joinedRows: r.joinedRows,
      duplicateRows: r.duplicateRows,
      failedRows: r.failedRows,
      error: stale ? 'interrupted: the import stopped before it finished (the rows counted as processed are imported)' : r.error,
      createdBy: r.createdBy,
      createdByName: staff.get(r.createdBy)?.name ?? '',
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  });
}

const running = new Map<string, Promise<void>>();

/** Resolves when an import started by this process has finished (tests, the bench, the CLI). */
export async function importFinished(id: string): Promise<void> {
  await running.get(id);
}

/** Rows the reading worker hands over at a time. */
const READ_BATCH = 1_000;

/**
 * Starts importing members from a file, optionally into a group (source `import`). The file is read
 * and every row judged before this returns; the rows are then written in chunks in the background,
 * each chunk one transaction, so a row is imported whole or not at all. Poll `getImportReport`.
 *
 * While the file is still being read, the chunks already judged are written in one transaction that
 * commits only once the whole file was read: a file refused (unreadable, too many rows, no phone
 * column) rolls it back, so a refused file changes nothing.
 */
export async function importMembers(ctx: Ctx, input: { file: Buffer; format: 'csv' | 'xlsx'; filename: string; groupId?: string | undefined }): Promise<ImportSummary> {
  requireRole(ctx, 'owner', 'operator', 'system');
  if (input.groupId) await groupForStaff(ctx, input.groupId);
  const id = newId('memberImport');
  const groupId = input.groupId ?? null;
  const started: ImportStart = {
    record: (ctx, rows) => ctx.tx.insert(memberImports).values({ tenantId: ctx.tenantId, id, groupId, filename: input.filename, format: input.format, totalRows: rows, createdBy: ctx.actor.id }).returning(),
    audit: (ctx, rows) => audit(ctx, { action: 'member_import.started', entityType: 'member_import', entityId: id, data: { filename: input.filename, groupId, rows } }),
  };
  const start = (ctx: Ctx, rows: number) =>
    inTransaction(ctx, async (ctx) => {
      await started.audit(ctx, rows);
      return started.record(ctx, rows);
    });
  if (ctx.inTx) {
    // Inside the caller's transaction (the demo seed): read the whole file, then write every chunk there, before returning.
    const verdicts = judgeTable(await readTable(input.file, input.format));
    await start(ctx, verdicts.length);
    await runImport(ctx, id, groupId, verdicts);
    const [done] = await ctx.tx.select().from(memberImports).where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)));
    return (await summaries(ctx, [done!]))[0]!;
  }
  const file = readAndJudge(input.file, input.format);
  let roster: RosterSeen = {};
  // Rows written while the file was read, in a transaction that also wrote the import's record; null
  // when no such transaction committed (the file ended before a whole chunk was judged, or it failed).
  let written: number | null = null;
  try {
    written = await writeWhileReading(ctx, id, groupId, file, started, roster);
  } catch {
    roster = {};
    // A refused file rolled back what was written while it was read: refuse it (next line). Anything
    // else (the database) rolled it back too: start over once the file is read, as if nothing was written.
    await file.done;
  }
  await file.done;
  let record: ImportRecord | undefined;
  if (written === null) [record] = await start(ctx, file.verdicts.length);
  else [record] = await ctx.tx.select().from(memberImports).where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)));
  const job = runImport({ ...ctx, tx: ctx.db, inTx: false }, id, groupId, file.verdicts, written ?? 0, roster).finally(() => running.delete(id));
  running.set(id, job);
  return (await summaries(ctx, [record!]))[0]!;
}

/** How an import's record and its `started` audit row are written, given the file's row count. */
interface ImportStart {
  record(ctx: Ctx, rows: number): Promise<ImportRecord[]>;
  audit(ctx: Ctx, rows: number): Promise<void>;
}

/** The whole table judged: its first row is the header; refused when there is no phone column. */
function judgeTable(table: TableRow[]): RowVerdict[] {
  const header = table.shift();
  const columns = header ? mapHeader(header.cells) : null;
  if (!columns) throw new AppError(CommunityErrors.import_no_phone_column);
  return judgeRows(table, columns);
}

interface JudgedFile {
  /** The verdicts so far, in file order; all of them once `finished`. */
  verdicts: RowVerdict[];
  /** Reading has ended, read whole or refused. */
  ended: boolean;
  /** Read whole and judged. */
  finished: boolean;
  /** Resolves when the whole file is read and judged; rejects with the reason the file is refused. */
  done: Promise<void>;
  /** Resolves when more verdicts arrive or reading ends. */
  next(): Promise<void>;
}

/** Reads a file in a worker and judges its rows as they arrive: `judgeTable`, batch by batch. */
function readAndJudge(buffer: Buffer, format: 'csv' | 'xlsx'): JudgedFile {
  let judge: ReturnType<typeof rowJudge> | null = null;
  let noPhoneColumn = false;
  let wake = () => {};
  const file: JudgedFile = {
    verdicts: [],
    ended: false,
    finished: false,
    done: Promise.resolve(),
    next: () => new Promise<void>((resolve) => (wake = resolve)),
  };
  file.done = readTableInBatches(buffer, format, READ_BATCH, (rows) => {
    let from = 0;
    if (!judge && !noPhoneColumn) {
      // The header. Without a phone column the rest is still read, to refuse the file as reading it whole would.
      const columns = rows[0] ? mapHeader(rows[0].cells) : null;
      if (columns) judge = rowJudge(columns);
      else noPhoneColumn = true;
      from = 1;
    }
    if (judge) judge(from ? rows.slice(from) : rows, file.verdicts);
    wake();
  })
    .then(() => {
      if (!judge) throw new AppError(CommunityErrors.import_no_phone_column);
      file.finished = true;
    })
    .finally(() => {
      file.ended = true;
      wake();
    });
  file.done.catch(() => undefined);
  return file;
}

/**
 * Writes the chunks judged while the file is still being read, all in one transaction that commits
 * only when the whole file was read (a refused file rolls it back, so it changes nothing). Starts
 * once a whole chunk is judged and stops after the chunk in flight when reading ends; the rest is
 * `runImport`'s. Returns the rows written (a multiple of the chunk, possibly 0: reading can end
 * while the transaction starts), or null when it wrote nothing, not even the import's record.
 */
async function writeWhileReading(ctx: Ctx, id: string, groupId: string | null, file: JudgedFile, started: ImportStart, roster: RosterSeen): Promise<number | null> {
  while (!file.ended && file.verdicts.length < IMPORT_CHUNK) await file.next();
  if (file.ended) return null;
  let written = 0;
  await inTransaction(ctx, async (ctx) => {
    await started.record(ctx, 0);
    while (!file.ended) {
      if (file.verdicts.length - written >= IMPORT_CHUNK) {
        await importChunk(ctx, id, groupId, file.verdicts.slice(written, written + IMPORT_CHUNK), roster);
        written += IMPORT_CHUNK;
      } else await file.next();
    }
    await file.done;
    await ctx.tx.update(memberImports).set({ totalRows: file.verdicts.length }).where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)));
    await started.audit(ctx, file.verdicts.length);
  });
  return written;
}

/**
 * Writes the chunks from row `from` of the verdicts (a multiple of the chunk), then marks the import
 * done. On a server pool two chunks are in flight: the next one registers its new members while the
 * one before it, its own members registered, writes the rest (see `importChunk`); they still take
 * the group and commit one after the other, in file order.
 */
async function runImport(ctx: Ctx, id: string, groupId: string | null, verdicts: RowVerdict[], from = 0, roster: RosterSeen = {}): Promise<void> {
  try {
    const overlap = !!groupId && !ctx.inTx && concurrentTransactions(ctx.db);
    let previous: ChunkInFlight | undefined;
    for (let i = from; i < verdicts.length; i += IMPORT_CHUNK) {
      const chunk = verdicts.slice(i, i + IMPORT_CHUNK);
      if (!overlap) {
        await importChunk(ctx, id, groupId, chunk, roster);
        continue;
      }
      let registered = () => {};
      const current: ChunkInFlight = { registered: new Promise<void>((resolve) => (registered = resolve)), done: Promise.resolve() };
      current.done = importChunk(ctx, id, groupId, chunk, roster, previous, registered).finally(registered);
      current.done.catch(() => undefined); // awaited below, or moot once the chunk before it failed
      if (previous) await previous.done;
      previous = current;
    }
    await previous?.done;
    await inTransaction(ctx, async (ctx) => {
      const [done] = await ctx.tx.update(memberImports).set({ status: 'done', finishedAt: new Date(), updatedAt: new Date() }).where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id))).returning();
      await audit(ctx, { action: 'member_import.finished', entityType: 'member_import', entityId: id, data: { created: done!.createdRows, matched: done!.matchedRows, joined: done!.joinedRows, duplicates: done!.duplicateRows, failed: done!.failedRows } });
    });
  } catch (e) {
    if (ctx.inTx) throw e;
    const message = e instanceof Error ? e.message.slice(0, 500) : String(e);
    await ctx.db
      .update(memberImports)
      .set({ status: 'failed', error: message, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)))
      .catch(() => undefined);
  }
}

/** A chunk being written: `registered` once it has registered its members (it touches members no more), `done` once it committed. */
interface ChunkInFlight {
  registered: Promise<void>;
  done: Promise<void>;
}

/** The group as the last chunk that held it saw it: its members then (joins included), capacity and status. */
interface RosterSeen {
  inGroup?: number;
  capacity?: number;
  archived?: boolean;
}

interface RowResult {
  rowNumber: number;
  outcome: ImportRowOutcome;
  reason: string;
  memberId: string | null;
  joined: boolean;
  row: Partial<ImportRow>;
}

/**
 * One chunk in one transaction: decide who can join, register members, join them, write the report
 * rows. With `after` (the chunk before it, in flight on another connection) it first waits until
 * that chunk has registered its members, then — when the group as that chunk left it has room for
 * every new phone here — registers the new phones before taking the group, while that chunk writes
 * the rest; it takes the group once that chunk has committed (and fails if it did not). Should a row
 * registered early be refused after all (the group filled up or was archived meanwhile), that is
 * rolled back to a savepoint and only the accepted rows are registered, as without `after`.
 */
async function importChunk(ctx: Ctx, id: string, groupId: string | null, chunk: RowVerdict[], seen: RosterSeen, after?: ChunkInFlight, registered?: () => void): Promise<void> {
  await inTransaction(ctx, async (ctx) => {
    const valid = chunk.filter((v): v is Extract<RowVerdict, { kind: 'valid' }> => v.kind === 'valid').map((v) => v.row);
    const phones = valid.map((r) => r.phone);
    const known = await memberIdsByPhone(ctx, phones);
    let early: { rows: ImportRow[]; members: Map<string, { id: string; created: boolean }> } | null = null;
    if (after) {
      await after.registered;
      const fresh = valid.filter((r) => !known.has(r.phone));
      if (fresh.length && seen.inGroup !== undefined && !seen.archived && seen.inGroup + fresh.length <= seen.capacity!) {
        await ctx.tx.execute(sql`savepoint import_early`);
        early = { rows: fresh, members: await ensureMembersBulk(ctx, fresh.map((r) => ({ phone: r.phone, name: r.name })), 'import') };
      }
      await after.done;
    }
    const refused = new Map<number, string>();
    const joins = new Set<number>();
    if (groupId) {
      const [group] = await ctx.tx.select().from(groups).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, groupId))).for('update');
      const roster = new Map<string, string>();
      const ids = [...known.values()];
      if (ids.length) {
        const rows = await ctx.tx.select({ memberId: groupMembers.memberId, status: groupMembers.status }).from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), sql`${groupMembers.memberId} = any(${sql.param(ids)}::text[])`));
        for (const r of rows) roster.set(r.memberId, r.status);
      }
      let inGroup = await membersInGroup(ctx, groupId);
      for (const r of valid) {
        const status = known.has(r.phone) ? roster.get(known.get(r.phone)!) : undefined;
        if (status === 'banned') refused.set(r.rowNumber, 'banned from this group');
        else if (status === 'active' || status === 'muted') continue;
        else if (group!.status === 'archived') refused.set(r.rowNumber, 'the group is archived');
        else if (inGroup >= group!.capacity) refused.set(r.rowNumber, `the group is full (${group!.capacity})`);
        else {
          joins.add(r.rowNumber);
          inGroup++;
        }
      }
      seen.inGroup = inGroup;
      seen.capacity = group!.capacity;
      seen.archived = group!.status === 'archived';
    }
    const accepted = valid.filter((r) => !refused.has(r.rowNumber));
    if (early && early.rows.some((r) => refused.has(r.rowNumber))) {
      await ctx.tx.execute(sql`rollback to savepoint import_early`);
      early = null;
    }
    let members: Map<string, { id: string; created: boolean }>;
    if (early) {
      // The new phones are registered; the known ones are matched (and named) as the accepted rows.
      members = early.members;
      const matched = await ensureMembersBulk(ctx, accepted.filter((r) => known.has(r.phone)).map((r) => ({ phone: r.phone, name: r.name })), 'import');
      for (const [phone, m] of matched) members.set(phone, m);
    } else members = await ensureMembersBulk(ctx, accepted.map((r) => ({ phone: r.phone, name: r.name })), 'import');
    registered?.();
    const now = new Date();
    const joining = accepted.filter((r) => joins.has(r.rowNumber));
    if (groupId && joining.length) {
      const roster = (rows: ImportRow[], conflict?: SQL) =>
        insertUnnest(
          ctx.tx,
          'group_members',
          [
            { name: 'tenant_id', type: 'text', values: rows.map(() => ctx.tenantId) },
            { name: 'group_id', type: 'text', values: rows.map(() => groupId) },
            { name: 'member_id', type: 'text', values: rows.map((r) => members.get(r.phone)!.id) },
            { name: 'status', type: 'text', values: rows.map(() => 'active') },
            { name: 'source', type: 'text', values: rows.map(() => 'import') },
            { name: 'joined_at', type: 'timestamptz', values: rows.map(() => now) },
          ],
          conflict,
        );
      // Members registered just now have no roster row anywhere: a plain insert, cheaper for the
      // server than one that must look for a conflict. Those who left or were removed come back
      // (their row is reset); someone who left while muted comes back muted (leaving does not lift a mute).
      await roster(joining.filter((r) => members.get(r.phone)!.created));
      await roster(
        joining.filter((r) => !members.get(r.phone)!.created),
        sql`on conflict (tenant_id, group_id, member_id) do update set
          status = case when group_members.status_reason = ${LEFT_WHILE_MUTED} then 'muted' else 'active' end,
          warnings = case when group_members.status_reason = ${LEFT_WHILE_MUTED} then group_members.warnings else 0 end,
          status_reason = case when group_members.status_reason = ${LEFT_WHILE_MUTED} then group_members.status_reason else '' end,
          source = 'import', event_name = '', referrer_type = null, referrer_id = null, invite_id = null, joined_at = excluded.joined_at, rules_accepted_at = null,
          status_changed_by = null, status_changed_at = null`,
      );
      await emit(ctx, 'group.members_joined', { groupId, source: 'import', importId: id, memberIds: joining.map((r) => members.get(r.phone)!.id), rejoinedIds: joining.filter((r) => known.has(r.phone)).map((r) => members.get(r.phone)!.id) });
    }
    const results: RowResult[] = chunk.map((v) => {
      if (v.kind === 'invalid') return { rowNumber: v.rowNumber, outcome: 'failed', reason: v.reason, memberId: null, joined: false, row: { phone: v.raw.phone ?? '', name: v.raw.name ?? '', channel: v.raw.channel ?? '', externalId: v.raw.externalId ?? '' } };
      if (v.kind === 'duplicate') return { rowNumber: v.row.rowNumber, outcome: 'duplicate', reason: `same phone as row ${v.firstRow}`, memberId: null, joined: false, row: v.row };
      const reason = refused.get(v.row.rowNumber);
      if (reason) return { rowNumber: v.row.rowNumber, outcome: 'failed', reason, memberId: known.get(v.row.phone) ?? null, joined: false, row: v.row };
      const m = members.get(v.row.phone)!;
      return { rowNumber: v.row.rowNumber, outcome: m.created ? 'created' : 'matched', reason: '', memberId: m.id, joined: joins.has(v.row.rowNumber), row: v.row };
    });
    const t = ctx.tenantId;
    await insertUnnest(ctx.tx, 'member_import_rows', [
      { name: 'tenant_id', type: 'text', values: results.map(() => t) },
      { name: 'import_id', type: 'text', values: results.map(() => id) },
      { name: 'row_number', type: 'int', values: results.map((r) => r.rowNumber) },
      { name: 'outcome', type: 'text', values: results.map((r) => r.outcome) },
      { name: 'reason', type: 'text', values: results.map((r) => r.reason.slice(0, 300)) },
      { name: 'member_id', type: 'text', values: results.map((r) => r.memberId) },
      { name: 'joined', type: 'int', values: results.map((r) => (r.joined ? 1 : 0)) },
      { name: 'phone', type: 'text', values: results.map((r) => (r.row.phone ?? '').slice(0, 40)) },
      { name: 'name', type: 'text', values: results.map((r) => (r.row.name ?? '').slice(0, 60)) },
      { name: 'channel', type: 'text', values: results.map((r) => (r.row.channel ?? '').slice(0, 40)) },
      { name: 'external_id', type: 'text', values: results.map((r) => (r.row.externalId ?? '').slice(0, 64)) },
      { name: 'first_order_at', type: 'timestamptz', values: results.map((r) => r.row.firstOrderAt ?? null) },
      { name: 'last_order_at', type: 'timestamptz', values: results.map((r) => r.row.lastOrderAt ?? null) },
    ]);
    const n = (o: ImportRowOutcome) => results.filter((r) => r.outcome === o).length;
    await ctx.tx
      .update(memberImports)
      .set({
        processedRows: sql`${memberImports.processedRows} + ${results.length}`,
        createdRows: sql`${memberImports.createdRows} + ${n('created')}`,
        matchedRows: sql`${memberImports.matchedRows} + ${n('matched')}`,
        joinedRows: sql`${memberImports.joinedRows} + ${results.filter((r) => r.joined).length}`,
        duplicateRows: sql`${memberImports.duplicateRows} + ${n('duplicate')}`,
        failedRows: sql`${memberImports.failedRows} + ${n('failed')}`,
        updatedAt: new Date(),
      })
      .where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)));
  });
}

async function importFor(ctx: Ctx, id: string): Promise<ImportRecord> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const [row] = await ctx.tx.select().from(memberImports).where(and(eq(memberImports.tenantId, ctx.tenantId), eq(memberImports.id, id)));
  if (!row) throw notFound(IMPORT_ENTITY);
  // Scoped staff see their own imports and imports into groups they see; a tenant-wide import is the owners'.
  const a = ctx.actor;
  if ((a.type === 'user' || a.type === 'token') && !a.scope.all && row.createdBy !== a.id) {
    if (!row.groupId) throw notFound(IMPORT_ENTITY);
    await groupForStaff(ctx, row.groupId).catch(() => Promise.reject(notFound(IMPORT_ENTITY)));
  }
  return row;
}

/**
 * An import's progress and report: the counters, and its rows by outcome (failed and duplicate
 * rows by default), in file order, each with its row number and reason.
 */
export async function getImportReport(ctx: Ctx, id: string, q: { limit: number; cursor?: string | undefined; outcome?: ImportRowOutcome | 'problems' | undefined }) {
  const record = await importFor(ctx, id);
  const conds = [eq(memberImportRows.tenantId, ctx.tenantId), eq(memberImportRows.importId, id)];
  const outcome = q.outcome ?? 'problems';
  if (outcome === 'problems') conds.push(sql`${memberImportRows.outcome} in ('failed','duplicate')`);
  else conds.push(eq(memberImportRows.outcome, outcome));
  if (q.cursor) conds.push(gt(memberImportRows.rowNumber, Number(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(memberImportRows).where(and(...conds)).orderBy(asc(memberImportRows.rowNumber)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.rowNumber]);
  return {
    import: (await summaries(ctx, [record]))[0]!,
    rows: {
      items: page.items.map((r) => ({ rowNumber: r.rowNumber, outcome: r.outcome, reason: r.reason, memberId: r.memberId, joined: r.joined === 1, phone: r.phone, name: r.name, channel: r.channel, externalId: r.externalId, firstOrderAt: r.firstOrderAt?.toISOString() ?? null, lastOrderAt: r.lastOrderAt?.toISOString() ?? null })),
      nextCursor: page.nextCursor,
    },
  };
}

/** Imports, newest first. */
export async function listImports(ctx: Ctx, q: { limit: number; cursor?: string | undefined; groupId?: string | undefined }): Promise<Page<ImportSummary>> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const conds = [eq(memberImports.tenantId, ctx.tenantId)];
  const a = ctx.actor;
  if ((a.type === 'user' || a.type === 'token') && !a.scope.all) conds.push(eq(memberImports.createdBy, a.id));
  if (q.groupId) conds.push(eq(memberImports.groupId, q.groupId));
  if (q.cursor) conds.push(lt(memberImports.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(memberImports).where(and(...conds)).orderBy(desc(memberImports.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await summaries(ctx, page.items), nextCursor: page.nextCursor };
}
