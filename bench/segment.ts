import os from 'node:os';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { loadConfig } from '../src/platform/config';
import { systemCtx, type BaseCtx } from '../src/platform/context';
import { migrateDatabase, openDatabase, type Db } from '../src/platform/db';
import { previewSegment, type RuleGroup } from '../src/modules/crm';
import { percentile, type Server } from './lib';
import { generateData, setupTenant, type SegmentTenant } from './segment-data';
import { evictCaches, staffClient, startTuan, type Client, type Eviction } from './segment-env';

export interface SegmentBenchOptions {
  dbUrl: string;
  profiles: number;
  events: number;
  /** Timed preview calls per segment once warm. */
  warmCalls: number;
  /** Event → membership probes (three people each). */
  probes: number;
  poolSize: number;
}

export interface SegmentDef {
  key: string;
  name: string;
  rule: RuleGroup;
  /** The same rule written by hand over the tables ($1 tenant, $2 now): the oracle the endpoint's count must equal. */
  oracle: string;
}

const lit = (id: string) => {
  if (!/^[a-z]+_[0-9A-Za-z]+$/.test(id)) throw new Error(`unexpected id ${id}`);
  return `'${id}'`;
};

/** The five representative segments, named after what they stand for. */
export function segmentDefs(t: SegmentTenant): SegmentDef[] {
  const [g1] = t.groups;
  const [t1, t2, t3, , t5] = t.tags;
  return [
    {
      key: 'narrow',
      name: '1 narrow: group + tag + 90-day spend ≥ ¥200 + ordered in 30 days',
      rule: { type: 'all', rules: [{ type: 'group', op: 'any', values: [g1!] }, { type: 'tag', op: 'any', values: [t5!] }, { type: 'spend', window: 90, op: 'gte', value: 20000 }, { type: 'last_order', op: 'within', days: 30 }] },
      oracle: `group_ids @> array[${lit(g1!)}] and tag_ids @> array[${lit(t5!)}] and spend_90d >= 20000 and last_order_at >= $2::timestamptz - interval '30 days'`,
    },
    {
      key: 'broad',
      name: '2 broad: stage at_risk or dormant, or any of the three commonest tags',
      rule: { type: 'any', rules: [{ type: 'stage', op: 'in', values: ['at_risk', 'dormant'] }, { type: 'tag', op: 'any', values: [t1!, t2!, t3!] }] },
      oracle: `(stage in ('at_risk', 'dormant') or tag_ids && array[${lit(t1!)}, ${lit(t2!)}, ${lit(t3!)}])`,
    },
    {
      key: 'rfm',
      name: '3 RFM: ≥ 3 orders and ≥ ¥300 in 365 days, no order in 60 days',
      rule: { type: 'all', rules: [{ type: 'orders', window: 365, op: 'gte', value: 3 }, { type: 'spend', window: 365, op: 'gte', value: 30000 }, { type: 'last_order', op: 'not_within', days: 60 }] },
      oracle: `orders_365d >= 3 and spend_365d >= 30000 and (last_order_at is null or last_order_at < $2::timestamptz - interval '60 days')`,
    },
    {
      key: 'event',
      name: '4 event: shared ≥ 2 times in 7 days, no viewed_campaign in 3 days',
      rule: { type: 'all', rules: [{ type: 'event', eventType: 'shared', did: true, days: 7, atLeast: 2 }, { type: 'event', eventType: 'viewed_campaign', did: false, days: 3, atLeast: 1 }] },
      oracle: `id in (select profile_id from crm_events where tenant_id = $1 and type = 'shared' and occurred_at >= $2::timestamptz - interval '7 days' group by profile_id having count(*) >= 2)
        and id not in (select profile_id from crm_events where tenant_id = $1 and type = 'viewed_campaign' and occurred_at >= $2::timestamptz - interval '3 days')`,
    },
    {
      key: 'referral',
      name: '5 referral/attributes: ≥ 2 invitees who bought, or (source member_referral/official and channels community + ecommerce)',
      rule: {
        type: 'any',
        rules: [
          { type: 'referrals', op: 'gte', value: 2 },
          { type: 'all', rules: [{ type: 'source', op: 'in', values: ['member_referral', 'official'] }, { type: 'channel', op: 'all', values: ['community', 'ecommerce'] }] },
        ],
      },
      oracle: `(invited_buyers >= 2 or (source in ('member_referral', 'official') and channels @> array['community', 'ecommerce']))`,
    },
  ];
}

