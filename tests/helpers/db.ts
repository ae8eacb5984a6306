import fs from 'node:fs';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/platform/config';
import type { BaseCtx } from '../../src/platform/context';
import { openDatabase, type Database } from '../../src/platform/db';

/** Test configuration: fast lockouts, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', TUAN_DATA_DIR: './data-test', SANDBOX_PAYMENTS: '1' } as NodeJS.ProcessEnv), ...overrides };
}

/**
 * A database for one test file: a copy of the migrated PGlite, or a pool on the server database
 * when the run targets one. Tests isolate themselves by creating their own tenants.
 */
export async function testDatabase(): Promise<Database> {
  const url = inject('testDatabaseUrl');
  if (url) return openDatabase({ url, poolSize: 20 });
  const dump = inject('pgliteDump');
  return openDatabase({ loadDataDir: new Blob([fs.readFileSync(dump)]) });
}

export function baseCtx(database: Database, config: Config = testConfig()): BaseCtx {
  return { db: database.db, tx: database.db, inTx: false, lang: 'en', requestId: 'test', config };
}
