import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createLiveCampaign, key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser } from '../../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../flows/payment.flow';
import { refundOrderFlow } from '../../flows/refund-order.flow';
import { createOrgUnit, getMembersBasic } from '../identity';
import { createGroup, createInvite, joinGroup } from '../community';
import { getProfile, listProfiles } from './services/profiles';
import { listTimeline } from './services/timeline';
import { ingestEvents } from './services/ingest-events';
import { applyTag, createTag, createTagGroup, listTags } from './services/tags';
import { createSegment, getSegment, listSegmentMembers, previewSegment } from './services/segments';
import { mergeProfiles, previewMerge } from './services/merge-profiles';
import { recordConsent } from './services/consent';
import { settleCrm } from '../../../tests/helpers/crm';

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

const settle = () => settleCrm(base);

async function buyAndPay(member: Ctx, campaignId: string, itemId: string, quantity = 1, groupId?: string) {
  const order = (await placeOrderFlow(member, { campaignId, items: [{ itemId, quantity }], fulfilment: 'pickup', note: '', ...(groupId ? { groupId } : {}) }, key())).body;
  const pay = await createPaymentFlow(member, order.id);
  await completeSandboxPaymentFlow(member, pay.paymentId, 'paid');
  return order;
}

describe('profiles follow the rest of Tuan', () => {
  it('projects registration, group joins, paid and refunded orders and the referral edge onto the profile and its timeline', async () => {
    const t = await createTestTenant(base);
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '门店' })).id;
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '邻里团', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [] });
    const inviter = await newMember(t, '老王');
    const buyer = await newMember(t, '小李');
    await joinGroup(inviter, { code: (await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link)).code, acceptRules: true });
    const invite = await createInvite(inviter, group.id, { source: 'member_referral', eventName: '', label: '' }, link);
    await joinGroup(buyer, { code: invite.code, acceptRules: true });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 50, priceFen: 2500 }] });
    const itemId = campaign.items[0]!.id;
    await buyAndPay(buyer, campaign.id, itemId, 2);
    const second = await buyAndPay(buyer, campaign.id, itemId, 1);
    await settle();

    let p = await getProfile(t.owner, buyer.actor.id);
    expect(p.name).toBe('小李');
    expect(p.groups.map((g) => g.name)).toEqual(['邻里团']);
    expect(p.orgUnits.map((u) => u.id)).toEqual([store]);
    expect(p.channels).toContain('community');
    expect(p.orderCount).toBe(2);
    expect(p.spendFen).toBe(7500);
    expect(p.windows.find((w) => w.days === 30)).toEqual({ days: 30, orders: 2, spendFen: 7500 });
    expect(p.stage).toBe('repeat');
    const timeline = await listTimeline(t.owner, buyer.actor.id, { limit: 50 });
    expect(timeline.items.map((e) => e.type).sort()).toEqual(['joined_group', 'order_paid', 'order_paid', 'registered']);

    expect(p.referrer?.id).toBe(inviter.actor.id);
    const ip = await getProfile(t.owner, inviter.actor.id);
    expect(ip).toMatchObject({ invitedCount: 1, invitedBuyers: 1, invitedSpendFen: 7500, stage: 'new', orderCount: 0 });
    expect(ip.invited.map((x) => x.id)).toEqual([buyer.actor.id]);

    await refundOrderFlow(t.owner, second.id, { reason: 'test' }, key());
    await settle();
    p = await getProfile(t.owner, buyer.actor.id);
    expect(p.orderCount).toBe(1);
    expect(p.spendFen).toBe(5000);
    expect((await listTimeline(t.owner, buyer.actor.id, { limit: 50 })).items.some((e) => e.type === 'order_refunded' && e.subjectId === second.id)).toBe(true);
  });
});

