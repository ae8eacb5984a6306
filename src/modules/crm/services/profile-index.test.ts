import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, LIFECYCLE_STAGES } from '../crm.schema';
import type { Condition, RuleNode } from '../segment-rule';
import { indexable, popcount, ProfileIndex, ruleDays, type IndexedProfile } from './profile-index';

// The index's own mechanics: whatever order profiles arrive, change and vanish in, the index answers
// as one built fresh from the final state — and both answer as a plain reading of each profile.
// (That the index and the SQL compiler agree on real data is checked in segment-semantics.db.test.ts.)

const RUNS = Math.min(Number(process.env.PROPERTY_RUNS ?? 200), 2000);
const US_DAY = 86_400_000_000;
const NOW_US = Date.UTC(2026, 5, 15) * 1000;
const DAYS = [1, 7, 30, 90, 400];
const env = { cutoffUs: new Map(DAYS.map((d) => [d, NOW_US - d * US_DAY])), subtrees: new Map([['org_region', ['org_region', 'org_a', 'org_b']]]) };

const SOURCES = ['self_signup', 'import', 'official'];
const UNITS = ['org_region', 'org_a', 'org_b', 'org_c'];
const GROUPS = ['grp_a', 'grp_b', 'grp_c', 'grp_d'];
const TAGS = ['tag_a', 'tag_b', 'tag_c'];
const TIERS = ['tir_a', 'tir_b'];
const sub = <T>(xs: readonly T[]) => fc.subarray([...xs]);

const profileArb = (id: string): fc.Arbitrary<IndexedProfile> =>
  fc.record({
    id: fc.constant(id),
    active: fc.boolean(),
    source: fc.constantFrom(...SOURCES),
    channels: sub(CHANNELS),
    orgUnitIds: sub(UNITS),
    groupIds: sub(GROUPS),
    tagIds: sub(TAGS),
    tierId: fc.option(fc.constantFrom(...TIERS), { nil: null }),
    stage: fc.constantFrom(...LIFECYCLE_STAGES),
    registeredUs: fc.integer({ min: 0, max: 500 }).map((d) => NOW_US - d * US_DAY + 1),
    lastOrderUs: fc.option(
      fc.integer({ min: 0, max: 500 }).map((d) => NOW_US - d * US_DAY),
      { nil: null },
    ),
    orderCount: fc.integer({ min: 0, max: 5 }),
    spendFen: fc.integer({ min: 0, max: 5 }).map((x) => x * 100),
    windows: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 }),
    invitedBuyers: fc.integer({ min: 0, max: 3 }),
    consentMarketing: fc.boolean(),
    consentShareContact: fc.boolean(),
  });

