import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { DrizzleQueryError, Param, Placeholder, SQL, sql, StringChunk } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

/** The Drizzle handle both drivers share. Application code sees only this. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A database handle or an open transaction: what `ctx.tx` holds. */
export type Tx = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'execute' | 'transaction' | '$count'>;

export interface Database {
  kind: 'pglite' | 'pg';
  db: Db;
  /** The embedded instance, when kind is pglite (tests dump and clone it). */
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface OpenOptions {
  /** A PostgreSQL server URL; when unset the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; created when missing. Omit for an in-memory database. */
  dataDir?: string | undefined;
  /** A PGlite data dump to start from (tests clone one migrated database). */
  loadDataDir?: Blob | File | undefined;
  poolSize?: number;
}

/** Opens PGlite (default) or a `pg` pool when a URL is given. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    // JIT compiles expressions for long queries; Tuan's queries are short or index-driven, and the
    // compile time (40–180 ms measured in segment counts) costs more than it saves.
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, options: '-c jit=off' });
    // Pool errors on idle clients (a server restart) must not crash the process.
    pool.on('error', () => {});
    const db = drizzlePg(pool, { casing: 'snake_case' }) as unknown as Db;
    return { kind: 'pg', db, pool, close: () => pool.end() };
  }
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir });
  const db = drizzlePglite(pglite, { casing: 'snake_case' }) as unknown as Db;
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}

const MIGRATION_LOCK = 7_415_001;

/** Applies the committed migrations. On a server, an advisory lock lets several processes start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client) as never, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** Runs raw SQL and returns its rows (both drivers answer with `{ rows }`). */
export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const session = (tx as unknown as { session?: unknown }).session;
  const plain = session instanceof NodePgSession ? renderPlain(query) : null;
  if (plain) {
    // On a server, a statement made only of text and values goes straight to `pg`, as Drizzle would
    // send it (the same text, values and type parsers; errors wrapped the same way), without
    // Drizzle's renderer and per-statement objects (measured: a tenth of the checkout's CPU).
    const client = (session as unknown as { client: pg.Pool | pg.PoolClient }).client;
    try {
      return (await client.query<T & pg.QueryResultRow>({ text: plain.text, types: RAW_TYPES }, plain.values)).rows;
    } catch (e) {
      throw new DrizzleQueryError(plain.text, plain.values as unknown[], e as Error);
    }
  }
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Type parsers for raw statements, as Drizzle's node-postgres driver sets them for `execute`: the
 * types it lists (timestamps with and without zone, dates, intervals, and the arrays numeric[],
 * timestamp[], timestamptz[], interval[] and date[]) stay text; everything else as `pg` parses it.
 */
const RAW_AS_TEXT = new Set<number>([pg.types.builtins.TIMESTAMPTZ, pg.types.builtins.TIMESTAMP, pg.types.builtins.DATE, pg.types.builtins.INTERVAL, 1231, 1115, 1185, 1187, 1182]);
const asText = (v: string) => v;
const RAW_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (RAW_AS_TEXT.has(oid) ? asText : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

/**
 * A statement's text (`$1`, `$2`, … for its values) when it is made only of the plain pieces Tuan's raw
 * statements are built from — text (`sql.raw`), nested `sql`, `sql.param` and interpolated values
 * (strings, numbers, booleans, bigints, dates, buffers, null) — rendered as Drizzle renders them for
 * PostgreSQL. Null for anything else (a column, a table, an identifier, a placeholder, a list, a
 * value that maps to SQL): Drizzle renders those itself.
 */
export function renderPlain(query: SQL): { text: string; values: unknown[] } | null {
  const parts: string[] = [];
  const values: unknown[] = [];
  const walk = (chunks: unknown[]): boolean => {
    for (const chunk of chunks) {
      if (chunk instanceof StringChunk) {
        for (const text of chunk.value) parts.push(text);
      } else if (chunk instanceof SQL) {
        if (chunk.constructor !== SQL || (chunk as unknown as { shouldInlineParams: boolean }).shouldInlineParams || !walk(chunk.queryChunks)) return false;
      } else if (chunk instanceof Param) {
        if (chunk.value instanceof Placeholder) return false;
        const mapped: unknown = chunk.value === null ? null : chunk.encoder.mapToDriverValue(chunk.value);
        if (mapped instanceof SQL) return false;
        values.push(mapped);
        parts.push(`$${values.length}`);
      } else if (chunk === undefined) {
        continue;
      } else if (chunk === null || typeof chunk === 'string' || typeof chunk === 'number' || typeof chunk === 'boolean' || typeof chunk === 'bigint' || chunk instanceof Date || chunk instanceof Uint8Array) {
        values.push(chunk);
        parts.push(`$${values.length}`);
      } else return false;
    }
    return true;
  };
  if ((query as unknown as { shouldInlineParams: boolean }).shouldInlineParams) return null;
  return walk(query.queryChunks) ? { text: parts.join(''), values } : null;
}

/**
 * True when transactions on this handle can run at the same time, each on its own connection (a
 * server pool). PGlite has one connection: its transactions run one after the other.
 */
export function concurrentTransactions(db: Tx): boolean {
  const session = (db as unknown as { session?: unknown }).session;
  return session instanceof NodePgSession && (session as unknown as { client: unknown }).client instanceof pg.Pool;
}

/** True when the database answers a trivial query. */
export async function pingDatabase(database: Database): Promise<boolean> {
  try {
    await database.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

export interface UnnestColumn {
  /** The column's SQL name. */
  name: string;
  /** The array element type to unnest as (`text`, `int`, `timestamptz`, …); `jsonb` columns travel as text. */
  type: 'text' | 'int' | 'bigint' | 'timestamptz' | 'jsonb' | 'boolean';
  values: unknown[];
}

/**
 * A bulk insert with one parameter per column: `insert … select from unnest($1::text[], …)`. For
 * thousands of rows it is much cheaper than a multi-row VALUES list (a parameter per cell), both to
 * build and for the server to plan. `suffix` adds `on conflict …` and `returning …`. On the server
 * the arrays travel in PostgreSQL's binary array format (cheaper to build than array literals, and
 * for the server to read: no quoting to undo, no dates to parse).
 */
export async function insertUnnest<T = Record<string, unknown>>(tx: Tx, table: string, columns: UnnestColumn[], suffix: SQL = sql``): Promise<T[]> {
  const q = unnestInsert(tx, table, columns, suffix);
  return q ? queryRows<T>(tx, q) : [];
}

/** The statement `insertUnnest` runs, built but not run (null when there are no rows): for `runTogether`. */
export function unnestInsert(tx: Tx, table: string, columns: UnnestColumn[], suffix: SQL = sql``): SQL | null {
  const n = columns[0]?.values.length ?? 0;
  if (n === 0) return null;
  for (const c of columns) if (c.values.length !== n) throw new Error(`insertUnnest: column ${c.name} has ${c.values.length} values, not ${n}`);
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(', '));
  const arrays = sql.join(
    columns.map((c) => (c.type === 'jsonb' ? arrayParam(tx, 'text', c.values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v)))) : arrayParam(tx, c.type, c.values))),
    sql`, `,
  );
  const select = sql.raw(columns.map((c, i) => (c.type === 'jsonb' ? `u${i}::jsonb` : `u${i}`)).join(', '));
  const aliases = sql.raw(columns.map((_, i) => `u${i}`).join(', '));
  return sql`insert into ${sql.raw(`"${table}"`)} (${names}) select ${select} from unnest(${arrays}) as u(${aliases}) ${suffix}`;
}