describe('event ingest', () => {
  it('stores the valid events, reports each invalid one by index, and stores nothing twice on a resend', async () => {
    const t = await createTestTenant(base);
    const m = await newMember(t, '阿美');
    const batch = [
      { clientEventId: 'e1', type: 'viewed_campaign', person: { memberId: m.actor.id }, subjectId: 'cmp_x' },
      { clientEventId: 'e2', type: 'Shared!', person: { memberId: m.actor.id } },
      { clientEventId: 'e3', type: 'shared', person: { phone: '13700000123' }, channel: 'community' },
      { clientEventId: 'e4', type: 'liked', person: { externalId: { kind: 'buyer', value: 'tb-1' } } },
      { clientEventId: 'e5', type: 'liked', person: { memberId: m.actor.id, externalId: { kind: 'buyer', value: 'tb-9' } } },
      { clientEventId: 'e6', type: 'order_paid', person: { memberId: m.actor.id } },
      { clientEventId: 'e7', type: 'commented', person: { memberId: 'mbr_nope' } },
      'not an object',
    ];
    const r = await ingestEvents(t.owner, { events: batch });
    expect(r.received).toBe(8);
    expect(r.stored).toBe(3);
    expect(r.rejected.map((x) => [x.index, x.code, x.path])).toEqual([
      [1, 'crm.invalid_event', 'type'],
      [3, 'crm.unknown_person', 'person.externalId'],
      [5, 'crm.invalid_event', 'type'],
      [6, 'crm.unknown_person', 'person.memberId'],
      [7, 'crm.invalid_event', '(event)'],
    ]);
    const again = await ingestEvents(t.owner, { events: [batch[0], batch[2], { clientEventId: 'e8', type: 'liked', person: { externalId: { kind: 'buyer', value: 'tb-9' } } }] });
    expect(again).toMatchObject({ stored: 1, duplicates: 2, rejected: [] });
    await settle();
    const p = await getProfile(t.owner, m.actor.id);
    expect(p.identities).toEqual([{ kind: 'buyer', value: 'tb-9', source: 'events' }]);
    expect(p.channels).toContain('ecommerce');
    expect((await listTimeline(t.owner, m.actor.id, { limit: 50 })).items.filter((e) => e.origin === 'api').map((e) => e.type).sort()).toEqual(['liked', 'liked', 'viewed_campaign']);
    const leader = await createTestUser(t, 'leader');
    expect(await errorCode(ingestEvents(leader.ctx, { events: batch }))).toBe('common.forbidden');
  });
});

