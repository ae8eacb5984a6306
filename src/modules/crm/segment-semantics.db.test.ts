import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createTestTenant, type TestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx } from '../../platform/context';
import { insertUnnest, queryRows, type Database } from '../../platform/db';
import { createOrgUnit } from '../identity';
import { CHANNELS, LIFECYCLE_STAGES, type Channel, type LifecycleStage } from './crm.schema';
import type { Condition, RuleNode } from './segment-rule';
import { ZRuleGroup } from './segment-rule';
import { compileEnv, matches } from './services/rules';
import { previewSegment } from './services/segments';
import { countFromIndex, warmProfileIndex } from './services/profile-index-sync';
import { indexable } from './services/profile-index';

// Every segment operator against an oracle: random profiles and events are written straight into
// the CRM's tables, random rules are drawn, and the SQL the compiler makes must select exactly the
// profiles a plain in-memory reading of the rule selects.

// CI asks for 10,000 runs of the pure properties; each run here is a query, so at most 1,000.
const RUNS = Math.min(Number(process.env.PROPERTY_RUNS ?? 150), 1000);
const DAY = 86_400_000;
const NOW = new Date('2026-06-15T04:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

interface P {
  id: string;
  source: string;
  channels: Channel[];
  orgUnitIds: string[];
  groupIds: string[];
  tagIds: string[];
  tierId: string | null;
  stage: LifecycleStage;
  registeredAt: Date;
  lastOrderAt: Date | null;
  orderCount: number;
  spendFen: number;
  w: Record<30 | 90 | 180 | 365, { orders: number; spend: number }>;
  invitedBuyers: number;
  consentMarketing: boolean;
  events: Array<{ type: string; at: Date }>;
}

const SOURCES = ['self_signup', 'import', 'official', 'member_referral'];
const GROUPS = ['grp_a', 'grp_b', 'grp_c'];
const TAGS = ['tag_a', 'tag_b', 'tag_c'];
const TIERS = ['tir_a', 'tir_b'];
const EVENT_TYPES = ['shared', 'viewed_campaign', 'reviewed'];

let database: Database;
let base: BaseCtx;
let t: TestTenant;
let units: { region: string; storeA: string; storeB: string; other: string };
let people: P[];

function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  t = await createTestTenant(base);
  const region = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'region', name: '华东' })).id;
  const storeA = (await createOrgUnit(t.sys, { parentId: region, kind: 'store', name: 'A 店' })).id;
  const storeB = (await createOrgUnit(t.sys, { parentId: region, kind: 'store', name: 'B 店' })).id;
  const other = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '其他店' })).id;
  units = { region, storeA, storeB, other };
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const some = <T>(xs: readonly T[]) => xs.filter(() => r() < 0.4);
  people = Array.from({ length: 80 }, (_, i) => {
    const orders = Array.from({ length: Math.floor(r() * 5) }, () => ({ at: ago(Math.floor(r() * 400)), fen: 100 * Math.floor(r() * 300) }));
    const win = (d: number) => {
      const inside = orders.filter((o) => NOW.getTime() - o.at.getTime() <= d * DAY);
      return { orders: inside.length, spend: inside.reduce((a, o) => a + o.fen, 0) };
    };
    const last = orders.length ? new Date(Math.max(...orders.map((o) => o.at.getTime()))) : null;
    return {
      id: `mbr_sem${String(i).padStart(3, '0')}`,
      source: pick(SOURCES),
      channels: some(CHANNELS),
      orgUnitIds: some([storeA, storeB, other]),
      groupIds: some(GROUPS),
      tagIds: some(TAGS),
      tierId: r() < 0.3 ? null : pick(TIERS),
      stage: pick(LIFECYCLE_STAGES),
      registeredAt: ago(Math.floor(r() * 500)),
      lastOrderAt: last,
      orderCount: orders.length,
      spendFen: orders.reduce((a, o) => a + o.fen, 0),
      w: { 30: win(30), 90: win(90), 180: win(180), 365: win(365) },
      invitedBuyers: Math.floor(r() * 4),
      consentMarketing: r() < 0.5,
      events: Array.from({ length: Math.floor(r() * 6) }, () => ({ type: pick(EVENT_TYPES), at: ago(r() * 40) })),
    };
  });
  const col = <T>(f: (p: P) => T) => people.map(f);
  const json = <T>(f: (p: P) => T) => people.map((p) => JSON.stringify(f(p)));
  await queryRows(
    base.tx,
    sql`insert into crm_profiles (tenant_id, id, source, channels, org_unit_ids, group_ids, tag_ids, tier_id, stage, registered_at, last_order_at, order_count, spend_fen,
          orders_30d, spend_30d, orders_90d, spend_90d, orders_180d, spend_180d, orders_365d, spend_365d, invited_buyers, consent_marketing)
        select ${t.tenantId}, v.id, v.source, array(select jsonb_array_elements_text(v.ch::jsonb)), array(select jsonb_array_elements_text(v.ou::jsonb)),
          array(select jsonb_array_elements_text(v.gr::jsonb)), array(select jsonb_array_elements_text(v.tg::jsonb)), v.tier, v.stage, v.reg, v.last, v.oc, v.sp,
          v.o30, v.s30, v.o90, v.s90, v.o180, v.s180, v.o365, v.s365, v.ib, v.cm
        from unnest(${sql.param(col((p) => p.id))}::text[], ${sql.param(col((p) => p.source))}::text[], ${sql.param(json((p) => p.channels))}::text[], ${sql.param(json((p) => p.orgUnitIds))}::text[],
          ${sql.param(json((p) => p.groupIds))}::text[], ${sql.param(json((p) => p.tagIds))}::text[], ${sql.param(col((p) => p.tierId))}::text[], ${sql.param(col((p) => p.stage))}::text[],
          ${sql.param(col((p) => p.registeredAt.toISOString()))}::timestamptz[], ${sql.param(col((p) => p.lastOrderAt?.toISOString() ?? null))}::timestamptz[],
          ${sql.param(col((p) => p.orderCount))}::int[], ${sql.param(col((p) => p.spendFen))}::bigint[],
          ${sql.param(col((p) => p.w[30].orders))}::int[], ${sql.param(col((p) => p.w[30].spend))}::bigint[], ${sql.param(col((p) => p.w[90].orders))}::int[], ${sql.param(col((p) => p.w[90].spend))}::bigint[],
          ${sql.param(col((p) => p.w[180].orders))}::int[], ${sql.param(col((p) => p.w[180].spend))}::bigint[], ${sql.param(col((p) => p.w[365].orders))}::int[], ${sql.param(col((p) => p.w[365].spend))}::bigint[],
          ${sql.param(col((p) => p.invitedBuyers))}::int[], ${sql.param(col((p) => p.consentMarketing))}::boolean[])
        as v(id, source, ch, ou, gr, tg, tier, stage, reg, last, oc, sp, o30, s30, o90, s90, o180, s180, o365, s365, ib, cm)`,
  );
  const events = people.flatMap((p) => p.events.map((e) => ({ p, e })));
  await insertUnnest(base.tx, 'crm_events', [
    { name: 'tenant_id', type: 'text', values: events.map(() => t.tenantId) },
    { name: 'id', type: 'text', values: events.map((_, i) => `cev_sem${i}`) },
    { name: 'profile_id', type: 'text', values: events.map((x) => x.p.id) },
    { name: 'member_id', type: 'text', values: events.map((x) => x.p.id) },
    { name: 'type', type: 'text', values: events.map((x) => x.e.type) },
    { name: 'occurred_at', type: 'timestamptz', values: events.map((x) => x.e.at) },
    { name: 'origin', type: 'text', values: events.map(() => 'api') },
  ]);
});
afterAll(() => database.close());

