import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrizzleQueryError, sql } from 'drizzle-orm';
import { testDatabase } from '../../tests/helpers/db';
import { insertUnnest, queryRows, renderPlain, runTogether, type Database } from './db';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe('insertUnnest', () => {
  // On the server the arrays travel in the binary format, on PGlite as arrays: the same rows either way.
  it('inserts every column type as given: text with quotes, commas and braces, nulls, int limits, bigints, dates before 1970 and after 2038, booleans, json', async () => {
    const dates = [new Date('2025-03-01T12:34:56.789Z'), new Date('1969-07-20T20:17:00.001Z'), null, new Date('2100-12-31T23:59:59.999Z'), new Date(Date.UTC(1900, 0, 1))];
    const rows = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temp table unnest_probe (n int, t text, i int, b bigint, ts timestamptz, bo boolean, j jsonb) on commit drop`);
      await insertUnnest(tx, 'unnest_probe', [
        { name: 'n', type: 'int', values: [1, 2, 3, 4, 5] },
        { name: 't', type: 'text', values: ['a', '中文 "q" \\ back', '', null, 'x,y}{ NULL'] },
        { name: 'i', type: 'int', values: [-2_147_483_648, 2_147_483_647, null, 0, 42] },
        { name: 'b', type: 'bigint', values: [1, -9_007_199_254_740_991, 9_007_199_254_740_991, null, 0] },
        { name: 'ts', type: 'timestamptz', values: dates },
        { name: 'bo', type: 'boolean', values: [true, false, null, true, false] },
        { name: 'j', type: 'jsonb', values: [{ a: 1 }, null, [1, '二'], 'str', { z: null }] },
      ]);
      return queryRows<Record<string, unknown>>(tx, sql`select n, t, i, b::text as b, extract(epoch from ts) * 1000 as ms, bo, j from unnest_probe order by n`);
    });
    expect(rows.map((r) => [r.t, r.i, r.b, r.ms === null ? null : Math.round(Number(r.ms)), r.bo, r.j])).toEqual([
      ['a', -2_147_483_648, '1', dates[0]!.getTime(), true, { a: 1 }],
      ['中文 "q" \\ back', 2_147_483_647, '-9007199254740991', dates[1]!.getTime(), false, null],
      ['', null, '9007199254740991', null, null, [1, '二']],
      [null, 0, null, dates[3]!.getTime(), true, 'str'],
      ['x,y}{ NULL', 42, '0', dates[4]!.getTime(), false, { z: null }],
    ]);
  });
});

describe('runTogether', () => {
  it('runs several writes as one statement: an order and its lines together (foreign keys checked at the end), counts of the counted ones in order, nulls skipped', async () => {
    const result = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temp table together_parent (id text primary key, n int not null) on commit drop`);
      await tx.execute(sql`create temp table together_child (id text primary key, parent_id text not null references together_parent(id)) on commit drop`);
      await tx.execute(sql`insert into together_parent values ('p0', 5), ('p1', 0)`);
      const results = await runTogether(tx, [
        { sql: sql`insert into together_child values ('c1', 'p2'), ('c2', 'p2')` },
        null,
        { sql: sql`insert into together_parent values ('p2', 1)` },
        { sql: sql`update together_parent set n = n - 1 where id = any(${sql.param(['p0', 'p1'])}::text[]) and n >= 1 returning id`, counted: true },
        { sql: sql`update together_parent set n = n + 10 where id = 'p1' returning id`, counted: true },
      ]);
      const rows = await queryRows<{ id: string; n: number }>(tx, sql`select id, n from together_parent order by id`);
      const children = await queryRows<{ id: string }>(tx, sql`select id from together_child order by id`);
      return { counts: results.map((r) => r.length), returned: results[3], rows, children: children.map((c) => c.id) };
    });
    // The conditional update took p0 only (p1 had nothing left): one of the two, as a caller checks.
    expect(result.counts).toEqual([0, 0, 0, 1, 1]);
    expect(result.returned).toEqual([{ id: 'p0' }]);
    expect(result.children).toEqual(['c1', 'c2']);
    expect(result.rows).toEqual([{ id: 'p0', n: 4 }, { id: 'p1', n: 10 }, { id: 'p2', n: 1 }]);
  });

  it('fails as a whole when one write fails: nothing of the others stays', async () => {
    await database.db.execute(sql`create table if not exists together_probe (id text primary key)`);
    await database.db.execute(sql`delete from together_probe`);
    await expect(
      database.db.transaction((tx) => runTogether(tx, [{ sql: sql`insert into together_probe values ('a')` }, { sql: sql`insert into together_probe values ('b'), ('b')` }])),
    ).rejects.toThrow();
    expect(await queryRows(database.db, sql`select id from together_probe`)).toEqual([]);
    expect(await runTogether(database.db, [null, null])).toEqual([[], []]);
    expect(await runTogether(database.db, [{ sql: sql`insert into together_probe values ('c')` }])).toEqual([[]]);
    expect(await queryRows(database.db, sql`select id from together_probe`)).toEqual([{ id: 'c' }]);
    await database.db.execute(sql`drop table together_probe`);
  });
});

describe('queryRows', () => {
  // On the server a plain statement skips Drizzle (renderPlain); it must answer exactly as Drizzle's `execute` does.
  it('answers a plain statement as Drizzle does: timestamps and dates as text, numbers, bigints, json, arrays', async () => {
    const q = sql`select ${'中文'}::text as t, ${7}::int as i, ${2n ** 40n}::bigint as b, ${new Date('2026-11-23T06:00:00.123Z')}::timestamptz as ts, '2026-11-23'::date as d,
      interval '1 day' as iv, array['2026-01-02 03:04:05+08', null]::timestamptz[] as tss, ${sql.param(['a', null])}::text[] as arr, ${sql.param(JSON.stringify({ k: [1] }))}::jsonb as j, null::int as n`;
    // On the server the statement takes the fast path (on PGlite both sides are Drizzle's, and the
    // test only checks the answer's shape).
    if (database.kind === 'pg') expect(renderPlain(q)).not.toBeNull();
    const direct = await queryRows<Record<string, unknown>>(database.db, q);
    const viaDrizzle = ((await database.db.execute(q)) as unknown as { rows: Array<Record<string, unknown>> }).rows;
    expect(direct).toEqual(viaDrizzle);
    expect(direct[0]!.j).toEqual({ k: [1] });
    expect(direct[0]!.arr).toEqual(['a', null]);
  });

  it('fails as Drizzle fails: a DrizzleQueryError whose cause carries the database code, and nothing written', async () => {
    await database.db.execute(sql`create table if not exists raw_probe (id text primary key)`);
    try {
      await database.db.execute(sql`delete from raw_probe`);
      const failed = await queryRows(database.db, sql`insert into raw_probe values (${'a'}), (${'a'})`).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(DrizzleQueryError);
      expect((failed as DrizzleQueryError).cause).toMatchObject({ code: '23505' });
      expect(await queryRows(database.db, sql`select id from raw_probe`)).toEqual([]);
    } finally {
      await database.db.execute(sql`drop table raw_probe`);
    }
  });
});
