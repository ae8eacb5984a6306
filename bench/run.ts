// npm run bench [flash-group-buy | import | footprint | segment | all] [--quick] [--connections 64] [--cap 5000] [--servers 1] [--warmup 2000] [--db postgres://…]
// Scenarios that need a server use --db, BENCH_DATABASE_URL, or the local server's `postgres`
// database as admin to create a fresh `tuan_bench` database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFlash } from './flash';
import { runFootprint } from './footprint';
import { runImportBench } from './import';
import { runSegmentBench } from './segment';
import { segmentReport } from './segment-report';
import { IMPORT_CHUNK } from '../src/modules/community/services/import-members';
import { freshDatabase, machine, ROOT, writeResult } from './lib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    connections: { type: 'string' },
    cap: { type: 'string' },
    db: { type: 'string' },
    pool: { type: 'string' },
    servers: { type: 'string' },
    warmup: { type: 'string' },
  },
});
const scenario = positionals[0] ?? 'all';
const quick = values.quick!;
const admin = values.db ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const connections = Number(values.connections ?? (quick ? 16 : 64));
const cap = Number(values.cap ?? (quick ? 400 : 5000));
const poolSize = Number(values.pool ?? 10);
const servers = Number(values.servers ?? 1);
const warmup = Number(values.warmup ?? (quick ? 100 : 2000));
const known = ['flash-group-buy', 'import', 'footprint', 'segment', 'all'];
for (const [name, v, min] of [['--connections', connections, servers], ['--cap', cap, servers], ['--servers', servers, 1], ['--warmup', warmup, 0], ['--pool', poolSize, 1]] as const) {
  if (!Number.isInteger(v) || v < min) {
    console.error(`${name} must be a whole number of at least ${min}${name === '--connections' || name === '--cap' ? ' (one per server at least)' : ''}`);
    process.exit(2);
  }
}
if (!known.includes(scenario)) {
  console.error(`unknown scenario ${scenario}; one of ${known.join(', ')}`);
  process.exit(2);
}

let failed = false;
const lines: string[] = [];

