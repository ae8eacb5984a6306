// `npm test`: every test tier on the embedded database; the server-only suites (concurrency,
// locking) run too and need the PostgreSQL at TEST_DATABASE_URL or 127.0.0.1:5432/test — under
// CI=true they fail when it cannot be reached, elsewhere they say they are skipped.
// `npm run test:server`: the database, HTTP and server suites against the server PostgreSQL.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureWebBuilt, root } from './web-build.mjs';

const args = process.argv.slice(2);
const server = args.includes('--server');
const rest = args.filter((a) => a !== '--server');
const env = { ...process.env };
let vitestArgs;
// Browser and boot tests serve the built pages; build them once here, not in parallel inside tests.
ensureWebBuilt();
if (server) {
  env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
  vitestArgs = ['run', '--project', 'db', '--project', 'e2e', '--project', 'server', ...rest];
} else {
  delete env.TEST_DATABASE_URL;
  vitestArgs = ['run', ...rest];
}
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), ...vitestArgs], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
