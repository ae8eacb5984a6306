import path from 'node:path';
import { buildTuan } from './app';
import { loadConfig } from './platform/config';
import type { BaseCtx } from './platform/context';
import { migrateDatabase, openDatabase } from './platform/db';
import { DEMO_LOGINS, DEMO_MEMBER_PHONE, DEMO_PASSWORD, DEMO_SLUG, seedDemo } from './demo/seed';
import { findTenantBySlug } from './modules/identity';
import { startJobs } from './jobs';

/** Boot: config → database → migrations → demo (embedded only) → HTTP. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
    poolSize: config.databasePoolSize,
  });
  await migrateDatabase(database);
  const base: BaseCtx = { db: database.db, tx: database.db, inTx: false, lang: 'zh-CN', requestId: 'boot', config };
  // The demo tenant, with its known passwords, is made only on the embedded default.
  if (database.kind === 'pglite') await seedDemo(base);

  const logger = {
    level: config.logLevel,
    ...(config.logPretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  const app = await buildTuan({ config, database, logger });
  await app.listen({ port: config.port, host: config.host });
  const jobs = config.jobs ? startJobs(base, app.log) : null;

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const demo = database.kind === 'pglite' ? await findTenantBySlug(base, DEMO_SLUG) : null;
  const lines = [
    '',
    `  Tuan is running (${database.kind === 'pglite' ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pglite')}` : 'PostgreSQL server'}) — ready in ${Date.now() - started} ms`,
    '',
    `  Console        ${url}/console/`,
    `  Member pages   ${url}/m/${demo ? DEMO_SLUG + '/' : ''}`,
    `  API docs       ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
    `  Health         ${url}/healthz`,
  ];
  if (demo) {
    lines.push('', `  Demo tenant "${DEMO_SLUG}" (${demo.name}) — password for every login: ${DEMO_PASSWORD}`);
    for (const l of DEMO_LOGINS) lines.push(`    ${l.role.padEnd(9)} ${l.email}`);
    lines.push(`    member    phone ${DEMO_MEMBER_PHONE} — the code arrives in the console's 短信沙箱 (sandbox SMS inbox)`);
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await jobs?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tuan failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
