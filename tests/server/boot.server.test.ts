import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootTuan } from '../helpers/spawn';
import { describeServer, SERVER_URL } from '../helpers/server-db';

const DB = 'tuan_boot_check';
const url = SERVER_URL.replace(/\/[^/]*$/, `/${DB}`);

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describeServer('npm start on a PostgreSQL server', () => {
  beforeAll(async () => {
    await admin(`drop database if exists ${DB} with (force)`);
    await admin(`create database ${DB}`);
  });
  afterAll(() => admin(`drop database if exists ${DB} with (force)`));

  it('migrates a fresh database, and two processes can start against it at once; no demo tenant is made', async () => {
    const [a, b] = await Promise.all([bootTuan({ DATABASE_URL: url }), bootTuan({ DATABASE_URL: url })]);
    try {
      expect(a.output()).not.toContain('demo12345');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const tenants = await c.query('select count(*)::int as n from tenants');
      await c.end();
      expect(tenants.rows[0].n).toBe(0);
      const health = await (await fetch(`${b.url}/healthz`)).json();
      expect(health).toEqual({ status: 'ok', database: 'pg' });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 120_000);
});
