import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { createLiveCampaign, key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../flows/payment.flow';
import { refundOrderFlow } from '../../flows/refund-order.flow';
import { createOrgUnit } from '../identity';
import { createGroup, createInvite, joinGroup } from '../community';
import { leaveGroup } from '../community/services/roster';
import type { RuleGroup } from './segment-rule';
import { refreshProfiles } from './services/refresh';
import { ingestEvents } from './services/ingest-events';
import { applyTag, createTag } from './services/tags';
import { createSegment, refreshSegmentFully } from './services/segments';
import { mergeProfiles } from './services/merge-profiles';
import { compileEnv, syncRuleTag } from './services/rules';
import { settleCrm } from '../../../tests/helpers/crm';

// Saved segments and rule tags are kept current one profile at a time, as events arrive. Whatever
// happens — events, tags, orders and refunds, joins and leaves, invitations, merges — the
// membership kept that way must equal what a recomputation of everything from scratch gives.

const RUNS = Number(process.env.PROPERTY_DB_RUNS ?? 6);
const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const settle = (tenantId: string) => settleCrm(base, { mustSettle: true, tenantId });

type Op =
  | { kind: 'event'; who: number; type: 'shared' | 'viewed_campaign'; daysAgo: number }
  | { kind: 'tag'; who: number; remove: boolean }
  | { kind: 'buy'; who: number; quantity: number }
  | { kind: 'refund'; which: number }
  | { kind: 'join'; who: number; invitedBy: number | null }
  | { kind: 'leave'; who: number }
  | { kind: 'merge'; into: number; from: number };

const N = 4;
const who = fc.integer({ min: 0, max: N - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('event' as const), who, type: fc.constantFrom('shared' as const, 'viewed_campaign' as const), daysAgo: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tag' as const), who, remove: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('buy' as const), who, quantity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), which: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('join' as const), who, invitedBy: fc.option(who, { nil: null, freq: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), into: who, from: who }) },
);

describe('incremental segment membership', () => {
  it('always equals a full recomputation, over random sequences of events, tags, orders, joins and merges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 6, maxLength: 18 }), async (ops) => {
        const t = await createTestTenant(base);
        const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '店' })).id;
        const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [] });
        const members: Ctx[] = [];
        for (let i = 0; i < N; i++) members.push(await newMember(t, `m${i}`));
        const { campaign } = await createLiveCampaign(t, { items: [{ stock: 500, cap: 500, priceFen: 1200 }] });
        const vip = await createTag(t.owner, { name: 'VIP', groupId: null, color: 'gold', kind: 'manual' });
        const buyerVip = await createTag(t.owner, { name: '买过的VIP', groupId: null, color: 'red', kind: 'rule', rule: { type: 'all', rules: [{ type: 'tag', op: 'any', values: [vip.id] }, { type: 'orders', window: 'all', op: 'gte', value: 1 }] } });
        const rules: RuleGroup[] = [
          { type: 'all', rules: [{ type: 'event', eventType: 'shared', did: true, days: 7, atLeast: 2 }, { type: 'tag', op: 'any', values: [vip.id] }] },
          { type: 'any', rules: [{ type: 'orders', window: 30, op: 'gte', value: 2 }, { type: 'referrals', op: 'gte', value: 1 }] },
          { type: 'all', rules: [{ type: 'group', op: 'any', values: [group.id] }, { type: 'stage', op: 'not_in', values: ['new'] }] },
          { type: 'any', rules: [{ type: 'event', eventType: 'viewed_campaign', did: false, days: 5, atLeast: 1 }, { type: 'spend', window: 'all', op: 'gte', value: 3000 }] },
          { type: 'all', rules: [{ type: 'tag', op: 'any', values: [buyerVip.id] }] },
        ];
        const segments = [];
        for (const [i, rule] of rules.entries()) segments.push(await createSegment(t.owner, { name: `S${i}`, description: '', rule }));
        await settle(t.tenantId);

        const orders: string[] = [];
        const inGroup = new Set<number>();
        for (const op of ops) {
          const m = members[op.kind === 'merge' ? op.from : op.kind === 'refund' ? 0 : op.who]!;
          try {
            if (op.kind === 'event') await ingestEvents(t.owner, { events: [{ type: op.type, occurredAt: new Date(Date.now() - op.daysAgo * 86_400_000).toISOString(), person: { memberId: m.actor.id } }] });
            if (op.kind === 'tag') await applyTag(t.owner, vip.id, { profileIds: [m.actor.id] }, op.remove);
            if (op.kind === 'buy') {
              const order = (await placeOrderFlow(m, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: op.quantity }], fulfilment: 'pickup', note: '' }, key())).body;
              await completeSandboxPaymentFlow(m, (await createPaymentFlow(m, order.id)).paymentId, 'paid');
              orders.push(order.id);
            }
            if (op.kind === 'refund' && orders.length) await refundOrderFlow(t.owner, orders.splice(op.which % orders.length, 1)[0]!, { reason: 'test' }, key());
            if (op.kind === 'join' && !inGroup.has(op.who)) {
              const inviter = op.invitedBy !== null && inGroup.has(op.invitedBy) && op.invitedBy !== op.who ? members[op.invitedBy]! : null;
              const invite = inviter ? await createInvite(inviter, group.id, { source: 'member_referral', eventName: '', label: '' }, link) : await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link);
              await joinGroup(m, { code: invite.code, acceptRules: true });
              inGroup.add(op.who);
            }
            if (op.kind === 'leave' && inGroup.has(op.who)) {
              await leaveGroup(m, group.id);
              inGroup.delete(op.who);
            }
            if (op.kind === 'merge' && op.into !== op.from) await mergeProfiles(t.owner, { targetId: members[op.into]!.actor.id, sourceId: m.actor.id });
          } catch (err) {
            // A merge of an already merged profile, or joining again after leaving, is refused: fine.
            const code = (err as { code?: string }).code ?? '';
            if (!['crm.profile_not_active', 'community.already_member', 'common.not_found'].includes(code)) throw err;
          }
          await settle(t.tenantId);
        }

        const snapshot = async () => ({
          segments: await queryRows<{ segment_id: string; ids: string[] }>(
            base.tx,
            sql`select s.id as segment_id, coalesce((select array_agg(m.profile_id order by m.profile_id) from crm_segment_members m where m.tenant_id = s.tenant_id and m.segment_id = s.id), '{}') as ids
                from crm_segments s where s.tenant_id = ${t.tenantId} order by s.id`,
          ),
          counts: await queryRows<{ id: string; member_count: number }>(base.tx, sql`select id, member_count from crm_segments where tenant_id = ${t.tenantId} order by id`),
          profiles: await queryRows(
            base.tx,
            sql`select id, status, tag_ids, group_ids, stage, order_count, spend_fen, orders_30d, referrer_id, invited_count, invited_buyers from crm_profiles where tenant_id = ${t.tenantId} order by id`,
          ),
        });
        const incremental = await snapshot();
        // Recompute everything from scratch: every profile from the facts, every rule tag and segment in full.
        const ids = (await queryRows<{ id: string }>(base.tx, sql`select id from crm_profiles where tenant_id = ${t.tenantId} and status = 'active'`)).map((r) => r.id);
        await refreshProfiles(t.sys, ids);
        await refreshProfiles(t.sys, ids); // referrers' counts settle in the first pass
        const env = await compileEnv(t.sys, [buyerVip.rule!]);
        await syncRuleTag(t.sys, { id: buyerVip.id, rule: buyerVip.rule! }, env, null);
        for (const [i, s] of segments.entries()) await refreshSegmentFully(t.sys, { id: s.id, rule: rules[i]! });
        const full = await snapshot();
        expect(incremental).toEqual(full);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it("re-checks a referrer's segments when someone they invited buys (the referrer had no event of their own)", async () => {
    const t = await createTestTenant(base);
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '店' })).id;
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [] });
    const [a, b] = [await newMember(t, 'a'), await newMember(t, 'b')];
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5, priceFen: 1200 }] });
    const seg = await createSegment(t.owner, { name: '带来买家的人', description: '', rule: { type: 'all', rules: [{ type: 'referrals', op: 'gte', value: 1 }] } });
    await joinGroup(a, { code: (await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link)).code, acceptRules: true });
    await joinGroup(b, { code: (await createInvite(a, group.id, { source: 'member_referral', eventName: '', label: '' }, link)).code, acceptRules: true });
    await settle(t.tenantId);
    const members = async () => (await queryRows<{ profile_id: string }>(base.tx, sql`select profile_id from crm_segment_members where tenant_id = ${t.tenantId} and segment_id = ${seg.id}`)).map((r) => r.profile_id);
    expect(await members()).toEqual([]);
    const order = (await placeOrderFlow(b, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', note: '' }, key())).body;
    await completeSandboxPaymentFlow(b, (await createPaymentFlow(b, order.id)).paymentId, 'paid');
    await settle(t.tenantId);
    expect(await members()).toEqual([a.actor.id]);
  });
});
