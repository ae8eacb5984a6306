// Measures how long `npm start` takes from process spawn to a healthy /healthz on the embedded
// database, for a fresh data directory (first start: initdb, migrations, demo seed) and for an
// existing one. Usage: node scripts/boot-time.mjs [runs=5]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureWebBuilt, root } from './web-build.mjs';

const runs = Number(process.argv[2] ?? 5);
ensureWebBuilt();

async function bootOnce(dataDir, port) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', TUAN_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', LOG_PRETTY: '0' },
    stdio: 'ignore',
  });
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    if (performance.now() - t0 > 60_000) throw new Error('no /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fresh = [];
const existing = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuan-boot-'));
  fresh.push(await bootOnce(dir, 31_000 + i));
  existing.push(await bootOnce(dir, 32_000 + i));
  fs.rmSync(dir, { recursive: true, force: true });
}
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)} (${xs.length} runs)`;
console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`npm start → healthy /healthz, fresh data dir:    ${fmt(fresh)}`);
console.log(`npm start → healthy /healthz, existing data dir: ${fmt(existing)}`);
