import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config';
import { systemCtx, type BaseCtx } from '../src/platform/context';
import { migrateDatabase, openDatabase, queryRows, type Database } from '../src/platform/db';
import { newId } from '../src/platform/ids';
import { createTenant } from '../src/modules/identity';
import { members, sessions } from '../src/modules/identity/identity.schema';
import { hashSecret } from '../src/modules/identity/secrets';
import { createProduct } from '../src/modules/catalog';
import { adjustStock, createWarehouse } from '../src/modules/inventory';
import { createCampaign, publishCampaign } from '../src/modules/campaigns';
import { cpuMsOfAll, findPgbench, machineCpuMs, percentile, progress, startServer, type Server } from './lib';

export interface FlashOptions {
  dbUrl: string;
  connections: number;
  cap: number;
  members: number;
  /** 1 = one hot SKU; otherwise the load spreads over this many SKUs. */
  skus: number;
  pgbenchSeconds: number;
  poolSize: number;
  /** Tuan processes (each `npm start` on its own port, as the design scales out); the load is split evenly between them. */
  servers: number;
  /**
   * Orders placed before the measured load, on another tenant's campaign with its own members, and
   * not counted: the server's code compiled and its connections open, as on a server that has been
   * serving (the measured members' sessions and the measured campaign stay cold). 0: a process
   * that has served nothing.
   */
  warmup: number;
}

interface Setup {
  tenantId: string;
  /** [campaignId, itemId] pairs to buy from. */
  targets: Array<[string, string]>;
  cookies: string[];
  warehouseId: string;
  stockBefore: number;
  capTotal: number;
}

async function setup(database: Database, o: FlashOptions): Promise<Setup> {
  const base: BaseCtx = { db: database.db, tx: database.db, inTx: false, lang: 'en', requestId: 'bench', config: loadConfig({} as NodeJS.ProcessEnv) };
  const slug = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const { tenantId } = await createTenant(base, { slug, name: 'Bench', owner: { email: `owner@${slug}.test`, name: 'Owner', password: crypto.randomBytes(12).toString('hex') } });
  const ctx = systemCtx(base, tenantId, 'bench');
  const wh = await createWarehouse(ctx, { name: 'Bench warehouse', code: 'BENCH', address: '' });
  // Stock above the cap, so the campaign's cap is what runs out, as in a real flash sale.
  const perSkuCap = Math.ceil(o.cap / o.skus);
  const perSkuStock = perSkuCap * 2;
  const skuIds: string[] = [];
  for (let start = 0; start < o.skus; start += 100) {
    const n = Math.min(100, o.skus - start);
    const p = await createProduct(ctx, {
      title: `Bench product ${start}`,
      description: '',
      images: [],
      category: 'bench',
      status: 'active',
      inSelectionLibrary: false,
      skus: Array.from({ length: n }, (_, i) => ({ code: `B-${start + i}`, specs: {}, basePriceFen: 1990, tierPrices: [] })),
    });
    skuIds.push(...p.skus.map((s) => s.id));
    progress('SKUs', skuIds.length, o.skus);
  }
  for (const [i, skuId] of skuIds.entries()) {
    await adjustStock(ctx, { warehouseId: wh.id, skuId, delta: perSkuStock, reason: 'bench stock' });
    if (o.skus > 1) progress('stock', i + 1, o.skus);
  }
  const targets: Array<[string, string]> = [];
  for (let start = 0; start < skuIds.length; start += 50) {
    const chunk = skuIds.slice(start, start + 50);
    const c = await createCampaign(ctx, {
      title: `Flash ${start}`,
      description: '',
      coverImages: [],
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      threshold: { kind: 'none' },
      fulfilment: 'pickup',
      warehouseId: wh.id,
      items: chunk.map((skuId) => ({ skuId, priceFen: 990, perMemberLimit: null, cap: perSkuCap })),
    });
    await publishCampaign(ctx, c.id);
    for (const item of c.items) targets.push([c.id, item.id]);
  }
  // Members with sessions, written in bulk.
  const cookies: string[] = [];
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (let start = 0; start < o.members; start += 1000) {
    const n = Math.min(1000, o.members - start);
    const mRows = Array.from({ length: n }, (_, i) => ({ tenantId, id: newId('member'), phone: `1${String(3_000_000_000 + start + i)}`, name: '', source: 'bench' }));
    await database.db.insert(members).values(mRows);
    const sRows = mRows.map((m) => {
      const secret = crypto.randomBytes(24).toString('base64url');
      const id = newId('session');
      cookies.push(`tuan_sid=${tenantId}.${id}.${secret}`);
      return { tenantId, id, secretHash: hashSecret(secret), actorType: 'member' as const, actorId: m.id, expiresAt };
    });
    await database.db.insert(sessions).values(sRows);
    progress('members with sessions', start + n, o.members);
  }
  // BENCH_NO_ANALYZE=1 leaves statistics as a fresh deployment has them (tables grown from empty).
  if (process.env.BENCH_NO_ANALYZE !== '1') await database.db.execute(sql`analyze`);
  return { tenantId, targets, cookies, warehouseId: wh.id, stockBefore: perSkuStock * o.skus, capTotal: perSkuCap * o.skus };
}