const PROBE_RULE: RuleGroup = { type: 'all', rules: [{ type: 'event', eventType: 'bench_probe', did: true, days: 1, atLeast: 1 }] };

interface Preview {
  count: number;
  sample: Array<{ id: string }>;
  tookMs: number;
  countedBy: 'index' | 'database';
}

const r1 = (x: number) => Math.round(x * 10) / 10;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: r1(percentile(s, 50)), p95: r1(percentile(s, 95)), min: r1(s[0] ?? 0), max: r1(s[s.length - 1] ?? 0), n: s.length };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function oracleCount(c: pg.Client, tenantId: string, d: SegmentDef, now: Date, ids?: string[]): Promise<number> {
  const only = ids ? ` and id = any($3::text[])` : '';
  const q = `select count(*)::int as n from crm_profiles where tenant_id = $1 and $2::timestamptz is not null and status = 'active' and ${d.oracle}${only}`;
  return (await c.query<{ n: number }>(q, ids ? [tenantId, now.toISOString(), ids] : [tenantId, now.toISOString()])).rows[0]!.n;
}

/** Runs `call` and compares the count it returns with the oracle just before (and, if they differ, just after: a time boundary may have passed). */
async function checked<T>(c: pg.Client, tenantId: string, d: SegmentDef, call: () => Promise<T>, countOf: (x: T) => number) {
  const before = await oracleCount(c, tenantId, d, new Date());
  const result = await call();
  const got = countOf(result);
  const after = got === before ? before : await oracleCount(c, tenantId, d, new Date());
  return { result, oracle: got === before ? before : after, ok: got === before || got === after };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the queries previewSegment runs over crm_profiles (the count and the
 * first page), captured by calling the service in process with a query logger, so the plans follow
 * the service as it changes.
 */
async function explain(dbUrl: string, c: pg.Client, tenantId: string, rule: RuleGroup) {
  const captured: Array<{ sql: string; params: unknown[] }> = [];
  const pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  try {
    const db = drizzle(pool, { casing: 'snake_case', logger: { logQuery: (q, params) => captured.push({ sql: q, params }) } }) as unknown as Db;
    // The SQL route (the in-memory index is off here): these plans are what a count without the index runs.
    const base: BaseCtx = { db, tx: db, inTx: false, lang: 'en', requestId: 'bench', config: { ...loadConfig({} as NodeJS.ProcessEnv), segmentIndexMinProfiles: 0 } };
    await previewSegment(systemCtx(base, tenantId, 'bench'), { rule, sampleSize: 20 });
  } finally {
    await pool.end();
  }
  // Replayed in order in one transaction, so settings the service changes for one statement (the
  // first page's index walk) apply to its EXPLAIN too; the service's own estimate EXPLAIN is skipped.
  const out: Record<string, { sql: string; executionMs: number; planningMs: number; jit: string | null; plan: string }> = {};
  await c.query('begin');
  try {
    for (const q of captured) {
      if (/^explain\b/i.test(q.sql)) continue;
      if (!/from crm_profiles p\b/.test(q.sql)) {
        if (/set_config\(/.test(q.sql)) await c.query(q.sql, q.params);
        continue;
      }
      const name = /^select count\(/.test(q.sql) ? 'count' : /count\(\*\) over \(\)/.test(q.sql) ? 'onePass' : 'firstPage';
      const plan = (await c.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, q.params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      out[name] = {
        sql: q.sql,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        jit: /Timing: (.*)$/m.exec(plan)?.[1] ?? null,
        plan,
      };
    }
  } finally {
    await c.query('rollback');
  }
  return out;
}

/**
 * The segment scenario: a tenant with `profiles` people and `events` events generated in SQL; the
 * five segments' count and first page through POST /crm/segments/preview on a running Tuan, cold and
 * warm; EXPLAIN of each; the five saved; then event → saved-segment membership latency through
 * POST /crm/events. Every count is checked against a hand-written SQL count of the same rule.
 */
export async function runSegmentBench(o: SegmentBenchOptions) {
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const database = await openDatabase({ url: o.dbUrl, poolSize: 4 });
  const c = new pg.Client({ connectionString: o.dbUrl });
  let server: Server | null = null;
  try {
    await migrateDatabase(database);
    console.log('  tenant: org units, groups, tiers and tags through Tuan services');
    const tenant = await setupTenant(database);
    const generation = await generateData(o.dbUrl, tenant, { profiles: o.profiles, events: o.events });
    await c.connect();
    const defs = segmentDefs(tenant);
    // The in-memory segment index starts at 50,000 profiles by default; the quick run's 20,000 lower it so CI goes through it too.
    const indexMin = Math.min(50_000, Math.floor(o.profiles / 2));
    const env = { DATABASE_URL: o.dbUrl, DATABASE_POOL_SIZE: String(o.poolSize), JOBS: '1', SEGMENT_INDEX_MIN_PROFILES: String(indexMin) };
    const failures: string[] = [];
    const phases: Record<string, number> = {};
    let mark = performance.now();
    const phase = (name: string) => {
      phases[name] = Math.round(performance.now() - mark);
      mark = performance.now();
    };

    // Cold: Tuan started once; before each segment's call, the database's caches are discarded.
    const cold: Array<{ key: string; ms: number; tookMs: number; count: number; countedBy: string; eviction: Eviction }> = [];
    server = await startTuan(env);
    const bootMs = Math.round(server.bootMs);
    const rssBeforeIndexMb = server.rssMb();
    const http: Client = await staffClient(server.url, tenant.slug, tenant.ownerEmail, tenant.ownerPassword);
    let firstPreviewAt = 0;
    for (const d of defs) {
      const eviction = await evictCaches(o.dbUrl);
      firstPreviewAt ||= performance.now();
      const r = await http<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 });
      cold.push({ key: d.key, ms: r1(r.ms), tookMs: r.body.tookMs, count: r.body.count, countedBy: r.body.countedBy, eviction });
      console.log(`  cold ${d.key}: ${r1(r.ms)} ms (server ${r.body.tookMs} ms), ${r.body.count.toLocaleString('en-US')} profiles; eviction (${eviction.ms} ms): buffers ${eviction.sharedBuffers}, page cache ${eviction.pageCache} (${eviction.pageCacheMiB.before} → ${eviction.pageCacheMiB.after} MiB)`);
    }
    phase('cold (start Tuan, then evict caches and one call × 5)');

    // The first preview started loading the tenant's profiles into the in-memory index (in the
    // background, while the cold calls ran on SQL): wait until previews count from it.
    const indexable = defs.find((d) => d.key === 'broad')!;
    let indexReadyAfterMs: number | null = null;
    while (performance.now() - firstPreviewAt < 300_000) {
      const r = await http<Preview>('POST', '/crm/segments/preview', { rule: indexable.rule, sampleSize: 0 });
      if (r.body.countedBy === 'index') {
        indexReadyAfterMs = Math.round(performance.now() - firstPreviewAt);
        break;
      }
      await sleep(250);
    }
    if (indexReadyAfterMs === null) failures.push('the in-memory segment index was not ready 300 s after the first preview');
    const index = { minProfiles: indexMin, readyAfterMs: indexReadyAfterMs, rssBeforeMb: rssBeforeIndexMb, rssAfterMb: server.rssMb() };
    console.log(`  in-memory index ready ${indexReadyAfterMs} ms after the first preview; server RSS ${index.rssBeforeMb} → ${index.rssAfterMb} MB`);
    phase('wait for the in-memory index');

    // Warm: two untimed calls, then `warmCalls` timed; the count checked against the oracle.
    const warm = [];
    for (const d of defs) {
      for (let k = 0; k < 2; k++) await http<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 });
      const ms: number[] = [];
      const took: number[] = [];
      let last: Preview | null = null;
      for (let k = 0; k < o.warmCalls; k++) {
        const r = await http<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 });
        ms.push(r.ms);
        took.push(r.body.tookMs);
        last = r.body;
      }
      const check = await checked(c, tenant.tenantId, d, () => http<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 }), (r) => r.body.count);
      const sample = check.result.body.sample.map((s) => s.id);
      const sampleOk = sample.length === Math.min(20, check.oracle) && (await oracleCount(c, tenant.tenantId, d, new Date(), sample)) === sample.length;
      if (!check.ok) failures.push(`${d.key}: preview counted ${check.result.body.count}, SQL counts ${check.oracle}`);
      if (!sampleOk) failures.push(`${d.key}: the first page (${sample.length} profiles) is not ${Math.min(20, check.oracle)} profiles of the segment`);
      const w = { key: d.key, count: last!.count, countedBy: last!.countedBy, oracleCount: check.oracle, countOk: check.ok, sampleOk, clientMs: stats(ms), serverTookMs: stats(took) };
      warm.push(w);
      console.log(`  warm ${d.key}: median ${w.clientMs.median} ms, p95 ${w.clientMs.p95} ms (server ${w.serverTookMs.median} / ${w.serverTookMs.p95}), counted by ${w.countedBy}; count ${w.count} = SQL ${w.oracleCount}: ${check.ok && sampleOk ? 'yes' : 'NO'}`);
    }
    phase('warm calls and checks');

    // The same warm calls on a second Tuan with the index off: what SQL alone gives, in the same run.
    const sqlServer = await startTuan({ ...env, JOBS: '0', SEGMENT_INDEX_MIN_PROFILES: '0' });
    const warmSql: Array<{ key: string; count: number; countedBy: string; clientMs: ReturnType<typeof stats> }> = [];
    try {
      const http2: Client = await staffClient(sqlServer.url, tenant.slug, tenant.ownerEmail, tenant.ownerPassword);
      for (const d of defs) {
        for (let k = 0; k < 2; k++) await http2<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 });
        const ms: number[] = [];
        let last: Preview | null = null;
        for (let k = 0; k < o.warmCalls; k++) {
          const r = await http2<Preview>('POST', '/crm/segments/preview', { rule: d.rule, sampleSize: 20 });
          ms.push(r.ms);
          last = r.body;
        }
        if (last!.count !== warm.find((w) => w.key === d.key)!.count) failures.push(`${d.key}: SQL route counted ${last!.count}, the index ${warm.find((w) => w.key === d.key)!.count}`);
        warmSql.push({ key: d.key, count: last!.count, countedBy: last!.countedBy, clientMs: stats(ms) });
        console.log(`  warm ${d.key}, index off: median ${stats(ms).median} ms, counted by ${last!.countedBy}`);
      }
    } finally {
      await sqlServer.stop();
    }

    phase('warm calls with the index off (second Tuan)');
    const plans: Record<string, Awaited<ReturnType<typeof explain>>> = {};
    for (const d of defs) plans[d.key] = await explain(o.dbUrl, c, tenant.tenantId, d.rule);
    phase('EXPLAIN');

    // Saved: the five, then the first page of each one's members.
    const saved = [];
    for (const d of defs) {
      const check = await checked(c, tenant.tenantId, d, () => http<{ id: string; memberCount: number }>('POST', '/crm/segments', { name: `bench ${d.key}`, rule: d.rule }), (r) => r.body.memberCount);
      const page: number[] = [];
      let items = 0;
      for (let k = 0; k < 3; k++) {
        const r = await http<{ items: unknown[] }>('GET', `/crm/segments/${check.result.body.id}/members?limit=20`);
        page.push(r.ms);
        items = r.body.items.length;
      }
      if (!check.ok) failures.push(`${d.key}: saved with ${check.result.body.memberCount} members, SQL counts ${check.oracle}`);
      if (items !== Math.min(20, check.oracle)) failures.push(`${d.key}: members page has ${items} profiles`);
      saved.push({ key: d.key, id: check.result.body.id, saveMs: r1(check.result.ms), memberCount: check.result.body.memberCount, countOk: check.ok, membersPageMs: stats(page), membersPageAfterAnalyzeMs: stats([]) });
      console.log(`  saved ${d.key}: ${r1(check.result.ms)} ms, ${check.result.body.memberCount} members; first page of members ${stats(page).median} ms`);
    }

    // The same pages once crm_segment_members has statistics (autovacuum's ANALYZE would give them a minute or so later).
    await c.query('analyze crm_segment_members');
    for (const s of saved) {
      const page: number[] = [];
      for (let k = 0; k < 3; k++) page.push((await http<{ items: unknown[] }>('GET', `/crm/segments/${s.id}/members?limit=20`)).ms);
      s.membersPageAfterAnalyzeMs = stats(page);
    }

    phase('save five segments, members pages');
    // Event → membership: a saved segment on an event type, events for three people at a time.
    const probeSeg = (await http<{ id: string }>('POST', '/crm/segments', { name: 'bench probe', rule: PROBE_RULE })).body;
    const people = (await c.query<{ id: string }>(`select id from crm_profiles where tenant_id = $1 and status = 'active' order by md5(id) limit $2`, [tenant.tenantId, o.probes * 3])).rows.map((r) => r.id);
    const latencies: number[] = [];
    const ingestMs: number[] = [];
    for (let p = 0; p < o.probes; p++) {
      await sleep(Math.floor(Math.random() * 1000)); // a random phase against the refresher's one-second round
      const ids = people.slice(p * 3, p * 3 + 3);
      const t0 = performance.now();
      const at = new Date().toISOString();
      const ing = await http<{ stored: number }>('POST', '/crm/events', { events: ids.map((id, j) => ({ clientEventId: `bench-probe-${p}-${j}`, type: 'bench_probe', person: { memberId: id }, occurredAt: at })) });
      ingestMs.push(ing.ms);
      if (ing.body.stored !== ids.length) failures.push(`probe ${p}: stored ${ing.body.stored} of ${ids.length} events`);
      for (;;) {
        const seg = await http<{ memberCount: number }>('GET', `/crm/segments/${probeSeg.id}`);
        if (seg.body.memberCount >= (p + 1) * 3) break;
        if (performance.now() - t0 > 30_000) {
          failures.push(`probe ${p}: not in the saved segment after 30 s`);
          break;
        }
        await sleep(20);
      }
      latencies.push(performance.now() - t0);
    }
    const members = (await http<{ items: Array<{ id: string }> }>('GET', `/crm/segments/${probeSeg.id}/members?limit=50`)).body.items.map((m) => m.id);
    const missing = people.filter((id) => !members.includes(id));
    if (missing.length) failures.push(`probe: ${missing.length} probed profiles missing from the saved segment's members`);
    phase('event → membership probes');
    const probe = { probes: o.probes, peoplePerProbe: 3, latencyMs: stats(latencies), ingestMs: stats(ingestMs), missing: missing.length };
    console.log(`  event → membership: p50 ${probe.latencyMs.median} ms, max ${probe.latencyMs.max} ms over ${o.probes} probes`);

    const rssMb = server.rssMb();
    const settings = Object.fromEntries(
      (await c.query<{ name: string; setting: string }>(
        `select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost', 'autovacuum')`,
      )).rows.map((r) => [r.name, r.setting]),
    );
    return {
      params: o,
      tenant: { tenantId: tenant.tenantId, stores: tenant.stores.length, groups: tenant.groups.length, tags: tenant.tags.length, tiers: tenant.tiers.length },
      generation,
      segments: defs.map((d) => ({ key: d.key, name: d.name, rule: d.rule, oracleSql: d.oracle })),
      cold,
      index,
      warm,
      warmSql,
      plans,
      saved,
      probe,
      server: { bootMs, rssMb },
      postgresSettings: settings,
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      phasesMs: { generation: generation.totalMs, ...phases },
      check: { ok: failures.length === 0, failures },
    };
  } finally {
    if (server) await server.stop();
    await c.end().catch(() => {});
    await database.close();
  }
}
