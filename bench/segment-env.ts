import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { startServer, type Server } from './lib';

/** A free port in 4800–4899 (the range this bench may use), tried from a random start. */
async function freePort(): Promise<number> {
  const start = Math.floor(Math.random() * 100);
  for (let k = 0; k < 100; k++) {
    const port = 4800 + ((start + k) % 100);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port in 4800–4899');
}

/** `npm start`'s script on a free port in 4800–4899; resolves when /healthz answers. */
export async function startTuan(env: Record<string, string>): Promise<Server> {
  return startServer({ HOST: '127.0.0.1', ...env }, await freePort());
}

/** A staff session over HTTP, and a JSON client bound to it that times each call. */
export async function staffClient(url: string, tenant: string, email: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant, email, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('tuan_sid='));
  if (!cookie) throw new Error('no session cookie');
  return async <T>(method: 'GET' | 'POST', p: string, body?: unknown): Promise<{ ms: number; body: T }> => {
    const t0 = performance.now();
    const r = await fetch(`${url}/api/v1${p}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await r.text();
    const ms = performance.now() - t0;
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 500)}`);
    return { ms, body: JSON.parse(text) as T };
  };
}
export type Client = Awaited<ReturnType<typeof staffClient>>;

export interface Eviction {
  /** What was discarded before the cold call. */
  sharedBuffers: 'evicted' | 'not evicted';
  pageCache: 'evicted' | 'not evicted';
  /** Pages of this database still in PostgreSQL's shared buffers after eviction (pg_buffercache), if known. */
  dbBuffersAfter: number | null;
  /** The database's files (not the fillers) resident in the OS page cache before and after (fincore), MiB, if known. */
  pageCacheMiB: { before: number | null; after: number | null };
  ms: number;
  note?: string;
}

/** Bytes of the files in `dir` (but those matching `skip`) resident in the page cache, in MiB. */
function residentMiB(dir: string, skip: string): number | null {
  try {
    const files = `cd "${dir}" && for f in *; do case "$f" in ${skip}) ;; *) echo "$f" ;; esac; done`;
    const out = execFileSync('bash', ['-c', `${files} | xargs -r fincore --bytes --noheadings --raw -o RES 2>/dev/null | awk '{s+=$1} END {print s+0}'`], { encoding: 'utf8', cwd: dir });
    return Math.round(Number(out.trim()) / 2 ** 20);
  } catch {
    return null;
  }
}

/**
 * Discards caches as far as this machine allows without restarting PostgreSQL or dropping the
 * kernel's caches: a checkpoint (so pages are clean), then this database's pages pushed out of
 * shared buffers by reading two filler tables (each the size of shared_buffers) in turn six times
 * (pg_prewarm; every pass runs the clock sweep over the whole pool), then the page cache of this
 * database's files dropped with posix_fadvise(DONTNEED) (dd iflag=nocache), which needs read access
 * to the data directory (the fillers' own files are kept). What could not be done is recorded.
 */
export async function evictCaches(dbUrl: string): Promise<Eviction> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const out: Eviction = { sharedBuffers: 'not evicted', pageCache: 'not evicted', dbBuffersAfter: null, pageCacheMiB: { before: null, after: null }, ms: 0 };
  try {
    const pages = Number((await c.query<{ n: string }>(`select setting as n from pg_settings where name = 'shared_buffers'`)).rows[0]!.n);
    await c.query('create extension if not exists pg_prewarm');
    for (const f of ['bench_filler_a', 'bench_filler_b']) {
      const exists = (await c.query(`select 1 from pg_class where relname = $1`, [f])).rowCount;
      // About 8 rows of 900 bytes a page: one table as large as shared_buffers.
      if (!exists) await c.query(`create table ${f} as select g, repeat('x', 900) as pad from generate_series(1, ${pages * 8}) g`);
    }
    await c.query('checkpoint');
    for (let k = 0; k < 6; k++) await c.query(`select pg_prewarm($1, 'buffer')`, [k % 2 ? 'bench_filler_b' : 'bench_filler_a']);
    out.sharedBuffers = 'evicted';
    try {
      await c.query('create extension if not exists pg_buffercache');
      const r = await c.query<{ n: string }>(
        `select count(*) as n from pg_buffercache b join pg_class c on c.relfilenode = b.relfilenode
         where b.reldatabase = (select oid from pg_database where datname = current_database()) and c.relname not like 'bench_filler%'`,
      );
      out.dbBuffersAfter = Number(r.rows[0]!.n);
    } catch {
      // pg_buffercache not available: leave unknown
    }
    const dataDir = (await c.query<{ d: string }>("select current_setting('data_directory') as d")).rows[0]!.d;
    const oid = (await c.query<{ oid: string }>('select oid::text from pg_database where datname = current_database()')).rows[0]!.oid;
    const dir = path.join(dataDir, 'base', oid);
    try {
      fs.accessSync(dir, fs.constants.R_OK);
      // The fillers stay in the page cache, so the next eviction reads them from memory, not disk.
      const keep = (await c.query<{ f: string }>(`select pg_relation_filenode(r)::text as f from unnest(array['bench_filler_a', 'bench_filler_b']) r`)).rows.map((r) => r.f);
      const skip = keep.map((f) => `${f}|${f}.*|${f}_*`).join('|');
      out.pageCacheMiB.before = residentMiB(dir, skip);
      execFileSync('bash', ['-c', `cd "${dir}" && for f in *; do case "$f" in ${skip}) ;; *) dd if="$f" iflag=nocache count=0 status=none ;; esac; done`]);
      out.pageCacheMiB.after = residentMiB(dir, skip);
      out.pageCache = 'evicted';
    } catch (err) {
      out.note = `page cache kept: ${String((err as Error).message).slice(0, 120)}`;
    }
  } finally {
    await c.end();
  }
  out.ms = Math.round(performance.now() - t0);
  return out;
}