// ——— the oracle: what each operator means, read plainly ———
function cmp(v: number, c: { op: 'gte' | 'lte' | 'eq' | 'between'; value: number; max?: number | undefined }): boolean {
  if (c.op === 'gte') return v >= c.value;
  if (c.op === 'lte') return v <= c.value;
  if (c.op === 'eq') return v === c.value;
  return v >= c.value && v <= (c.max ?? c.value);
}
function arr(have: string[], op: 'any' | 'all' | 'none', values: string[]): boolean {
  if (op === 'any') return values.some((v) => have.includes(v));
  if (op === 'all') return values.every((v) => have.includes(v));
  return !values.some((v) => have.includes(v));
}
function subtree(id: string): string[] {
  if (id === units.region) return [units.region, units.storeA, units.storeB];
  return [id];
}
function holds(c: Condition, p: P): boolean {
  switch (c.type) {
    case 'source':
      return c.values.includes(p.source) === (c.op === 'in');
    case 'channel':
      return arr(p.channels, c.op, c.values);
    case 'org_unit':
      return p.orgUnitIds.some((u) => c.values.flatMap(subtree).includes(u)) === (c.op === 'in');
    case 'group':
      return arr(p.groupIds, c.op, c.values);
    case 'tag':
      return arr(p.tagIds, c.op, c.values);
    case 'tier': {
      const isIn = (p.tierId !== null && c.values.includes(p.tierId)) || (p.tierId === null && c.values.includes('none'));
      return isIn === (c.op === 'in');
    }
    case 'stage':
      return c.values.includes(p.stage) === (c.op === 'in');
    case 'last_order':
      if (c.op === 'never') return p.lastOrderAt === null;
      if (c.op === 'within') return p.lastOrderAt !== null && p.lastOrderAt >= ago(c.days!);
      return p.lastOrderAt === null || p.lastOrderAt < ago(c.days!);
    case 'registered':
      return c.op === 'within' ? p.registeredAt >= ago(c.days) : p.registeredAt < ago(c.days);
    case 'orders':
      return cmp(c.window === 'all' ? p.orderCount : p.w[c.window].orders, c);
    case 'spend':
      return cmp(c.window === 'all' ? p.spendFen : p.w[c.window].spend, c);
    case 'referrals':
      return cmp(p.invitedBuyers, c);
    case 'consent':
      return (c.purpose === 'marketing' ? p.consentMarketing : false) === c.granted;
    case 'event': {
      const n = p.events.filter((e) => e.type === c.eventType && e.at >= ago(c.days)).length;
      return (n >= c.atLeast) === c.did;
    }
  }
}
function evaluate(node: RuleNode, p: P): boolean {
  if (node.type === 'all') return node.rules.every((r) => evaluate(r, p));
  if (node.type === 'any') return node.rules.some((r) => evaluate(r, p));
  return holds(node as Condition, p);
}