if (scenario === 'flash-group-buy' || scenario === 'all') {
  const flashArgs = [quick ? '--quick' : '', values.cap ? `--cap ${cap}` : '', values.connections ? `--connections ${connections}` : '', servers > 1 ? `--servers ${servers}` : '', values.warmup ? `--warmup ${warmup}` : '', values.pool ? `--pool ${poolSize}` : ''].filter(Boolean).join(' ');
  const dbUrl = await freshDatabase(admin, 'tuan_bench');
  const env = await machine(dbUrl);
  const runs = [];
  for (const skus of [1, quick ? 100 : 1000]) {
    console.log(`flash-group-buy: ${skus === 1 ? 'hot SKU' : `spread over ${skus} SKUs`} (${quick ? 'quick' : 'full'})`);
    const r = await runFlash({ dbUrl, connections, cap, members: quick ? 200 : 2000, skus, pgbenchSeconds: quick ? 3 : 10, poolSize, servers, warmup });
    runs.push(r);
    if (!r.oversell.ok) failed = true;
  }
  const rows = runs.map((r) => {
    const t = r.tuan;
    const w = r.warmup;
    return `| ${r.params.skus === 1 ? 'hot SKU' : `${r.params.skus} SKUs`} | ${r.params.connections} | ${w ? `${w.orders} (${w.ordersPerSecond}/s, p99 ${w.latencyMs.p99} ms)` : 'none'} | ${t.ordersPerSecond} | ${t.latencyMs.p50} / ${t.latencyMs.p95} / ${t.latencyMs.p99} | ${JSON.stringify(t.byCode)} | ${r.pgbench.available ? r.pgbench.tps : 'n/a'} | ${r.ratio ?? 'n/a'} | ${r.oversell.ok ? 'none' : 'OVERSOLD'} | ${t.peakRssMb} | ${t.cpu.serverUsPerOrder} / ${t.cpu.postgresUsPerOrder} / ${t.cpu.loadGeneratorUsPerOrder} / ${t.cpu.otherUsPerOrder} | ${t.cpu.machineBusyPercent}% / ${t.cpu.stealPercent}% | ${t.ordersPerTransaction ?? 'n/a'} |`;
  });
  const table = [
    '| case | connections | warm-up, not counted: orders (orders/s, p99) | Tuan orders/s | latency p50 / p95 / p99 ms | answers | pgbench TPS | Tuan / pgbench | oversell | server peak RSS MB | CPU µs per order: Tuan / PostgreSQL / load generator / other | cores busy / stolen | orders per transaction |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  const summary = `# flash-group-buy${quick ? ' (--quick)' : ''}\n\n${env.at}: ${env.cores} cores (${env.cpu}), ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}.\n` +
    `Each run: ${cap} placeOrder requests (one unit each, own Idempotency-Key, member session cookie) through HTTP with autocannon; ${servers > 1 ? `${servers} Tuan processes (each \`npm start\` on its own port, each with a pool of ${poolSize}; the connections and the requests split evenly between them)` : `Tuan in its own process with a pool of ${poolSize}`}; ` +
    (warmup > 0
      ? `before the measured load, ${warmup} orders (not counted) on another tenant's campaign with its own members, so that the server's code is compiled and its connections open, as on a server that has been serving (the measured members' sessions and campaign stay cold); `
      : 'no warm-up: the measured load is the first a fresh server process serves; ') +
    `pgbench on the same database with the same client count running the minimum SQL of one purchase (decrement with check, order, order line, outbox event).\n\n${table}\n\n` +
    `Command: \`npm run bench flash-group-buy${flashArgs ? ` -- ${flashArgs}` : ''}\`\n`;
  const files = writeResult(quick ? 'flash-group-buy-quick' : 'flash-group-buy', { scenario: 'flash-group-buy', quick, machine: env, runs }, summary);
  lines.push(`flash-group-buy → ${files.md}`);
}

if (scenario === 'import' || scenario === 'all') {
  const dbUrl = await freshDatabase(admin, 'tuan_bench_import');
  const env = await machine(dbUrl);
  const rows = quick ? 5_000 : 100_000;
  console.log(`import: ${rows} rows of XLSX into a group (${quick ? 'quick' : 'full'})`);
  const r = await runImportBench({ dbUrl, rows, badEvery: 33, poolSize });
  if (!r.check.ok) failed = true;
  const table = [
    '| rows | bad rows | file | generating the file | Tuan: call returned (file read and judged) | Tuan: whole import | Tuan rows/s | CPU ms: Tuan / PostgreSQL | cores busy | report right |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${r.params.rows} | ${r.params.badRows} | ${(r.params.fileBytes / 2 ** 20).toFixed(1)} MiB | ${r.generation.ms} ms (${r.generation.rowsPerSecond} rows/s) | ${r.tuan.readAndJudgeMs} ms | ${r.tuan.totalMs} ms | ${r.tuan.rowsPerSecond} | ${r.tuan.nodeCpuMs} / ${r.tuan.postgresCpuMs} | ${r.tuan.machineBusyPercent === null ? 'n/a' : `${r.tuan.machineBusyPercent}%`} | ${r.check.ok ? 'yes' : 'NO'} |`,
  ].join('\n');
  console.log(`\n${table}\n`);
  const summary = `# import${quick ? ' (--quick)' : ''}\n\n${env.at}: ${env.cores} cores (${env.cpu}), ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}.\n` +
    `An XLSX of e-commerce buyers (phone, name, channel, buyer id, first and last order dates; one row in 33 broken) imported into a group through \`importMembers\` in process, on the server database with a pool of ${poolSize}: the file read in a worker and judged ${IMPORT_CHUNK.toLocaleString('en-US')} rows a chunk, the chunks written while it is still read (in one transaction that commits once the file is read whole), the rest after, two chunks in flight. The call returns once the file is read and judged; "whole import" is from the call to the last row committed.\n\n${table}\n\n` +
    `Command: \`npm run bench import${quick ? ' -- --quick' : ''}\`\n`;
  const files = writeResult(quick ? 'import-quick' : 'import', { scenario: 'import', quick, machine: env, ...r }, summary);
  lines.push(`import → ${files.md}`);
}

if (scenario === 'footprint' || scenario === 'all') {
  const dbUrl = await freshDatabase(admin, 'tuan_bench_footprint');
  const env = await machine(dbUrl);
  console.log(`footprint (${quick ? 'quick' : 'full'})`);
  const r = await runFootprint({ dbUrl, runs: quick ? 1 : 5 });
  const b = r.bootToHealthy;
  const table = [
    '| measure | median | min | max | runs |',
    '|---|---|---|---|---|',
    `| npm start → healthy, PGlite, fresh data dir (initdb, migrations, demo seed) | ${b.pgliteFreshDataDir.medianMs} ms | ${b.pgliteFreshDataDir.minMs} | ${b.pgliteFreshDataDir.maxMs} | ${b.pgliteFreshDataDir.runs} |`,
    `| npm start → healthy, PGlite, existing data dir | ${b.pgliteExistingDataDir.medianMs} ms | ${b.pgliteExistingDataDir.minMs} | ${b.pgliteExistingDataDir.maxMs} | ${b.pgliteExistingDataDir.runs} |`,
    `| npm start → healthy, PostgreSQL server | ${b.server.medianMs} ms | ${b.server.minMs} | ${b.server.maxMs} | ${b.server.runs} |`,
    `| idle RSS, PGlite | ${r.idleRss.pgliteRssMb} MB | | | |`,
    `| idle RSS, server database | ${r.idleRss.serverRssMb} MB | | | |`,
  ].join('\n');
  console.log(`\n${table}\n`);
  const summary = `# footprint${quick ? ' (--quick)' : ''}\n\n${env.at}: ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}, PostgreSQL ${env.postgres}.\n\n${table}\n\nCommand: \`npm run bench footprint${quick ? ' -- --quick' : ''}\`\n`;
  const files = writeResult(quick ? 'footprint-quick' : 'footprint', { scenario: 'footprint', quick, machine: env, ...r }, summary);
  lines.push(`footprint → ${files.md}`);
}

if (scenario === 'segment' || scenario === 'all') {
  const dbUrl = await freshDatabase(admin, 'tuan_bench_segment');
  const env = await machine(dbUrl);
  const profiles = quick ? 20_000 : 1_000_000;
  console.log(`segment: ${profiles.toLocaleString('en-US')} profiles, ${(profiles * 15).toLocaleString('en-US')} events (${quick ? 'quick' : 'full'})`);
  const describe = () => {
    try {
      return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const before = describe();
  const r = await runSegmentBench({ dbUrl, profiles, events: profiles * 15, warmCalls: quick ? 10 : 20, probes: quick ? 5 : 10, poolSize });
  if (!r.check.ok) failed = true;
  // The code can change under a long run (Tuan is started from the working tree): say so.
  const after = describe();
  const commit = before === after ? before : `${before} at the start, ${after} at the end`;
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const { tables, summary } = segmentReport(r, env, quick, { commit, version });
  for (const t of tables) console.log(`\n${t}`);
  console.log('');
  const files = writeResult(quick ? 'segment-quick' : 'segment', { scenario: 'segment', quick, machine: env, versions: { tuan: version, commit }, ...r }, summary);
  lines.push(`segment → ${files.md}`);
}

for (const l of lines) console.log(l);
if (failed) {
  console.error('FAILED: oversold (units reserved differ from the stock decrement, or stock below zero), an import report that does not match its file, or a segment count, first page or membership that does not match SQL');
  process.exit(1);
}
process.exit(0);