const measure = fc.record({ op: fc.constantFrom('gte' as const, 'lte' as const, 'eq' as const, 'between' as const), value: fc.integer({ min: 0, max: 4 }), max: fc.integer({ min: 0, max: 5 }) });
const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ type: fc.constant('source' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.subarray([...SOURCES, 'unknown'], { minLength: 1 }) }),
  fc.record({ type: fc.constant('channel' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: fc.subarray([...CHANNELS], { minLength: 1 }) }),
  fc.record({ type: fc.constant('org_unit' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.subarray(UNITS, { minLength: 1 }) }),
  fc.record({ type: fc.constant('group' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: fc.subarray([...GROUPS, 'grp_never'], { minLength: 1 }) }),
  fc.record({ type: fc.constant('tag' as const), op: fc.constantFrom('any' as const, 'all' as const, 'none' as const), values: fc.subarray(TAGS, { minLength: 1 }) }),
  fc.record({ type: fc.constant('tier' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.subarray([...TIERS, 'none'], { minLength: 1 }) }),
  fc.record({ type: fc.constant('stage' as const), op: fc.constantFrom('in' as const, 'not_in' as const), values: fc.subarray([...LIFECYCLE_STAGES], { minLength: 1 }) }),
  fc.record({ type: fc.constant('last_order' as const), op: fc.constantFrom('within' as const, 'not_within' as const, 'never' as const), days: fc.constantFrom(...DAYS) }),
  fc.record({ type: fc.constant('registered' as const), op: fc.constantFrom('within' as const, 'not_within' as const), days: fc.constantFrom(...DAYS) }),
  fc.record({ window: fc.constantFrom(30 as const, 90 as const, 180 as const, 365 as const, 'all' as const), m: measure, spend: fc.boolean() }).map(({ window, m, spend }) => ({ type: spend ? ('spend' as const) : ('orders' as const), window, op: m.op, value: spend ? m.value * 100 : m.value, ...(m.op === 'between' ? { max: (spend ? 100 : 1) * (m.value + m.max) } : {}) })),
  measure.map((m) => ({ type: 'referrals' as const, op: m.op, value: m.value, ...(m.op === 'between' ? { max: m.value + m.max } : {}) })),
  fc.record({ type: fc.constant('consent' as const), purpose: fc.constantFrom('marketing' as const, 'share_contact' as const), granted: fc.boolean() }),
) as fc.Arbitrary<Condition>;
const ruleArb: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode; group: RuleNode }>((tie) => ({
  group: fc.record({ type: fc.constantFrom('all' as const, 'any' as const), rules: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, conditionArb, tie('group')),
})).group;

// ——— a plain reading of one profile ———
function cmp(v: number, c: { op: string; value: number; max?: number | undefined }): boolean {
  if (c.op === 'gte') return v >= c.value;
  if (c.op === 'lte') return v <= c.value;
  if (c.op === 'eq') return v === c.value;
  return v >= c.value && v <= (c.max ?? c.value);
}
const has = (list: string[], op: 'any' | 'all' | 'none', values: string[]) => (op === 'any' ? values.some((v) => list.includes(v)) : op === 'all' ? values.every((v) => list.includes(v)) : !values.some((v) => list.includes(v)));
const WIN = { 30: 0, 90: 2, 180: 4, 365: 6 } as const;
function holds(c: Condition, p: IndexedProfile): boolean {
  const cut = (d: number) => NOW_US - d * US_DAY;
  switch (c.type) {
    case 'source':
      return c.values.includes(p.source) === (c.op === 'in');
    case 'channel':
      return has(p.channels, c.op, c.values);
    case 'org_unit':
      return p.orgUnitIds.some((u) => c.values.flatMap((v) => env.subtrees.get(v) ?? [v]).includes(u)) === (c.op === 'in');
    case 'group':
      return has(p.groupIds, c.op, c.values);
    case 'tag':
      return has(p.tagIds, c.op, c.values);
    case 'tier':
      return (p.tierId === null ? c.values.includes('none') : c.values.includes(p.tierId)) === (c.op === 'in');
    case 'stage':
      return (c.values as string[]).includes(p.stage) === (c.op === 'in');
    case 'last_order':
      if (c.op === 'never') return p.lastOrderUs === null;
      return (p.lastOrderUs !== null && p.lastOrderUs >= cut(c.days!)) === (c.op === 'within');
    case 'registered':
      return (p.registeredUs >= cut(c.days)) === (c.op === 'within');
    case 'orders':
      return cmp(c.window === 'all' ? p.orderCount : p.windows[WIN[c.window]]!, c);
    case 'spend':
      return cmp(c.window === 'all' ? p.spendFen : p.windows[WIN[c.window] + 1]!, c);
    case 'referrals':
      return cmp(p.invitedBuyers, c);
    case 'consent':
      return (c.purpose === 'marketing' ? p.consentMarketing : p.consentShareContact) === c.granted;
    case 'event':
      throw new Error('not indexed');
  }
}
const evaluate = (n: RuleNode, p: IndexedProfile): boolean => (n.type === 'all' ? n.rules.every((r) => evaluate(r, p)) : n.type === 'any' ? n.rules.some((r) => evaluate(r, p)) : holds(n as Condition, p));
const newestFirst = (a: IndexedProfile, b: IndexedProfile) => b.registeredUs - a.registeredUs || (a.id < b.id ? 1 : -1);

function expected(state: Map<string, IndexedProfile>, rule: RuleNode, limit: number, scope: string[] | null) {
  const hits = [...state.values()].filter((p) => p.active && evaluate(rule, p) && (!scope || p.orgUnitIds.some((u) => scope.includes(u))));
  return { count: hits.length, firstIds: hits.sort(newestFirst).slice(0, limit).map((p) => p.id) };
}

describe('profile index', () => {
  it('answers as a plain reading of every profile, and as an index built fresh, after any sequence of adds, changes and removals', () => {
    const idArb = fc.integer({ min: 0, max: 119 }).map((i) => `mbr_${String(i).padStart(3, '0')}`);
    const opArb = fc.oneof(
      { weight: 4, arbitrary: idArb.chain((id) => profileArb(id)).map((p) => ({ kind: 'put' as const, p })) },
      { weight: 1, arbitrary: idArb.map((id) => ({ kind: 'remove' as const, id })) },
    );
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 300 }), fc.array(ruleArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), (ops, rules, limit, scoped) => {
        const live = new ProfileIndex();
        const state = new Map<string, IndexedProfile>();
        const scope = scoped ? ['org_a', 'org_c'] : null;
        for (const [i, op] of ops.entries()) {
          // Rules are asked between changes too: the value bitsets cached then must follow the changes.
          if (i % 5 === 0) for (const rule of rules) live.evaluate(rule, env, limit, scope);
          if (op.kind === 'put') {
            live.put(op.p);
            state.set(op.p.id, op.p);
          } else {
            live.remove(op.id);
            const p = state.get(op.id);
            if (p) state.set(op.id, { ...p, active: false });
          }
        }
        const fresh = new ProfileIndex();
        for (const p of [...state.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) fresh.put(p);
        for (const rule of rules) {
          const want = expected(state, rule, limit, scope);
          expect(live.evaluate(rule, env, limit, scope)).toEqual(want);
          expect(fresh.evaluate(rule, env, limit, scope)).toEqual(want);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps answering right past its first capacity and after folding many changes back', () => {
    const index = new ProfileIndex();
    const state = new Map<string, IndexedProfile>();
    const base = (i: number): IndexedProfile => ({
      id: `mbr_${String(i).padStart(6, '0')}`,
      active: true,
      source: SOURCES[i % 3]!,
      channels: i % 2 ? ['community'] : [],
      orgUnitIds: [],
      groupIds: i % 5 === 0 ? ['grp_a'] : [],
      tagIds: i % 7 === 0 ? ['tag_a'] : [],
      tierId: null,
      stage: 'new',
      registeredUs: NOW_US - i,
      lastOrderUs: null,
      orderCount: i % 4,
      spendFen: 0,
      windows: [0, 0, 0, 0, 0, 0, 0, 0],
      invitedBuyers: 0,
      consentMarketing: false,
      consentShareContact: false,
    });
    const rules: RuleNode[] = [
      { type: 'any', rules: [{ type: 'tag', op: 'any', values: ['tag_a'] }, { type: 'group', op: 'all', values: ['grp_a'] }] },
      { type: 'all', rules: [{ type: 'tag', op: 'none', values: ['tag_b'] }, { type: 'orders', window: 'all', op: 'gte', value: 2 }] },
    ];
    const check = () => {
      for (const r of rules) expect(index.evaluate(r, env, 5)).toEqual(expected(state, r, 5, null));
    };
    for (let i = 0; i < 6000; i++) {
      index.put(base(i));
      state.set(base(i).id, base(i));
    }
    check();
    // Every existing position changed twice (the overlay folds back at 4,097 changes), with the
    // rules' value bitsets cached; then 6,000 new profiles (the columns grow past their capacity).
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 6000; i++) {
        const p = { ...base(i), tagIds: (i + round) % 3 === 0 ? ['tag_a', 'tag_b'] : [], groupIds: (i + round) % 4 === 0 ? ['grp_a'] : [] };
        index.put(p);
        state.set(p.id, p);
      }
      check();
    }
    for (let i = 6000; i < 12_000; i++) {
      index.put(base(i));
      state.set(base(i).id, base(i));
    }
    check();
  });

  it('counts whole words right (popcount) and tells which rules it can count', () => {
    expect(popcount(Uint32Array.from([0, 1, 0xffffffff, 0x80000001]))).toBe(35);
    expect(indexable({ type: 'all', rules: [{ type: 'stage', op: 'in', values: ['new'] }] })).toBe(true);
    expect(indexable({ type: 'any', rules: [{ type: 'stage', op: 'in', values: ['new'] }, { type: 'all', rules: [{ type: 'event', eventType: 'shared', did: true, days: 7, atLeast: 1 }] }] })).toBe(false);
    expect(ruleDays({ type: 'all', rules: [{ type: 'last_order', op: 'within', days: 30 }, { type: 'registered', op: 'not_within', days: 30 }, { type: 'last_order', op: 'never' }] }).sort()).toEqual([30]);
  });
});
