import crypto from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/platform/config';
import { systemCtx, type BaseCtx } from '../src/platform/context';
import type { Database } from '../src/platform/db';
import { createOrgUnit, createTenant } from '../src/modules/identity';
import { createGroup } from '../src/modules/community';
import { createMemberTier } from '../src/modules/catalog/services/tiers';
import { createTag, createTagGroup } from '../src/modules/crm';

/** The tenant the segment bench works in, with the ids its rules name. */
export interface SegmentTenant {
  tenantId: string;
  slug: string;
  ownerEmail: string;
  ownerPassword: string;
  /** 5 stores; group g (0-based) belongs to store g % 5. */
  stores: string[];
  /** 30 groups, most popular first. */
  groups: string[];
  /** 40 manual tags, most common first. */
  tags: string[];
  /** 3 tiers, lowest first. */
  tiers: string[];
}

/** Profile (and member) id of the i-th generated person, 1-based: a prefixed id as long as a real one. */
export const personId = (i: number) => `mbr_01BENCH${String(i).padStart(19, '0')}`;
const PID = (expr: string) => `('mbr_01BENCH' || lpad((${expr})::text, 19, '0'))`;

/** A tenant made through Tuan's services: org units, groups, tiers and tags exist as they would in use. */
export async function setupTenant(database: Database): Promise<SegmentTenant> {
  const base: BaseCtx = { db: database.db, tx: database.db, inTx: false, lang: 'en', requestId: 'bench', config: loadConfig({} as NodeJS.ProcessEnv) };
  const slug = `bench-${crypto.randomBytes(4).toString('hex')}`;
  const ownerEmail = `owner@${slug}.test`;
  const ownerPassword = crypto.randomBytes(12).toString('hex');
  const { tenantId, brandId } = await createTenant(base, { slug, name: 'Bench CRM', owner: { email: ownerEmail, name: 'Owner', password: ownerPassword } });
  const ctx = systemCtx(base, tenantId, 'bench');
  const stores: string[] = [];
  for (let s = 0; s < 5; s++) stores.push((await createOrgUnit(ctx, { parentId: brandId, kind: 'store', name: `门店 ${s + 1}` })).id);
  const groups: string[] = [];
  for (let g = 0; g < 30; g++) {
    const type = (['retail', 'fan', 'store'] as const)[g % 3]!;
    groups.push((await createGroup(ctx, { orgUnitId: stores[g % 5]!, type, name: `社群 ${g + 1}`, purpose: '', rules: '', capacity: 500, warnLimit: 3, leaderIds: [] })).id);
  }
  const tiers: string[] = [];
  for (const [rank, name] of ['银卡', '金卡', '钻石卡'].entries()) tiers.push((await createMemberTier(ctx, { name, rank: rank + 1 })).id);
  const tagGroups: string[] = [];
  for (const name of ['兴趣', '渠道', '价值', '活动']) tagGroups.push((await createTagGroup(ctx, { name })).id);
  const tags: string[] = [];
  for (let t = 0; t < 40; t++) tags.push((await createTag(ctx, { name: `标签 ${t + 1}`, groupId: tagGroups[t % 4]!, color: 'blue', kind: 'manual' })).id);
  return { tenantId, slug, ownerEmail, ownerPassword, stores, groups, tags, tiers };
}

export interface TableGeneration {
  table: string;
  rows: number;
  insertMs: number;
  rowsPerSecond: number;
  /** Secondary indexes dropped before the load and built after it (as one restoring a dump would). */
  indexBuildMs: number;
  indexes: string[];
}

/**
 * One row per person in `crm_profiles` and `members`: registered over three years (more of them
 * lately), 65% buyers whose last order is skewed recent and whose windows (30/90/180/365 days) are
 * consistent with their first and last orders and average order value; lifecycle stage from those
 * facts as Tuan's stageOf sets it; 0–3 of 30 groups (popular ones first) and the stores those groups
 * belong to; 0–5 of 40 tags (skewed); a tier for 40%; sources and channels; people they invited who
 * bought for about one in eight; 0.3% merged into another.
 */
