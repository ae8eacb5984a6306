import pg from 'pg';
import { describe } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../src/platform/db';

export const SERVER_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the server PostgreSQL answers. */
export async function serverReachable(url = SERVER_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = await serverReachable();
if (!reachable && process.env.CI === 'true') {
  // Under CI a suite that needs the server must fail, never skip.
  throw new Error(`the server PostgreSQL at ${SERVER_URL.replace(/\/\/[^@]*@/, '//')} cannot be reached, and CI=true`);
}
if (!reachable) console.warn(`[server suites] skipped: no PostgreSQL at ${SERVER_URL.replace(/\/\/[^@]*@/, '//')}`);

/** `describe` that runs only when the server is reachable (and fails under CI when it is not). */
export const describeServer = reachable ? describe : describe.skip;

/** A pool on the migrated server database. */
export async function serverDatabase(poolSize = 40): Promise<Database> {
  const database = await openDatabase({ url: SERVER_URL, poolSize });
  await migrateDatabase(database);
  return database;
}