/**
 * An array parameter for `$n::text[]` (or int, …): in PostgreSQL's binary format on the server (no
 * quoting for `pg` to build and the server to undo: long JSON texts were a visible share of a
 * checkout batch), as a plain array on PGlite.
 */
export function arrayParam(tx: Tx, type: keyof typeof ELEMENT_OID, values: unknown[]): SQL {
  const binary = (tx as unknown as { session?: unknown }).session instanceof NodePgSession;
  const plain = type === 'timestamptz' ? values.map((v) => (v instanceof Date ? v.toISOString() : v)) : values;
  return sql`${sql.param((binary && binaryArray(type, values)) || plain)}::${sql.raw(type)}[]`;
}

/** A write for `runTogether`; `counted` ones must end in `returning …` and report their rows. */
export type Write = { sql: SQL; counted?: boolean } | null;

/**
 * Runs several writes as one statement, each a data-modifying CTE: one round trip, one parse and one
 * socket write instead of one each (on the checkout's hot path each statement cost the process more
 * than the rows it carried). All of them see the database as it was before the statement, like
 * separate statements of one transaction would not: only independent writes belong together
 * (foreign keys are checked at the end of the statement, so an order and its lines may go
 * together). Counted writes run first, in the order given (the uncounted ones after the select
 * that reads them); returns, in order, the rows each counted write returned (none for the others).
 */
