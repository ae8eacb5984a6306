import fc from 'fast-check';
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
import { createMemberTier } from '../catalog';
import { createGroup, createInvite, importMembers, joinGroup } from '../community';
import { applyDistributor } from '../distribution';
import { createOrgUnit, ensureMember, membersForCrm } from '../identity';
import { ingestEvents } from './services/ingest-events';
import { recordConsent, sendMarketing, setMyConsent } from './services/consent';
import { createSegment } from './services/segments';
import { mergeProfiles } from './services/merge-profiles';
import { erasePerson, exportPersonData } from './services/personal-data';
import { getProfile } from './services/profiles';
import { downgradeDueTiers, listTiers, setTierRules } from './services/tiers';
import { computeKoc, inviteToRole, listKocRanking } from './services/koc';
import { getCampaignAudience, listForYou, setCampaignAudience } from './services/audience';
import { applyTag, createTag } from './services/tags';
import { settleCrm } from '../../../tests/helpers/crm';

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const RUNS = Number(process.env.PROPERTY_DB_RUNS ?? 6);
const DAY = 86_400_000;
const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

const settle = () => settleCrm(base);

async function buy(m: Ctx, campaignId: string, itemId: string, quantity: number, extra: object = {}) {
  const order = (await placeOrderFlow(m, { campaignId, items: [{ itemId, quantity }], fulfilment: 'pickup', note: '', ...extra }, key())).body;
  await completeSandboxPaymentFlow(m, (await createPaymentFlow(m, order.id)).paymentId, 'paid');
  return order;
}

describe('consent', () => {
  it('never sends marketing to a person whose latest marketing consent is not a grant, over random consent histories', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ who: fc.integer({ min: 0, max: 4 }), grant: fc.boolean(), byStaff: fc.boolean(), purpose: fc.constantFrom('marketing' as const, 'share_contact' as const) }), { maxLength: 14 }), async (steps) => {
        const t = await createTestTenant(base);
        const people = [];
        for (let i = 0; i < 5; i++) people.push(await newMember(t, `p${i}`));
        await settle();
        const seg = await createSegment(t.owner, { name: '所有人', description: '', rule: { type: 'all', rules: [{ type: 'registered', op: 'within', days: 3650 }] } });
        const latest = new Map<number, boolean>();
        for (const s of steps) {
          if (s.byStaff) await recordConsent(t.owner, people[s.who]!.actor.id, { purpose: s.purpose, granted: s.grant, source: '门店纸质表', note: '' });
          else await setMyConsent(people[s.who]!, { purpose: s.purpose, granted: s.grant });
          if (s.purpose === 'marketing') latest.set(s.who, s.grant);
        }
        const r = await sendMarketing(t.owner, seg.id, { title: '周末水果团', body: '草莓到货啦' });
        const got = await queryRows<{ member_id: string }>(base.tx, sql`select member_id from member_notices where tenant_id = ${t.tenantId} and kind = 'marketing' order by member_id`);
        const expected = people.filter((_, i) => latest.get(i) === true).map((p) => p.actor.id).sort();
        expect(got.map((g) => g.member_id)).toEqual(expected);
        expect(r).toEqual({ sent: expected.length, withoutConsent: 5 - expected.length });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('erasure', () => {
  it('leaves no phone or name anywhere in the database, and keeps the orders with their amounts', async () => {
    const t = await createTestTenant(base);
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '店' })).id;
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [] });
    const phone = `1370${String(Date.now()).slice(-7)}`;
    const otherPhone = `1371${String(Date.now()).slice(-7)}`;
    const name = '欧阳娜娜';
    const m = await ensureMember(t.sys, { phone, name, source: 'test' });
    const dup = await ensureMember(t.sys, { phone: otherPhone, name: '欧阳小号', source: 'test' });
    const me: Ctx = { ...t.sys, actor: { type: 'member', id: m.id, name, role: 'member' } };
    const dupCtx: Ctx = { ...t.sys, actor: { type: 'member', id: dup.id, name: '欧阳小号', role: 'member' } };
    await joinGroup(me, { code: (await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link)).code, acceptRules: true });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 20, cap: 20, priceFen: 2000 }] });
    const order = (await placeOrderFlow(me, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 2 }], fulfilment: 'delivery', note: `请打 ${phone}`, address: { name, phone, region: '上海市徐汇区', detail: '漕溪北路 88 号 1201 室' } }, key())).body;
    await completeSandboxPaymentFlow(me, (await createPaymentFlow(me, order.id)).paymentId, 'paid');
    await buy(dupCtx, campaign.id, campaign.items[0]!.id, 1);
    await applyDistributor(me, { realName: name, reason: '我想分享', payoutAccount: '微信 ouyangnana-pay' });
    await importMembers(t.sys, { file: Buffer.from(`手机号,姓名,渠道,买家ID\n${phone},${name},天猫旗舰店,tb_ouyang`), format: 'csv', filename: 'x.csv' });
    await ingestEvents(t.owner, { events: [{ type: 'commented', person: { memberId: m.id }, properties: { text: `我是${name}，电话 ${phone}` } }] });
    await setMyConsent(me, { purpose: 'marketing', granted: true });
    await settle();
    await mergeProfiles(t.owner, { targetId: m.id, sourceId: dup.id });
    await settle();
    const exported = JSON.stringify(await exportPersonData(t.owner, m.id));
    for (const s of [phone, otherPhone, name, 'tb_ouyang', 'ouyangnana-pay', '漕溪北路 88 号 1201 室']) expect(exported).toContain(s);

    const operator = await createTestUser(t, 'operator');
    expect(await errorCode(erasePerson(operator.ctx, m.id, { reason: 'x' }))).toBe('common.forbidden');
    const done = await erasePerson(t.owner, m.id, { reason: '会员要求删除个人信息' });
    expect(done.members).toBe(2);
    await settle();

    // Every text and JSON column of every table, every tenant.
    const columns = await queryRows<{ table_name: string; column_name: string }>(
      base.tx,
      sql`select c.table_name, c.column_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
          where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const c of columns) {
      for (const needle of [phone, otherPhone, name, '欧阳小号', 'tb_ouyang', 'ouyangnana-pay', '漕溪北路 88 号 1201 室']) {
        const rows = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text like ${`%${needle}%`}`);
        if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name} has ${needle}`);
      }
    }
    expect(found).toEqual([]);
    const kept = await queryRows<{ id: string; paid_fen: number; total_fen: number }>(base.tx, sql`select id, paid_fen, total_fen from orders where tenant_id = ${t.tenantId} and member_id = any(${sql.param([m.id, dup.id])}::text[]) order by id`);
    expect(kept).toHaveLength(2);
    expect(kept.map((k) => k.paid_fen).sort()).toEqual([2000, 4000]);
    expect((await membersForCrm(t.sys, [m.id])).get(m.id)).toMatchObject({ phone: `erased:${m.id}`, name: '', status: 'blocked' });
    expect((await getProfile(t.owner, m.id)).status).toBe('erased');
    expect((await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_consents where tenant_id = ${t.tenantId} and profile_id = ${m.id}`))[0]!.n).toBe(1);
    expect(await errorCode(erasePerson(t.owner, m.id, { reason: 'again' }))).toBe('crm.profile_not_active');
  });
});