function profilesSql(): string {
  return `
insert into crm_profiles (tenant_id, id, status, merged_into, phone, name, source, channels, org_unit_ids, group_ids, tag_ids, tier_id, stage, stage_since,
  registered_at, first_order_at, last_order_at, order_count, spend_fen, orders_30d, spend_30d, orders_90d, spend_90d, orders_180d, spend_180d, orders_365d, spend_365d,
  referrer_id, invited_count, invited_buyers, refreshed_at, created_at)
select $1, ${PID('i')}, case when merged then 'merged' else 'active' end, case when merged then ${PID('i - 1')} end,
  '139' || lpad(i::text, 8, '0'), '顾客' || i, source,
  array_remove(array[case when cardinality(gidx) > 0 or r_ch1 < 0.15 then 'community' end,
                     case when r_ch2 < (case when source = 'import' then 0.9 else 0.3 end) then 'ecommerce' end,
                     case when r_ch3 < 0.25 then 'store' end], null),
  case when cardinality(gidx) = 0 and oc > 0 then array[($6::text[])[1 + floor(r_ch3 * 5)::int]]
       else array(select distinct ($6::text[])[((g - 1) % 5) + 1] from unnest(gidx) g order by 1) end,
  array(select ($5::text[])[g] from unnest(gidx) g order by 1),
  tag_ids,
  case when r_tier < 0.6 then null when r_tier < 0.85 then ($8::text[])[1] when r_tier < 0.95 then ($8::text[])[2] else ($8::text[])[3] end,
  case when oc = 0 then case when $4::timestamptz - registered_at <= interval '30 days' then 'new' else 'dormant' end
       when $4::timestamptz - last_at <= interval '30 days' then
         case when oc = 1 then 'new' when r_wb < 0.1 then 'won_back' else 'repeat' end
       when $4::timestamptz - last_at <= interval '90 days' then 'at_risk'
       when $4::timestamptz - last_at <= interval '180 days' then 'dormant' else 'churned' end,
  coalesce(last_at, registered_at),
  registered_at, first_at, last_at, oc, oc * aov,
  w30, w30 * aov, w90, w90 * aov, w180, w180 * aov, w365, w365 * aov,
  case when source = 'member_referral' and i > 1 then ${PID('1 + floor(r_wb * (i - 1))::int')} end,
  ib + floor(r_ch1 * 3)::int, ib, $4::timestamptz, registered_at
from (
  select *,
    ${[30, 90, 180, 365].map((w) => `case when oc = 0 or last_at < $4::timestamptz - interval '${w} days' then 0 when oc = 1 then 1
       else 1 + round((oc - 1) * least(1, extract(epoch from last_at - greatest(first_at, $4::timestamptz - interval '${w} days')) / greatest(extract(epoch from last_at - first_at), 1)))::int end as w${w}`).join(',\n    ')}
  from (
    select *, case when oc = 0 then null when oc = 1 then last_at else last_at - (last_at - registered_at) * (0.3 + 0.7 * r_first) end as first_at
    from (
      select *,
        case when r_buy < 0.65 then $4::timestamptz - least($4::timestamptz - registered_at, interval '730 days') * power(r_last, 1.8) end as last_at,
        case when r_buy < 0.65 then least(60, 1 + floor(-ln(1 - r_cnt) * 2.5))::int else 0 end as oc,
        1500 + floor(power(r_aov, 2) * 40000)::int as aov,
        case when r_inv < 0.88 then 0 else 1 + floor(-ln(1 - (r_inv - 0.88) / 0.12) * 1.2)::int end as ib,
        r_merge < 0.003 and i > 1 as merged,
        case when r_src < 0.30 then 'self_signup' when r_src < 0.50 then 'import' when r_src < 0.65 then 'official'
             when r_src < 0.80 then 'member_referral' when r_src < 0.90 then 'offline_event' else 'api' end as source,
        array(select distinct 1 + floor(30 * power(random(), 1.6))::int from generate_series(1, case when r_ngrp < 0.35 then 0 when r_ngrp < 0.75 then 1 when r_ngrp < 0.93 then 2 else 3 end) order by 1) as gidx,
        array(select distinct ($7::text[])[1 + floor(40 * power(random(), 2))::int] from generate_series(1, floor(r_ntag * 6)::int) order by 1) as tag_ids
      from (
        select i, $4::timestamptz - interval '1095 days' * power(($3::int - i + random()) / $3::int, 1.2) as registered_at,
          random() as r_src, random() as r_ch1, random() as r_ch2, random() as r_ch3, random() as r_tier, random() as r_buy, random() as r_last,
          random() as r_cnt, random() as r_first, random() as r_aov, random() as r_inv, random() as r_wb, random() as r_ngrp, random() as r_ntag, random() as r_merge
        from generate_series($2::int, $9::int) i
      ) r0
    ) r1
  ) r2
) r3`;
}