describe('segments, tags and merge', () => {
  it('counts live, saves a segment kept current by events, tags a segment in bulk, and a rule tag follows its rule', async () => {
    const t = await createTestTenant(base);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => newMember(t, `客${i}`)));
    await settle();
    const sharedTwice = { type: 'all' as const, rules: [{ type: 'event' as const, eventType: 'shared', did: true, days: 7, atLeast: 2 }] };
    expect((await previewSegment(t.owner, { rule: sharedTwice, sampleSize: 5 })).count).toBe(0);
    const seg = await createSegment(t.owner, { name: '爱分享', description: '', rule: sharedTwice });
    expect(seg.memberCount).toBe(0);

    const share = (i: number, n: number) => Array.from({ length: n }, () => ({ type: 'shared', person: { memberId: people[i]!.actor.id } }));
    await ingestEvents(t.owner, { events: [...share(0, 2), ...share(1, 1), ...share(2, 3)] });
    await settle();
    expect((await getSegment(t.owner, seg.id)).memberCount).toBe(2);
    expect((await listSegmentMembers(t.owner, seg.id, { limit: 10, sort: 'recent' })).items.map((p) => p.id).sort()).toEqual([people[0]!.actor.id, people[2]!.actor.id].sort());
    const preview = await previewSegment(t.owner, { rule: sharedTwice, sampleSize: 1 });
    expect(preview.count).toBe(2);
    expect(preview.sample).toHaveLength(1);

    const group = await createTagGroup(t.owner, { name: '兴趣' });
    const kol = await createTag(t.owner, { name: '种草达人', groupId: group.id, color: 'gold', kind: 'manual' });
    expect(await applyTag(t.owner, kol.id, { segmentId: seg.id })).toEqual({ changed: 2 });
    expect(await applyTag(t.owner, kol.id, { segmentId: seg.id })).toEqual({ changed: 0 });
    expect(await applyTag(t.owner, kol.id, { profileIds: [people[3]!.actor.id] })).toEqual({ changed: 1 });
    const ruleTag = await createTag(t.owner, { name: '达人且分享', groupId: null, color: 'blue', kind: 'rule', rule: { type: 'all', rules: [{ type: 'tag', op: 'any', values: [kol.id] }, { type: 'event', eventType: 'shared', did: true, days: 7, atLeast: 1 }] } });
    expect(ruleTag.profiles).toBe(2);
    await ingestEvents(t.owner, { events: share(3, 1) });
    await settle();
    expect((await listTags(t.owner)).items.find((x) => x.id === ruleTag.id)?.profiles).toBe(3);
    expect(await errorCode(applyTag(t.owner, ruleTag.id, { profileIds: [people[4]!.actor.id] }))).toBe('crm.rule_tag_manual_only');
    const bad = await createTag(t.owner, { name: '套娃', groupId: null, color: 'blue', kind: 'rule', rule: { type: 'all', rules: [{ type: 'tag', op: 'any', values: [ruleTag.id] }] } }).catch((e: unknown) => e as { code: string; errors: Array<{ path: string }> });
    expect(bad).toMatchObject({ code: 'crm.invalid_rule', errors: [{ path: 'rule.rules.0.values.0' }] });
    const list = await listProfiles(t.owner, { limit: 10, tagId: kol.id, sort: 'recent' });
    expect(list.items).toHaveLength(3);
  });

  it('merges a duplicate into the profile that stays, keeping every event, order and tag', async () => {
    const t = await createTestTenant(base);
    const a = await newMember(t, '张三');
    const b = await newMember(t, '');
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 1000 }] });
    await buyAndPay(a, campaign.id, campaign.items[0]!.id, 1);
    await buyAndPay(b, campaign.id, campaign.items[0]!.id, 2);
    await ingestEvents(t.owner, { events: [{ type: 'reviewed', person: { memberId: b.actor.id, externalId: { kind: 'chat', value: 'wx-b' } } }] });
    const tagB = await createTag(t.owner, { name: 'B的标签', groupId: null, color: 'red', kind: 'manual' });
    await applyTag(t.owner, tagB.id, { profileIds: [b.actor.id] });
    await settle();
    await recordConsent(t.owner, a.actor.id, { purpose: 'share_contact', granted: true, source: '门店纸质授权书', note: '' });
    const shared = async (m: Ctx) => (await getMembersBasic(t.sys, [m.actor.id])).get(m.actor.id)!.contactShared;
    expect([await shared(a), await shared(b)]).toEqual([true, false]);
    const before = (await listTimeline(t.owner, a.actor.id, { limit: 100 })).items.length + (await listTimeline(t.owner, b.actor.id, { limit: 100 })).items.length;

    expect(await errorCode(mergeProfiles(t.owner, { targetId: a.actor.id, sourceId: a.actor.id }))).toBe('crm.merge_same_profile');
    const other = await createTestTenant(base);
    expect(await errorCode(mergeProfiles(other.owner, { targetId: a.actor.id, sourceId: b.actor.id }))).toBe('common.not_found');
    const preview = await previewMerge(t.owner, { targetId: a.actor.id, sourceId: b.actor.id });
    expect(preview.moves).toMatchObject({ identities: 1, orders: 1, tags: 1 });
    expect(preview.after).toMatchObject({ orderCount: 2, spendFen: 3000 });

    const merged = await mergeProfiles(t.owner, { targetId: a.actor.id, sourceId: b.actor.id });
    expect(merged).toMatchObject({ orderCount: 2, spendFen: 3000, mergedMemberIds: [b.actor.id], name: '张三' });
    expect(merged.tags.map((x) => x.name)).toEqual(['B的标签']);
    expect(merged.identities).toEqual([{ kind: 'chat', value: 'wx-b', source: 'events' }]);
    const after = (await listTimeline(t.owner, a.actor.id, { limit: 100 })).items;
    expect(after.length).toBe(before + 1);
    expect(after.some((e) => e.type === 'reviewed' && e.memberId === b.actor.id)).toBe(true);
    expect((await getProfile(t.owner, b.actor.id)).status).toBe('merged');
    // One person, one consent: leaders now see the merged member's name as well.
    expect(await shared(b)).toBe(true);
    expect(await errorCode(mergeProfiles(t.owner, { targetId: a.actor.id, sourceId: b.actor.id }))).toBe('crm.profile_not_active');

    // Later events of the merged member land on the survivor; a later order counts there too.
    await ingestEvents(t.owner, { events: [{ type: 'liked', person: { externalId: { kind: 'chat', value: 'wx-b' } } }] });
    await buyAndPay(b, campaign.id, campaign.items[0]!.id, 1);
    await settle();
    const final = await getProfile(t.owner, a.actor.id);
    expect(final.orderCount).toBe(3);
    expect((await listProfiles(t.owner, { limit: 10, sort: 'recent' })).items.map((p) => p.id)).toEqual([a.actor.id]);
    const rows = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_events where tenant_id = ${t.tenantId} and profile_id = ${b.actor.id}`);
    expect(rows[0]!.n).toBe(0);
  });
});
