import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
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
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
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
 * build and for the server to plan. `suffix` adds `on conflict …` and `returning …`.
 */
export async function insertUnnest<T = Record<string, unknown>>(tx: Tx, table: string, columns: UnnestColumn[], suffix: SQL = sql``): Promise<T[]> {
  const n = columns[0]?.values.length ?? 0;
  if (n === 0) return [];
  for (const c of columns) if (c.values.length !== n) throw new Error(`insertUnnest: column ${c.name} has ${c.values.length} values, not ${n}`);
  const names = sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);
  const arrays = sql.join(
    columns.map((c) => {
      const values = c.type === 'jsonb' ? c.values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v))) : c.type === 'timestamptz' ? c.values.map((v) => (v instanceof Date ? v.toISOString() : v)) : c.values;
      return sql`${sql.param(values)}::${sql.raw(c.type === 'jsonb' ? 'text' : c.type)}[]`;
    }),
    sql`, `,
  );
  const select = sql.join(columns.map((c, i) => (c.type === 'jsonb' ? sql`${sql.raw(`u${i}`)}::jsonb` : sql.raw(`u${i}`))), sql`, `);
  const aliases = sql.raw(columns.map((_, i) => `u${i}`).join(', '));
  return queryRows<T>(tx, sql`insert into ${sql.identifier(table)} (${names}) select ${select} from unnest(${arrays}) as u(${aliases}) ${suffix}`);
}