/** What the generated data look like, for the summary. */
export const DATA_DESCRIPTION =
  'People registered over three years (more of them lately); 65% have bought, their last order skewed recent, order counts geometric (mean about 3), ' +
  'windows of 30/90/180/365 days consistent with first and last order and an average order of ¥15–415; lifecycle stage from those facts as Tuan sets it; ' +
  '0–3 of 30 groups (popular ones first) and the stores (5 org units) those groups belong to; 0–5 of 40 manual tags (skewed); a tier (of 3) for 40%; ' +
  'six sources, channels community/ecommerce/store; invitees who bought for one in eight; 0.3% merged into another profile. ' +
  'Events over the last 365 days in time order (ids sort with time): viewed_campaign 50%, liked 20%, shared 15%, commented 10%, reviewed 5%; ' +
  'the most active 1% of people do about 16% of them.';

/**
 * Events in time order over the last 365 days (as they arrive; ids sort with time, like ULIDs):
 * viewed_campaign 50%, liked 20%, shared 15%, commented 10%, reviewed 5%; who did them is skewed
 * (the most active 1% of people do about 16% of everything), scattered over ids by a multiplier.
 */
function eventsSql(): string {
  const ago = `$4::timestamptz - interval '365 days' * (($5::bigint - k + random()) / $5::bigint)`;
  return `
insert into crm_events (tenant_id, id, profile_id, member_id, type, occurred_at, origin, channel, subject_id, created_at)
select $1, 'cev_01BENCH' || lpad(k::text, 19, '0'), pid, pid,
  case when r < 0.5 then 'viewed_campaign' when r < 0.7 then 'liked' when r < 0.85 then 'shared' when r < 0.95 then 'commented' else 'reviewed' end,
  at, 'api', case when r >= 0.7 and r < 0.85 then 'community' end, 'cmp_bench' || (k % 500), at
from (
  select k, ${PID('(floor($6::int * power(random(), 2.5))::bigint * 7919) % $6::int + 1')} as pid, random() as r, ${ago} as at
  from generate_series($2::bigint, $3::bigint) k
) x`;
}

function line(label: string, done: number, total: number, ms: number): void {
  const rate = Math.round(done / (ms / 1000));
  console.log(`  ${label}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${Math.round((done / total) * 100)}%) ${rate.toLocaleString('en-US')} rows/s`);
}