describe('tiers', () => {
  it('upgrades as soon as spend qualifies, keeps the tier through the grace period, and downgrades after it', async () => {
    const t = await createTestTenant(base);
    const silver = await createMemberTier(t.sys, { name: '银卡', rank: 1 });
    const gold = await createMemberTier(t.sys, { name: '金卡', rank: 2 });
    expect(
      await setTierRules(t.owner, { basis: 'spend', windowDays: 365, graceDays: 30, points: { perYuan: 1, events: {} }, levels: [{ tierId: silver.id, threshold: 5000, perks: '' }, { tierId: gold.id, threshold: 4000, perks: '' }] }).catch(
        (e: { code: string; errors: Array<{ path: string }> }) => [e.code, e.errors[0]!.path],
      ),
    ).toEqual(['crm.invalid_tier_rules', 'levels.1.threshold']);
    await setTierRules(t.owner, { basis: 'spend', windowDays: 365, graceDays: 30, points: { perYuan: 1, events: {} }, levels: [{ tierId: silver.id, threshold: 5000, perks: '95 折' }, { tierId: gold.id, threshold: 20000, perks: '9 折，生日礼' }] });
    const m = await newMember(t, '买家');
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, priceFen: 3000 }] });
    const item = campaign.items[0]!.id;
    await buy(m, campaign.id, item, 2);
    await settle();
    expect((await getProfile(t.owner, m.actor.id)).tierName).toBe('银卡');
    expect((await membersForCrm(t.sys, [m.actor.id])).get(m.actor.id)!.tierId).toBe(silver.id);
    const big = await buy(m, campaign.id, item, 5);
    await settle();
    expect((await getProfile(t.owner, m.actor.id)).tierName).toBe('金卡');
    await refundOrderFlow(t.owner, big.id, { reason: '质量问题' }, key());
    await settle();
    let p = await getProfile(t.owner, m.actor.id);
    expect(p).toMatchObject({ tierName: '金卡', tierMetric: 6000 });
    expect(await downgradeDueTiers(base, new Date(Date.now() + 10 * DAY))).toBe(0);
    expect(await downgradeDueTiers(base, new Date(Date.now() + 31 * DAY))).toBe(1);
    await settle();
    p = await getProfile(t.owner, m.actor.id);
    expect(p.tierName).toBe('银卡');
    expect(p.tierHistory.map((h) => [h.reason, h.to]).reverse()).toEqual([
      ['upgrade', silver.id],
      ['upgrade', gold.id],
      ['downgrade', silver.id],
    ]);
    expect((await membersForCrm(t.sys, [m.actor.id])).get(m.actor.id)!.tierId).toBe(silver.id);
    const list = await listTiers(t.owner);
    expect(list.tiers.map((x) => [x.name, x.threshold, x.profiles])).toEqual([
      ['银卡', 5000, 1],
      ['金卡', 20000, 0],
    ]);
  });
});

