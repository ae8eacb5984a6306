// Builds the console and member pages when dist/web is missing or older than web/ or vite.config.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const entry of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, entry)));
  return t;
}

export function ensureWebBuilt() {
  const built = path.join(root, 'dist/web/console/index.html');
  const sources = [path.join(root, 'web'), path.join(root, 'vite.config.ts')].filter((p) => fs.existsSync(p));
  if (sources.length === 0) return;
  const stale = !fs.existsSync(built) || Math.max(...sources.map(newest)) > fs.statSync(built).mtimeMs;
  if (!stale) return;
  process.stdout.write('Building the console and member pages…\n');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