async function dropSecondaryIndexes(c: pg.Client, table: string): Promise<Array<{ name: string; def: string }>> {
  const { rows } = await c.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i where i.tablename = $1 and i.schemaname = 'public'
       and i.indexname not in (select conname from pg_constraint where conrelid = $1::regclass and contype in ('p', 'u'))`,
    [table],
  );
  for (const r of rows) await c.query(`drop index ${r.indexname}`);
  return rows.map((r) => ({ name: r.indexname, def: r.indexdef }));
}

async function buildIndexes(c: pg.Client, table: string, defs: Array<{ name: string; def: string }>): Promise<number> {
  const t0 = performance.now();
  for (const d of defs) {
    const t = performance.now();
    await c.query(d.def);
    console.log(`  index ${d.name} on ${table}: ${Math.round(performance.now() - t)} ms`);
  }
  return performance.now() - t0;
}

/**
 * Generates `profiles` people (profile and member rows) and `events` events with set-based SQL
 * (insert … select from generate_series, in chunks with progress), then VACUUM ANALYZE, as a
 * database that has been in use for a while would be (visibility map set, statistics current).
 */
export async function generateData(dbUrl: string, t: SegmentTenant, o: { profiles: number; events: number }) {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query(`set maintenance_work_mem = '1GB'`);
    await c.query('set synchronous_commit = off');
    await c.query('set jit = off');
    await c.query('select setseed(0.42)');
    const now = new Date();
    const tables: TableGeneration[] = [];
    const started = performance.now();

    const profileIdx = await dropSecondaryIndexes(c, 'crm_profiles');
    const eventIdx = await dropSecondaryIndexes(c, 'crm_events');
    const chunkP = Math.max(5_000, Math.ceil(o.profiles / 20));
    let profilesMs = 0;
    let membersMs = 0;
    for (let start = 1; start <= o.profiles; start += chunkP) {
      const end = Math.min(o.profiles, start + chunkP - 1);
      let t0 = performance.now();
      await c.query(profilesSql(), [t.tenantId, start, o.profiles, now, t.groups, t.stores, t.tags, t.tiers, end]);
      profilesMs += performance.now() - t0;
      t0 = performance.now();
      await c.query(
        `insert into members (tenant_id, id, phone, name, tier_id, source, created_at)
         select tenant_id, id, phone, name, tier_id, source, registered_at from crm_profiles where tenant_id = $1 and id between $2 and $3`,
        [t.tenantId, personId(start), personId(end)],
      );
      membersMs += performance.now() - t0;
      line('crm_profiles + members', end, o.profiles, profilesMs + membersMs);
    }
    const chunkE = Math.max(50_000, Math.ceil(o.events / 30));
    let eventsMs = 0;
    for (let start = 1; start <= o.events; start += chunkE) {
      const end = Math.min(o.events, start + chunkE - 1);
      const t0 = performance.now();
      await c.query(eventsSql(), [t.tenantId, start, end, now, o.events, o.profiles]);
      eventsMs += performance.now() - t0;
      line('crm_events', end, o.events, eventsMs);
    }
    const pIdxMs = await buildIndexes(c, 'crm_profiles', profileIdx);
    const eIdxMs = await buildIndexes(c, 'crm_events', eventIdx);
    const v0 = performance.now();
    await c.query('vacuum (analyze) crm_profiles, members, crm_events');
    const vacuumMs = performance.now() - v0;
    console.log(`  vacuum (analyze): ${Math.round(vacuumMs)} ms`);
    const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
    tables.push({ table: 'crm_profiles', rows: o.profiles, insertMs: Math.round(profilesMs), rowsPerSecond: rate(o.profiles, profilesMs), indexBuildMs: Math.round(pIdxMs), indexes: profileIdx.map((i) => i.name) });
    tables.push({ table: 'members', rows: o.profiles, insertMs: Math.round(membersMs), rowsPerSecond: rate(o.profiles, membersMs), indexBuildMs: 0, indexes: [] });
    tables.push({ table: 'crm_events', rows: o.events, insertMs: Math.round(eventsMs), rowsPerSecond: rate(o.events, eventsMs), indexBuildMs: Math.round(eIdxMs), indexes: eventIdx.map((i) => i.name) });
    const { rows: sizes } = await c.query<{ rel: string; bytes: string }>(
      `select relname as rel, pg_total_relation_size(oid)::text as bytes from pg_class where relname in ('crm_profiles', 'members', 'crm_events')`,
    );
    return {
      generatedAt: now.toISOString(),
      tables,
      vacuumAnalyzeMs: Math.round(vacuumMs),
      totalMs: Math.round(performance.now() - started),
      sizesMiB: Object.fromEntries(sizes.map((s) => [s.rel, Math.round(Number(s.bytes) / 2 ** 20)])),
    };
  } finally {
    await c.end();
  }
}
