import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context';
import { queryRows } from '../platform/db';
import { importMembers } from '../modules/community';
import { applyTag, backfillProfiles, backfillStageDaily, computeKoc, setCampaignAudience, createSegment, createTag, createTagGroup, ingestEvents, recordConsent, refreshProfiles, setMyConsent, setTierRules } from '../modules/crm';
import { listMemberTiers } from '../modules/catalog';

import { memberIdsByPhone } from '../modules/identity';

const DAY = 86_400_000;
const day = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

/**
 * The CRM in the demo, through the real services: every member gets a profile at once; store
 * members come in with their purchase history (so stages range from new to churned, and 王小明 is
 * won back); tag groups with manual and rule tags; a month of social events from an integration
 * (views, shares, likes, reviews); five saved segments; and the daily stage counts of the last 30 days.
 */
export async function seedCrm(ctx: Ctx, opts: { owner: Ctx; operator: Ctx; retailGroupId: string; campaignId: string }): Promise<void> {
  // Tiers by spend in the last 365 days: 银卡 from ¥100, 金卡 from ¥300; a month's grace before a downgrade.
  const tiers = await listMemberTiers(ctx);
  const tierId = (name: string) => tiers.find((t) => t.name === name)!.id;
  await setTierRules(opts.owner, {
    basis: 'spend',
    windowDays: 365,
    graceDays: 30,
    points: { perYuan: 1, events: {} },
    levels: [
      { tierId: tierId('银卡会员'), threshold: 10_000, perks: '银卡会员价（商品价 8 折，低于团购价时按会员价）；每月一张满 49 减 5 券' },
      { tierId: tierId('金卡会员'), threshold: 30_000, perks: '金卡会员价（商品价 7 折，低于团购价时按会员价）；生日礼盒；新品优先试吃' },
    ],
  });

  // Store members handed over with their card numbers and purchase dates: at risk, dormant, recent.
  const csv = [
    '手机号,姓名,渠道,会员卡号,首单日期,末单日期',
    `13800000081,周敏,门店会员,SC-1001,${day(300)},${day(45)}`,
    `13800000082,孙磊,门店会员,SC-1002,${day(400)},${day(120)}`,
    `13800000083,吴桐,门店会员,SC-1003,${day(25)},${day(25)}`,
    `13800000084,郑爽,门店会员,SC-1004,${day(700)},${day(260)}`,
  ].join('\n');
  await importMembers(ctx, { file: Buffer.from(csv), format: 'csv', filename: '门店会员-历史消费.csv' });

  await backfillProfiles(ctx);
  const all = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${ctx.tenantId}`);
  await refreshProfiles(ctx, all.map((r) => r.id));
  await refreshProfiles(ctx, all.map((r) => r.id)); // referrers' counts, then their rules

  const phones = await memberIdsByPhone(ctx, ['13800000001', '13800000011', '13800000012', '13800000013', '13800000014', '13800000015', '13800000017', '13800000051', '13800000052', '13800000071', '13800000072', '13800000081']);
  const id = (phone: string) => phones.get(phone)!;

  // A month of social events from the chat and mini-program integration.
  const events: Array<Record<string, unknown>> = [];
  const plan: Array<[string, string, number[]]> = [
    ['13800000001', 'shared', [1, 3, 6, 12]],
    ['13800000001', 'viewed_campaign', [0, 1, 2, 5, 9]],
    ['13800000011', 'shared', [2, 4]],
    ['13800000011', 'reviewed', [8]],
    ['13800000012', 'viewed_campaign', [1, 2, 3]],
    ['13800000013', 'liked', [4, 11]],
    ['13800000014', 'shared', [5]],
    ['13800000014', 'commented', [5, 6]],
    ['13800000015', 'viewed_campaign', [20]],
    ['13800000017', 'shared', [1, 2, 3]],
    ['13800000051', 'review_helpful', [7]],
    ['13800000052', 'review_helpful', [6]],
    ['13800000052', 'viewed_campaign', [2]],
    ['13800000081', 'viewed_campaign', [3]],
  ];
  for (const [phone, type, daysAgo] of plan) {
    for (const d of daysAgo) events.push({ clientEventId: `demo-${phone}-${type}-${d}`, type, occurredAt: new Date(Date.now() - d * DAY - 3_600_000).toISOString(), person: { memberId: id(phone) }, channel: 'community', subjectId: type === 'review_helpful' ? id('13800000011') : 'mini-program' });
  }
  events.push({ clientEventId: 'demo-tmall-1', type: 'reviewed', occurredAt: new Date(Date.now() - 15 * DAY).toISOString(), person: { externalId: { kind: 'buyer', value: 'tb_88001' } }, channel: 'ecommerce', properties: { stars: 5, shop: '天猫旗舰店' } });
  await ingestEvents(ctx, { events });

  const interests = await createTagGroup(opts.owner, { name: '兴趣偏好' });
  const ops = await createTagGroup(opts.owner, { name: '运营标记' });
  const fruit = await createTag(opts.owner, { name: '爱水果', groupId: interests.id, color: 'green', kind: 'manual' });
  const mum = await createTag(opts.owner, { name: '宝妈', groupId: interests.id, color: 'magenta', kind: 'manual' });
  await createTag(opts.owner, { name: '健身轻食', groupId: interests.id, color: 'cyan', kind: 'manual' });
  const vip = await createTag(opts.owner, { name: '重点维护', groupId: ops.id, color: 'gold', kind: 'manual' });
  await createTag(opts.owner, { name: '价格敏感', groupId: ops.id, color: 'orange', kind: 'manual' });
  await applyTag(opts.owner, fruit.id, { profileIds: ['13800000001', '13800000011', '13800000012', '13800000014', '13800000017'].map(id) });
  await applyTag(opts.owner, mum.id, { profileIds: ['13800000001', '13800000015'].map(id) });
  await applyTag(opts.owner, vip.id, { profileIds: ['13800000011', '13800000081'].map(id) });
  await createTag(opts.owner, { name: '高消费', groupId: ops.id, color: 'red', kind: 'rule', rule: { type: 'all', rules: [{ type: 'spend', window: 'all', op: 'gte', value: 15_000 }] } });
  await createTag(opts.owner, { name: '爱分享', groupId: interests.id, color: 'purple', kind: 'rule', rule: { type: 'all', rules: [{ type: 'event', eventType: 'shared', did: true, days: 30, atLeast: 2 }] } });

  await createSegment(opts.operator, { name: '近 30 天下过单', description: '最近一个月有付款订单的人', rule: { type: 'all', rules: [{ type: 'last_order', op: 'within', days: 30 }] } });
  await createSegment(opts.owner, { name: '沉睡待唤醒', description: '流失风险和沉睡的老客：发券召回', rule: { type: 'all', rules: [{ type: 'stage', op: 'in', values: ['at_risk', 'dormant'] }] } });
  await createSegment(opts.owner, {
    name: '徐汇群里爱分享的人',
    description: '在徐汇鲜果团 1 群、近 30 天分享至少 2 次：KOC 候选',
    rule: { type: 'all', rules: [{ type: 'group', op: 'any', values: [opts.retailGroupId] }, { type: 'event', eventType: 'shared', did: true, days: 30, atLeast: 2 }] },
  });
  await createSegment(opts.owner, { name: '电商老客', description: '从天猫、京东、抖音导入的客户', rule: { type: 'any', rules: [{ type: 'channel', op: 'any', values: ['ecommerce'] }, { type: 'source', op: 'in', values: ['import'] }] } });
  const fruitFans = await createSegment(opts.owner, {
    name: '爱水果的复购客',
    description: '打了“爱水果”标签，且付款 2 单以上或近 30 天看过团购',
    rule: { type: 'all', rules: [{ type: 'tag', op: 'any', values: [fruit.id] }, { type: 'any', rules: [{ type: 'orders', window: 'all', op: 'gte', value: 2 }, { type: 'event', eventType: 'viewed_campaign', did: true, days: 30, atLeast: 1 }] }] },
  });
  // Consents: most buyers agreed to marketing on their page; one signed the store's form; one withdrew.
  const asMember = (phone: string): Ctx => ({ ...ctx, actor: { type: 'member', id: id(phone), name: '', role: 'member' } });
  for (const phone of ['13800000001', '13800000011', '13800000012', '13800000014', '13800000017']) await setMyConsent(asMember(phone), { purpose: 'marketing', granted: true });
  await setMyConsent(asMember('13800000001'), { purpose: 'share_contact', granted: true });
  await recordConsent(opts.owner, id('13800000081'), { purpose: 'marketing', granted: true, source: '门店纸质登记表', note: '2025 年会员日登记' });
  await setMyConsent(asMember('13800000012'), { purpose: 'marketing', granted: false });

  // The weekend fruit group-buy is aimed at the fruit fans: they see it under 为你推荐.
  await setCampaignAudience(opts.owner, opts.campaignId, [fruitFans.id]);

  await refreshProfiles(ctx, all.map((r) => r.id));
  await computeKoc(ctx);
  await backfillStageDaily(ctx, 30);
}