async function oversellCheck(database: Database, s: Setup, created: number) {
  const [items] = await queryRows<{ reserved: number; sold: number; cap: number; over: number }>(
    database.db,
    sql`select coalesce(sum(reserved),0)::int as reserved, coalesce(sum(sold),0)::int as sold, coalesce(sum(cap),0)::int as cap,
        count(*) filter (where reserved + sold > cap)::int as over from campaign_items where tenant_id = ${s.tenantId}`,
  );
  const [stock] = await queryRows<{ on_hand: number; negative: number }>(
    database.db,
    sql`select coalesce(sum(on_hand),0)::int as on_hand, count(*) filter (where on_hand < 0)::int as negative from stock_levels where tenant_id = ${s.tenantId}`,
  );
  const [orders] = await queryRows<{ n: number; units: number }>(
    database.db,
    sql`select count(distinct o.id)::int as n, coalesce(sum(l.quantity),0)::int as units from orders o join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
        where o.tenant_id = ${s.tenantId} and o.status <> 'canceled'`,
  );
  const decrement = s.stockBefore - stock!.on_hand;
  const unitsReserved = items!.reserved + items!.sold;
  const ok = unitsReserved === decrement && unitsReserved === orders!.units && stock!.negative === 0 && items!.over === 0 && orders!.n === created && unitsReserved <= s.capTotal;
  return { ok, unitsReserved, stockDecrement: decrement, orderUnits: orders!.units, orders: orders!.n, created, capTotal: s.capTotal, itemsOverCap: items!.over, negativeStockRows: stock!.negative };
}

