import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../src/platform/db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data dir dump that every db/e2e file clones. */
    pgliteDump: string;
    /** The server PostgreSQL the db/e2e suites run against, when set. */
    testDatabaseUrl: string;
  }
}

/**
 * Migrates once for the whole run. On PGlite: migrate an in-memory database and dump it, so each
 * test file starts from a copy in milliseconds instead of migrating again. On a server
 * (TEST_DATABASE_URL): reset the schema and migrate it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL ?? '';
  project.provide('testDatabaseUrl', url);
  if (url) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
    } catch (err) {
      throw new Error(`TEST_DATABASE_URL is set but the server cannot be reached (${(err as Error).message})`);
    }
    await client.query('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;');
    await client.end();
    const database = await openDatabase({ url });
    await migrateDatabase(database);
    await database.close();
    project.provide('pgliteDump', '');
    return async () => {};
  }
  const database = await openDatabase({});
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuan-test-'));
  const file = path.join(dir, 'migrated.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
  return async () => fs.rmSync(dir, { recursive: true, force: true });
}