describe('super users', () => {
  it('scores referred GMV at depth 1 and 2, buyers brought, share-link orders and helpful reviews, and invites the best to grow', async () => {
    const t = await createTestTenant(base);
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '店' })).id;
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [] });
    const [a, b, c] = [await newMember(t, 'A'), await newMember(t, 'B'), await newMember(t, 'C')];
    await joinGroup(a, { code: (await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link)).code, acceptRules: true });
    await joinGroup(b, { code: (await createInvite(a, group.id, { source: 'member_referral', eventName: '', label: '' }, link)).code, acceptRules: true });
    await joinGroup(c, { code: (await createInvite(b, group.id, { source: 'member_referral', eventName: '', label: '' }, link)).code, acceptRules: true });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, priceFen: 5000 }] });
    await buy(b, campaign.id, campaign.items[0]!.id, 2);
    await buy(c, campaign.id, campaign.items[0]!.id, 1);
    await ingestEvents(t.owner, { events: [b, c].map((x) => ({ type: 'review_helpful', person: { memberId: x.actor.id }, subjectId: a.actor.id })) });
    await settle();
    await computeKoc(t.sys);
    const ranking = await listKocRanking(t.owner, { limit: 10 });
    expect(ranking.items[0]).toMatchObject({ rank: 1, id: a.actor.id, breakdown: { gmv1: 10000, gmv2: 5000, buyers: 1, shareOrders: 0, helpfulReviews: 2 }, score: 100 + 25 + 50 + 20 });
    expect(ranking.items[1]).toMatchObject({ id: b.actor.id, breakdown: { gmv1: 5000, buyers: 1 }, score: 50 + 50 });
    expect(await computeKoc(t.sys)).toBe(0);

    expect(await inviteToRole(t.owner, a.actor.id, { role: 'distributor', message: '邀请你成为分销员' })).toEqual({ role: 'distributor', status: 'approved' });
    expect((await listKocRanking(t.owner, { limit: 1 })).items[0]!.distributor).toBe('approved');
    await inviteToRole(t.owner, b.actor.id, { role: 'leader', message: '' });
    const notices = await queryRows<{ kind: string }>(base.tx, sql`select kind from member_notices where tenant_id = ${t.tenantId} and member_id = ${b.actor.id}`);
    expect(notices.map((n) => n.kind)).toEqual(['invitation']);
  });
});

describe('campaign audiences', () => {
  it("shows a campaign aimed at a segment under 'for you' to its members only, while it is live", async () => {
    const t = await createTestTenant(base);
    const [fan, other] = [await newMember(t, '爱吃水果'), await newMember(t, '路人')];
    await settle();
    const tag = await createTag(t.owner, { name: '爱水果', groupId: null, color: 'green', kind: 'manual' });
    await applyTag(t.owner, tag.id, { profileIds: [fan.actor.id] });
    const seg = await createSegment(t.owner, { name: '水果控', description: '', rule: { type: 'all', rules: [{ type: 'tag', op: 'any', values: [tag.id] }] } });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }] });
    expect(await errorCode(setCampaignAudience(t.owner, campaign.id, ['seg_nope']))).toBe('common.not_found');
    expect(await errorCode(setCampaignAudience(t.owner, 'cmp_nope', [seg.id]))).toBe('common.not_found');
    const set = await setCampaignAudience(t.owner, campaign.id, [seg.id, seg.id]);
    expect(set.segments).toEqual([{ id: seg.id, name: '水果控', memberCount: 1 }]);
    expect((await getCampaignAudience(t.owner, campaign.id)).segments.map((s) => s.id)).toEqual([seg.id]);
    expect((await listForYou(fan)).items.map((c) => c.id)).toEqual([campaign.id]);
    expect((await listForYou(other)).items).toEqual([]);
    await applyTag(t.owner, tag.id, { profileIds: [other.actor.id] });
    await settle();
    expect((await listForYou(other)).items.map((c) => c.id)).toEqual([campaign.id]);
    await setCampaignAudience(t.owner, campaign.id, []);
    expect((await listForYou(fan)).items).toEqual([]);
  });
});