// ——— random rules over the same value space ———
const measure = fc.record({ op: fc.constantFrom('gte' as const, 'lte' as const, 'eq' as const, 'between' as const), value: fc.integer({ min: 0, max: 4 }), span: fc.integer({ min: 0, max: 3 }) });
const fenMeasure = fc.record({ op: fc.constantFrom('gte' as const, 'lte' as const, 'eq' as const, 'between' as const), value: fc.integer({ min: 0, max: 600 }).map((x) => x * 100), span: fc.integer({ min: 0, max: 200 }).map((x) => x * 100) });
const withMax = <T extends { op: string; value: number; span: number }>(m: T) => ({ op: m.op, value: m.value, ...(m.op === 'between' ? { max: m.value + m.span } : {}) });
const windowArb = fc.constantFrom(30 as const, 90 as const, 180 as const, 365 as const, 'all' as const);
const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ type: fc.constant('source' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: subset(SOURCES) }),
  fc.record({ type: fc.constant('channel' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: subset(CHANNELS) }),
  fc.record({ type: fc.constant('org_unit' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.constant(null).chain(() => subset(['REGION', 'A', 'B', 'OTHER'])) }).map((c) => ({
    ...c,
    values: c.values.map((v) => ({ REGION: units.region, A: units.storeA, B: units.storeB, OTHER: units.other })[v]!),
  })),
  fc.record({ type: fc.constant('group' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: subset(GROUPS) }),
  fc.record({ type: fc.constant('tag' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: subset(TAGS) }),
  fc.record({ type: fc.constant('tier' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: subset([...TIERS, 'none']) }),
  fc.record({ type: fc.constant('stage' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: subset(LIFECYCLE_STAGES) }),
  fc.record({ type: fc.constant('last_order' as const), op: fc.constantFrom('within' as const, 'not_within' as const), days: fc.integer({ min: 1, max: 400 }) }),
  fc.constant({ type: 'last_order' as const, op: 'never' as const }),
  fc.record({ type: fc.constant('registered' as const), op: fc.constantFrom('within' as const, 'not_within' as const), days: fc.integer({ min: 1, max: 500 }) }),
  fc.record({ window: windowArb, m: measure }).map(({ window, m }) => ({ type: 'orders' as const, window, ...withMax(m) })),
  fc.record({ window: windowArb, m: fenMeasure }).map(({ window, m }) => ({ type: 'spend' as const, window, ...withMax(m) })),
  measure.map((m) => ({ type: 'referrals' as const, ...withMax(m) })),
  fc.record({ type: fc.constant('consent' as const), purpose: fc.constantFrom('marketing' as const, 'share_contact' as const), granted: fc.boolean() }),
  fc.record({ type: fc.constant('event' as const), eventType: fc.constantFrom(...EVENT_TYPES), did: fc.boolean(), days: fc.integer({ min: 1, max: 45 }), atLeast: fc.integer({ min: 1, max: 3 }) }),
) as fc.Arbitrary<Condition>;

const ruleArb: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode; group: RuleNode }>((tie) => ({
  group: fc.record({ type: fc.constantFrom('all' as const, 'any' as const), rules: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, conditionArb, tie('group')),
})).group;

async function selected(rule: RuleNode): Promise<string[]> {
  const ctx = t.sys;
  const env = await compileEnv(ctx, [rule], NOW);
  const rows = await queryRows<{ id: string }>(base.tx, sql`select p.id from crm_profiles p where p.tenant_id = ${t.tenantId} and p.status = 'active' and ${matches(rule, env)} order by p.id`);
  return rows.map((r) => r.id);
}

describe('segment operators', () => {
  it('the compiled SQL selects exactly the profiles the rule describes, for every operator and random nestings', async () => {
    await fc.assert(
      fc.asyncProperty(ruleArb, async (rule) => {
        const expected = people.filter((p) => evaluate(rule, p)).map((p) => p.id).sort();
        expect(await selected(rule)).toEqual(expected);
        // Never NULL: the predicate can be negated and compared (rule tags do), and stays index-friendly without coalesce().
        const env = await compileEnv(t.sys, [rule], NOW);
        const [nulls] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_profiles p where p.tenant_id = ${t.tenantId} and (${matches(rule, env)}) is null`);
        expect(nulls!.n).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('the in-memory profile index counts and pages every rule without events exactly as the SQL does', async () => {
    const ctx = { ...t.sys, config: { ...t.sys.config, segmentIndexMinProfiles: 1 } };
    expect(await warmProfileIndex(ctx)).toBe(true);
    await fc.assert(
      fc.asyncProperty(ruleArb, fc.integer({ min: 0, max: 8 }), async (rule, limit) => {
        fc.pre(indexable(rule));
        const env = await compileEnv(ctx, [rule], NOW);
        const got = await countFromIndex(ctx, rule, env, limit);
        const ids = await selected(rule);
        const newest = await queryRows<{ id: string }>(
          base.tx,
          sql`select p.id from crm_profiles p where p.tenant_id = ${t.tenantId} and p.status = 'active' and ${matches(rule, env)} order by p.registered_at desc, p.id desc limit ${limit}`,
        );
        expect(got).toEqual({ count: ids.length, firstIds: newest.map((r) => r.id) });
      }),
      { numRuns: RUNS },
    );
  });

  it('each condition type on its own selects some but not all of the sample (the data exercises it)', async () => {
    const samples: Condition[] = [
      { type: 'source', op: 'in', values: ['import'] },
      { type: 'channel', op: 'all', values: ['community', 'store'] },
      { type: 'org_unit', op: 'in', values: [units.region] },
      { type: 'group', op: 'none', values: ['grp_a'] },
      { type: 'tag', op: 'any', values: ['tag_b'] },
      { type: 'tier', op: 'in', values: ['none'] },
      { type: 'stage', op: 'not_in', values: ['new', 'active'] },
      { type: 'last_order', op: 'within', days: 90 },
      { type: 'last_order', op: 'never' },
      { type: 'registered', op: 'within', days: 200 },
      { type: 'orders', window: 365, op: 'gte', value: 2 },
      { type: 'spend', window: 'all', op: 'between', value: 10000, max: 40000 },
      { type: 'referrals', op: 'gte', value: 2 },
      { type: 'event', eventType: 'shared', did: true, days: 30, atLeast: 2 },
      { type: 'event', eventType: 'viewed_campaign', did: false, days: 7, atLeast: 1 },
      { type: 'consent', purpose: 'marketing', granted: true },
    ];
    for (const c of samples) {
      const rule: RuleNode = { type: 'all', rules: [c] };
      const got = await selected(rule);
      expect(got, JSON.stringify(c)).toEqual(people.filter((p) => evaluate(rule, p)).map((p) => p.id).sort());
      expect(got.length, JSON.stringify(c)).toBeGreaterThan(0);
      expect(got.length, JSON.stringify(c)).toBeLessThan(people.length);
    }
  });

  it('names the part of a rule at fault', async () => {
    const bad = ZRuleGroup.safeParse({ type: 'all', rules: [{ type: 'tag', op: 'any', values: ['tag_a'] }, { type: 'spend', window: 45, op: 'gte', value: 1 }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['rules', 1, 'window']);
    const between = await previewSegment(t.owner, { rule: { type: 'all', rules: [{ type: 'any', rules: [{ type: 'orders', window: 30, op: 'between', value: 3, max: 1 }] }] }, sampleSize: 0 }).catch((e: unknown) => e as { code: string; errors: Array<{ path: string }> });
    expect(between).toMatchObject({ code: 'crm.invalid_rule', errors: [{ path: 'rule.rules.0.rules.0.max' }] });
    expect(await errorCode(previewSegment(t.owner, { rule: { type: 'all', rules: [{ type: 'group', op: 'any', values: ['grp_nope'] }] }, sampleSize: 0 }))).toBe('crm.invalid_rule');
    const deep: RuleNode = { type: 'all', rules: [{ type: 'any', rules: [{ type: 'all', rules: [{ type: 'any', rules: [{ type: 'all', rules: [{ type: 'stage', op: 'in', values: ['new'] }] }] }] }] }] };
    expect(await previewSegment(t.owner, { rule: deep as never, sampleSize: 0 }).catch((e: unknown) => (e as { errors: Array<{ path: string }> }).errors[0]!.path)).toBe('rule.rules.0.rules.0.rules.0.rules.0');
  });
});
