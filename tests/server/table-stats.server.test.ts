import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/platform/db';
import { noteRowsAdded, tableGrowth } from '../../src/platform/table-stats';
import { describeServer, serverDatabase } from '../helpers/server-db';
import { testConfig } from '../helpers/db';

const on = (d: Database) => ({ db: d.db, config: testConfig() });

// A table that grows from empty gets fresh statistics as it doubles, not only when autovacuum comes.
describeServer('statistics kept current as tables grow (server PostgreSQL)', () => {
  let database: Database;
  const table = `stats_probe_${process.pid}`;
  const analyzedRows = async () => (await queryRows<{ n: number }>(database.db, sql`select reltuples::float8 as n from pg_class where oid = to_regclass(${table})`))[0]!.n;

  beforeAll(async () => {
    database = await serverDatabase(4);
    await database.db.execute(sql.raw(`drop table if exists ${table}; create table ${table} (id int primary key) with (autovacuum_enabled = off)`));
  });
  afterAll(async () => {
    await database?.db.execute(sql.raw(`drop table if exists ${table}`));
    await database?.close();
  });

  it('analyzes a table once it has grown by its size (at least 1,000 rows), then again at the next doubling', async () => {
    const add = async (from: number, n: number) => {
      await database.db.execute(sql.raw(`insert into ${table} select g from generate_series(${from}, ${from + n - 1}) g`));
      noteRowsAdded(on(database), { [table]: n });
    };
    expect(await analyzedRows()).toBeLessThanOrEqual(0); // never analyzed
    await add(0, 600);
    await vi.waitFor(() => expect(tableGrowth(database.db, table)?.running).toBe(false));
    expect(tableGrowth(database.db, table)).toMatchObject({ added: 600, next: 1000 });
    await add(600, 600); // 1,200 added: past the first threshold
    await vi.waitFor(async () => expect(await analyzedRows()).toBe(1200), { timeout: 10_000 });
    await vi.waitFor(() => expect(tableGrowth(database.db, table)).toMatchObject({ added: 0, next: 2200, running: false }));
    await add(1200, 1500); // not yet doubled again: no analyze
    await new Promise((r) => setTimeout(r, 300));
    expect(await analyzedRows()).toBe(1200);
    await add(2700, 800); // 2,300 since: analyzed at 3,500 rows
    await vi.waitFor(async () => expect(await analyzedRows()).toBe(3500), { timeout: 10_000 });
  });

  it('does nothing on PGlite (one connection, small data), when switched off, or for a name that is not a plain table name', async () => {
    const lite = await openDatabase({});
    try {
      noteRowsAdded(on(lite), { orders: 1_000_000 });
      const before = tableGrowth(database.db, table);
      noteRowsAdded({ db: database.db, config: testConfig({ analyzeGrowingTables: false }) }, { [table]: 1_000_000 });
      expect(tableGrowth(database.db, table)).toEqual(before);
      expect(tableGrowth(lite.db, 'orders')).toBeUndefined();
    } finally {
      await lite.close();
    }
    noteRowsAdded(on(database), { 'orders; drop table x': 5000 });
    expect(tableGrowth(database.db, 'orders; drop table x')).toBeUndefined();
  });
});
