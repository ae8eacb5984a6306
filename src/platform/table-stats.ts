import { sql } from 'drizzle-orm';
import type { BaseCtx } from './context';
import { concurrentTransactions, queryRows, type Db } from './db';

/**
 * Keeps the planner's statistics current while a table grows fast, as in a new deployment's first
 * flash sale. The planner sizes a table from its last ANALYZE; autovacuum analyzes a growing table
 * only after 10% of it changed and at most once a minute per database, so a table that was empty
 * when last analyzed keeps looking empty through a whole sale. Then every batch that completes its
 * idempotency keys (an UPDATE joined to an array of keys) was planned as a hash join over all of
 * the tenant's keys, instead of one index lookup per key: measured, 8 ms of a batch after 6,500
 * keys, and growing with every order. (That update now finds each key by its whole primary key,
 * statistics or not; what is left to this keeper is every other plan over these tables — the
 * foreign-key checks of orders and lines, reads of the new rows.) Here each process counts the rows it adds per table and
 * runs ANALYZE in the background when a table has grown by its own size since the last one (and
 * at least `FIRST_AFTER` rows), so the statistics follow the table up by doublings, then stay
 * with autovacuum once the table is large. Only on a server pool: PGlite has one connection and
 * small data. `ANALYZE_GROWING_TABLES=0` turns it off (the bench measures both).
 */
const FIRST_AFTER = 1_000;
const MAX_STEP = 1_000_000;

interface TableState {
  added: number;
  /** Rows to add before the next ANALYZE; starts from the table's size when first seen. */
  next: number;
  running: boolean;
}

const tables = new WeakMap<Db, Map<string, TableState>>();

/** The tables this module may analyze: names come from code, never from input. */
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Notes rows a committed transaction added; may start an ANALYZE in the background. */
export function noteRowsAdded(ctx: Pick<BaseCtx, 'db' | 'config'>, added: Record<string, number>): void {
  const db = ctx.db;
  if (!ctx.config.analyzeGrowingTables || !concurrentTransactions(db)) return;
  let byTable = tables.get(db);
  if (!byTable) tables.set(db, (byTable = new Map()));
  for (const [table, n] of Object.entries(added)) {
    if (n <= 0 || !TABLE_NAME.test(table)) continue;
    let s = byTable.get(table);
    if (!s) {
      byTable.set(table, (s = { added: 0, next: FIRST_AFTER, running: true }));
      const state = s;
      // The table's size as last analyzed (-1: never): grow by that much before analyzing again.
      void queryRows<{ n: number }>(db, sql`select greatest(reltuples, 0)::float8 as n from pg_class where oid = to_regclass(${table})`)
        .then(([row]) => (state.next = Math.min(MAX_STEP, Math.max(FIRST_AFTER, Math.round(Number(row?.n ?? 0))))))
        .catch(() => {})
        .finally(() => (state.running = false));
    }
    s.added += n;
    if (s.running || s.added < s.next) continue;
    s.running = true;
    const grown = s.added;
    s.added = 0;
    const state = s;
    void db
      .execute(sql.raw(`analyze ${table}`))
      .then(() => (state.next = Math.min(MAX_STEP, Math.max(FIRST_AFTER, state.next + grown))))
      .catch(() => {})
      .finally(() => (state.running = false));
  }
}

/** For tests: what this process knows of a table's growth. */
export function tableGrowth(db: Db, table: string): { added: number; next: number; running: boolean } | undefined {
  const s = tables.get(db)?.get(table);
  return s && { ...s };
}