export async function runTogether(tx: Tx, writes: Write[]): Promise<Array<Array<Record<string, unknown>>>> {
  const present = writes.map((w, i) => ({ w, i })).filter((x): x is { w: { sql: SQL; counted?: boolean }; i: number } => x.w !== null);
  const out: Array<Array<Record<string, unknown>>> = writes.map(() => []);
  if (present.length === 0) return out;
  if (present.length === 1 && !present[0]!.w.counted) {
    await queryRows(tx, present[0]!.w.sql);
    return out;
  }
  const ctes = sql.join(present.map(({ w }, n) => sql`${sql.raw(`w${n}`)} as (${w.sql})`), sql`, `);
  const counted = present.map((p, n) => ({ ...p, n })).filter((p) => p.w.counted);
  const select = counted.length ? sql.raw(counted.map((p) => `(select coalesce(json_agg(w${p.n}), '[]'::json) from w${p.n}) as r${p.n}`).join(', ')) : sql.raw('1 as done');
  const [row] = await queryRows<Record<string, unknown>>(tx, sql`with ${ctes} select ${select}`);
  for (const p of counted) {
    const v = row![`r${p.n}`];
    out[p.i] = (typeof v === 'string' ? JSON.parse(v) : v) as Array<Record<string, unknown>>;
  }
  return out;
}

const ELEMENT_OID = { text: 25, int: 23, bigint: 20, timestamptz: 1184, boolean: 16 } as const;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

/**
 * A one-dimensional array in PostgreSQL's binary format (what `array_send` writes), or null when a
 * value is not of the plain kind the element type takes (the array then travels as text, as before).
 */
function binaryArray(type: keyof typeof ELEMENT_OID, values: unknown[]): Buffer | null {
  let size = 20;
  let nulls = 0;
  for (const v of values) {
    if (v === null || v === undefined) {
      size += 4;
      nulls = 1;
      continue;
    }
    switch (type) {
      case 'text':
        if (typeof v !== 'string') return null;
        size += 4 + Buffer.byteLength(v);
        break;
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < -2_147_483_648 || v > 2_147_483_647) return null;
        size += 8;
        break;
      case 'bigint':
        if (!(typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v)))) return null;
        size += 12;
        break;
      case 'timestamptz':
        if (!(v instanceof Date) || Number.isNaN(v.getTime())) return null;
        size += 12;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') return null;
        size += 5;
        break;
    }
  }
  const buf = Buffer.allocUnsafe(size);
  buf.writeInt32BE(1, 0); // dimensions
  buf.writeInt32BE(nulls, 4);
  buf.writeInt32BE(ELEMENT_OID[type], 8);
  buf.writeInt32BE(values.length, 12);
  buf.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const v of values) {
    if (v === null || v === undefined) {
      at = buf.writeInt32BE(-1, at);
      continue;
    }
    switch (type) {
      case 'text': {
        const len = buf.write(v as string, at + 4);
        buf.writeInt32BE(len, at);
        at += 4 + len;
        break;
      }
      case 'int':
        at = buf.writeInt32BE(4, at);
        at = buf.writeInt32BE(v as number, at);
        break;
      case 'bigint':
        at = buf.writeInt32BE(8, at);
        at = buf.writeBigInt64BE(BigInt(v as number | bigint), at);
        break;
      case 'timestamptz': {
        // Microseconds since 2000-01-01 UTC, as a 64-bit integer written in two halves.
        const ms = (v as Date).getTime() - PG_EPOCH_MS;
        const us = ms * 1000;
        at = buf.writeInt32BE(8, at);
        if (!Number.isSafeInteger(us)) {
          at = buf.writeBigInt64BE(BigInt(ms) * 1000n, at);
          break;
        }
        const high = Math.floor(us / 4_294_967_296);
        at = buf.writeInt32BE(high, at);
        at = buf.writeUInt32BE(us - high * 4_294_967_296, at);
        break;
      }
      case 'boolean':
        at = buf.writeInt32BE(1, at);
        at = buf.writeUInt8(v ? 1 : 0, at);
        break;
    }
  }
  return buf;
}
