import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, startServer } from './lib';

/** Time from `npm start` to a healthy /healthz, and idle memory, on PGlite (fresh and existing data) and on the server. */
export async function runFootprint(o: { dbUrl: string; runs: number }) {
  const pgliteFresh: number[] = [];
  const pgliteExisting: number[] = [];
  const server: number[] = [];
  const idle: Record<string, number> = {};
  for (let i = 0; i < o.runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuan-footprint-'));
    const a = await startServer({ DATABASE_URL: '', TUAN_DATA_DIR: dir });
    pgliteFresh.push(a.bootMs);
    await a.stop();
    const b = await startServer({ DATABASE_URL: '', TUAN_DATA_DIR: dir });
    pgliteExisting.push(b.bootMs);
    await new Promise((r) => setTimeout(r, 1500));
    idle.pgliteRssMb = b.rssMb();
    await b.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    const c = await startServer({ DATABASE_URL: o.dbUrl });
    server.push(c.bootMs);
    await new Promise((r) => setTimeout(r, 1500));
    idle.serverRssMb = c.rssMb();
    await c.stop();
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { medianMs: Math.round(percentile(s, 50)), minMs: Math.round(s[0]!), maxMs: Math.round(s[s.length - 1]!), runs: s.length };
  };
  return { bootToHealthy: { pgliteFreshDataDir: stat(pgliteFresh), pgliteExistingDataDir: stat(pgliteExisting), server: stat(server) }, idleRss: idle };
}
