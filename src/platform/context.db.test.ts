import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../tests/helpers/db';
import { inRetriedTransaction, inTransaction, type BaseCtx } from './context';
import { queryRows, type Database } from './db';

// A transaction the database rolled back to break a deadlock runs again; its first attempt leaves nothing.

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  await base.tx.execute(sql`create table if not exists retry_probe (run text not null, attempt int not null)`);
});
afterAll(async () => {
  await base.tx.execute(sql`drop table if exists retry_probe`);
  await database.close();
});

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });
const rows = async (run: string) => (await queryRows<{ attempt: number }>(base.tx, sql`select attempt from retry_probe where run = ${run} order by attempt`)).map((r) => r.attempt);

describe('inRetriedTransaction', () => {
  it('runs a transaction again after a deadlock or a serialization failure, keeping only the attempt that committed', async () => {
    let calls = 0;
    const out = await inRetriedTransaction(base, async (ctx) => {
      calls++;
      await ctx.tx.execute(sql`insert into retry_probe values ('a', ${calls})`);
      if (calls === 1) throw deadlock();
      if (calls === 2) throw Object.assign(new Error('could not serialize'), { cause: { code: '40001' } });
      return 'done';
    });
    expect(out).toBe('done');
    expect(calls).toBe(3);
    expect(await rows('a')).toEqual([3]);
  });

  it('gives up after its attempts, at once on any other error, and never inside a caller’s transaction', async () => {
    let calls = 0;
    await expect(inRetriedTransaction(base, async () => (calls++, Promise.reject(deadlock())), 2)).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(2);
    calls = 0;
    await expect(inRetriedTransaction(base, async () => (calls++, Promise.reject(Object.assign(new Error('unique'), { code: '23505' }))))).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      inTransaction(base, (outer) =>
        inRetriedTransaction(outer, async (ctx) => {
          calls++;
          await ctx.tx.execute(sql`insert into retry_probe values ('b', ${calls})`);
          throw deadlock();
        }),
      ),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(1);
    expect(await rows('b')).toEqual([]);
  });
});