async function load(servers: Server[], s: Setup, o: FlashOptions) {
  const latencies: number[] = [];
  const byCode = new Map<string, number>();
  let n = 0;
  const rss = () => servers.reduce((sum, x) => sum + x.rssMb(), 0);
  const serversCpu = () => servers.reduce((sum, x) => sum + x.cpuMs(), 0);
  let peakRss = rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 200);
  const serverCpu0 = serversCpu();
  const ownCpu0 = process.cpuUsage();
  const machine0 = machineCpuMs();
  const pg0 = cpuMsOfAll('postgres');
  const started = performance.now();
  let lastResponseAt = started;
  // One autocannon per server, the connections and the orders split evenly between them.
  const share = (total: number, k: number) => Math.floor(total / servers.length) + (k < total % servers.length ? 1 : 0);
  const results = await Promise.all(
    servers.map(
      (server, k) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon({
    url: server.url,
    connections: share(o.connections, k),
    amount: share(s.capTotal, k),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (req) => {
          const i = n++;
          const [campaignId, itemId] = s.targets[i % s.targets.length]!;
          return {
            ...req,
            headers: { 'content-type': 'application/json', cookie: s.cookies[i % s.cookies.length]!, 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify({ campaignId, items: [{ itemId, quantity: 1 }], fulfilment: 'pickup' }),
          };
        },
        onResponse: (status, body) => {
          let code = String(status);
          if (status !== 201) {
            try {
              code = `${status} ${(JSON.parse(body) as { code?: string }).code ?? ''}`.trim();
            } catch {
              // not JSON
            }
          }
          byCode.set(code, (byCode.get(code) ?? 0) + 1);
        },
      },
    ],
  } as autocannon.Options, (err, res) => (err ? reject(err) : resolve(res)));
          instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
            latencies.push(responseTime);
            lastResponseAt = performance.now();
          });
        }),
    ),
  );
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((t, r) => t + f(r), 0);
  // autocannon calls back on its next one-second tick, not at the last response: time the run
  // from the start to the last response, or short runs look up to a second slower than they are.
  const seconds = (lastResponseAt - started) / 1000;
  clearInterval(sampler);
  // Who used the cores during the load: the server, this process (the load generator), the rest
  // (PostgreSQL, mostly). Per order, in CPU microseconds.
  const serverCpuMs = serversCpu() - serverCpu0;
  const own = process.cpuUsage(ownCpu0);
  const machine1 = machineCpuMs();
  const pgMs = cpuMsOfAll('postgres') - pg0;
  latencies.sort((a, b) => a - b);
  const created = byCode.get('201') ?? 0;
  return {
    requests: sum((r) => r.requests.total),
    seconds: Number(seconds.toFixed(3)),
    ordersPerSecond: Math.round(created / seconds),
    requestsPerSecond: Math.round(sum((r) => r.requests.total) / seconds),
    latencyMs: { p50: round1(percentile(latencies, 50)), p95: round1(percentile(latencies, 95)), p99: round1(percentile(latencies, 99)), max: round1(latencies[latencies.length - 1] ?? 0) },
    byCode: Object.fromEntries(byCode),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    created,
    peakRssMb: peakRss,
    cpu: cpuShares(created, serverCpuMs, (own.user + own.system) / 1000, pgMs, machine1.busy - machine0.busy, machine1.total - machine0.total, machine1.steal - machine0.steal),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function cpuShares(orders: number, serverMs: number, loadMs: number, pgMs: number, busyMs: number, totalMs: number, stealMs: number) {
  const per = (ms: number) => (orders ? Math.round((ms * 1000) / orders) : 0);
  return {
    serverUsPerOrder: per(serverMs),
    loadGeneratorUsPerOrder: per(loadMs),
    postgresUsPerOrder: per(pgMs),
    otherUsPerOrder: per(Math.max(0, busyMs - serverMs - loadMs - pgMs)),
    machineBusyPercent: totalMs ? Math.round((100 * busyMs) / totalMs) : 0,
    stealPercent: totalMs + stealMs ? Math.round((100 * stealMs) / (totalMs + stealMs)) : 0,
  };
}

/** The minimum SQL one purchase needs, run by pgbench on the same database with the same clients. */
function pgbench(dbUrl: string, o: FlashOptions) {
  const bin = findPgbench();
  if (!bin) return { available: false as const };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tuan-pgbench-'));
  const setupSql = `
    drop table if exists bench_stock, bench_orders, bench_order_lines, bench_outbox;
    create table bench_stock (id int primary key, on_hand bigint not null check (on_hand >= 0));
    insert into bench_stock select g, 1000000000 from generate_series(1, ${o.skus}) g;
    create table bench_orders (id bigserial primary key, tenant_id text not null, member_id text not null, total_fen int not null, created_at timestamptz not null default now());
    create table bench_order_lines (id bigserial primary key, order_id bigint not null references bench_orders(id), sku_id int not null, quantity int not null, price_fen int not null);
    create table bench_outbox (id bigserial primary key, type text not null, payload jsonb not null, created_at timestamptz not null default now());`;
  execFileSync(findPsql() ?? 'psql', [dbUrl, '-q', '-c', setupSql]);
  const script = path.join(dir, 'purchase.sql');
  fs.writeFileSync(
    script,
    `\\set sku random(1, ${o.skus})
BEGIN;
UPDATE bench_stock SET on_hand = on_hand - 1 WHERE id = :sku AND on_hand >= 1;
INSERT INTO bench_orders (tenant_id, member_id, total_fen) VALUES ('t', 'm', 990) RETURNING id AS order_id \\gset
INSERT INTO bench_order_lines (order_id, sku_id, quantity, price_fen) VALUES (:order_id, :sku, 1, 990);
INSERT INTO bench_outbox (type, payload) VALUES ('order.placed', '{"orderId": 1}');
END;
`,
  );
  const out = execFileSync(bin, ['-n', '-c', String(o.connections), '-j', String(Math.min(o.connections, os.cpus().length)), '-T', String(o.pgbenchSeconds), '-f', script, dbUrl], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? 0);
  return { available: true as const, tps: Math.round(tps), latencyAvgMs: lat, clients: o.connections, seconds: o.pgbenchSeconds, bin };
}

function findPsql(): string | null {
  const b = findPgbench();
  return b ? path.join(path.dirname(b), 'psql') : null;
}

/** One flash-sale run: set up, load through HTTP, check nothing was oversold, then pgbench. */
export async function runFlash(o: FlashOptions) {
  const database = await openDatabase({ url: o.dbUrl, poolSize: 4 });
  await migrateDatabase(database);
  const s = await setup(database, o);
  const warm = o.warmup > 0 ? await setup(database, { ...o, skus: 1, cap: o.warmup, members: Math.min(o.members, 500) }) : null;
  const servers: Server[] = [];
  // Ports one apart from a random base: two servers never draw the same one.
  const basePort = 21_000 + Math.floor(Math.random() * 11_000);
  try {
    for (let k = 0; k < o.servers; k++) servers.push(await startServer({ DATABASE_URL: o.dbUrl, DATABASE_POOL_SIZE: String(o.poolSize), JOBS: '0' }, basePort + k));
    const idleRssMb = servers.reduce((sum, x) => sum + x.rssMb(), 0);
    let warmup: { orders: number; ordersPerSecond: number; latencyMs: { p50: number; p99: number }; oversell: boolean } | null = null;
    if (warm) {
      console.log(`  warm-up (not counted): ${warm.capTotal} placeOrder requests on another tenant's campaign`);
      const w = await load(servers, warm, { ...o, skus: 1 });
      warmup = { orders: w.created, ordersPerSecond: w.ordersPerSecond, latencyMs: { p50: w.latencyMs.p50, p99: w.latencyMs.p99 }, oversell: !(await oversellCheck(database, warm, w.created)).ok };
    }
    console.log(`  load: ${s.capTotal} placeOrder requests, ${o.connections} connections${o.servers > 1 ? ` over ${o.servers} Tuan processes` : ''}, ${o.skus === 1 ? 'one hot SKU' : `${o.skus} SKUs`}`);
    const commits = async () => Number((await queryRows<{ n: string }>(database.db, sql`select xact_commit::text as n from pg_stat_database where datname = current_database()`))[0]!.n);
    const commits0 = await commits();
    const tuan = await load(servers, s, o);
    // Statistics reach pg_stat_database when a backend goes idle; give them a moment.
    await new Promise((r) => setTimeout(r, 700));
    const transactions = (await commits()) - commits0;
    const check = await oversellCheck(database, s, tuan.created);
    console.log(`  pgbench baseline: ${o.connections} clients, ${o.pgbenchSeconds} s`);
    const base = pgbench(o.dbUrl, o);
    return {
      params: o,
      tuan: { ...tuan, ordersPerTransaction: transactions > 0 ? Number((tuan.created / transactions).toFixed(1)) : null },
      oversell: warmup?.oversell ? { ...check, ok: false, warmupOversold: true } : check,
      warmup,
      pgbench: base,
      ratio: base.available && base.tps > 0 ? Number((tuan.ordersPerSecond / base.tps).toFixed(2)) : null,
      server: { processes: servers.length, bootMs: Math.round(Math.max(...servers.map((x) => x.bootMs))), idleRssMb },
    };
  } finally {
    await Promise.all(servers.map((x) => x.stop()));
    await database.close();
  }
}

