import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const RESULTS = path.join(ROOT, 'bench', 'results');

/** What every result records about where it ran. */
export async function machine(dbUrl?: string) {
  let postgres: string | null = null;
  if (dbUrl) {
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    postgres = (await c.query('show server_version')).rows[0].server_version as string;
    await c.end();
  }
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    platform: `${os.type()} ${os.release()}`,
    at: new Date().toISOString(),
  };
}

export function progress(label: string, done: number, total: number): void {
  if (!process.stdout.isTTY && done !== total && done % Math.max(1, Math.floor(total / 10)) !== 0) return;
  process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}  ${label}: ${done}/${total} (${Math.round((done / total) * 100)}%)${process.stdout.isTTY && done < total ? '' : '\n'}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Recreates a database on the server for the benchmark. */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface Server {
  url: string;
  pid: number;
  bootMs: number;
  rssMb(): number;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** `npm start`'s script as a child process (on `port`, or a random one); resolves when /healthz answers. */
export async function startServer(env: Record<string, string>, port = 21_000 + Math.floor(Math.random() * 11_000)): Promise<Server> {
  const t0 = performance.now();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', LOG_PRETTY: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${err}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (performance.now() - t0 > 120_000) throw new Error(`no /healthz in 120 s: ${err}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const bootMs = performance.now() - t0;
  return {
    url,
    pid: child.pid!,
    bootMs,
    rssMb: () => rssOf(child.pid!),
    cpuMs: () => cpuMsOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const TICK_MS = 10; // Linux reports process times in clock ticks of 1/100 s

/** CPU time (user + system) a process has used, in ms (0 where /proc is not there). */
export function cpuMsOf(pid: number): number {
  try {
    return statCpuMs(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/** user + system time from a `/proc/<pid>/stat` line, in ms. */
function statCpuMs(stat: string): number {
  // Fields after the command name (which may hold spaces, hence from the last ')'): utime is the 12th, stime the 13th.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** CPU time (ms) used so far by every process named `name` (PostgreSQL's backends: `postgres`). */
export function cpuMsOfAll(name: string): number {
  let ms = 0;
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name) ms += statCpuMs(stat);
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ms;
}

/** The machine's busy and total CPU time so far (all cores, ms), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number; steal: number } {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: time the hypervisor gave to others (steal) is
    // neither ours nor idle, and is left out of both.
    const total = line.slice(0, 8).reduce((a, b) => a + b, 0) - (line[7] ?? 0);
    const idle = (line[3] ?? 0) + (line[4] ?? 0);
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS, steal: (line[7] ?? 0) * TICK_MS };
  } catch {
    return { busy: 0, total: 0, steal: 0 };
  }
}

/** Resident memory of a process and its children (tsx may run the app in the same process). */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/** Debian installs pgbench beside the server, in the version's own bin folder. */
export function findPgbench(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  for (const v of fs.readdirSync(base).sort().reverse()) {
    const p = path.join(base, v, 'bin', 'pgbench');
    if (fs.existsSync(p)) return p;
  }
  try {
    return execFileSync('which', ['pgbench']).toString().trim() || null;
  } catch {
    return null;
  }
}

export function writeResult(scenario: string, data: unknown, summary: string): { json: string; md: string } {
  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = path.join(RESULTS, `${scenario}-${stamp}.json`);
  fs.writeFileSync(json, JSON.stringify(data, null, 2));
  const md = path.join(RESULTS, `${scenario}.md`);
  fs.writeFileSync(md, summary);
  return { json, md };
}
