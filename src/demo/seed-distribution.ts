import type { Ctx } from '../platform/context';
import { dispatchRound } from '../platform/consumers';
import { ensureMember } from '../modules/identity';
import { createCampaign, publishCampaign, type CampaignView } from '../modules/campaigns';
import { getOrder } from '../modules/orders';
import {
  applyDistributor,
  createPayoutBatch,
  decideDistributor,
  distributionConsumer,
  inviteDistributor,
  listBalances,
  markPayoutBatchPaid,
  recordTouch,
  releaseDueCommissions,
  setPolicy,
  updateSettings,
} from '../modules/distribution';
import { placeOrderFlow } from '../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../flows/payment.flow';
import { advanceOrderFlow } from '../flows/advance-order.flow';
import { refundOrderFlow } from '../flows/refund-order.flow';

export const DEMO_DISTRIBUTORS = [
  { phone: '13800000001', name: '陈小满', payoutAccount: '微信 chenxiaoman' },
  { phone: '13800000021', name: '赵丽', payoutAccount: '招商银行 6214 **** 0021' },
  { phone: '13800000022', name: '钱多多', payoutAccount: '微信 qianduoduo' },
] as const;

const member = (ctx: Ctx, m: { id: string; name: string }): Ctx => ({ ...ctx, actor: { type: 'member', id: m.id, name: m.name, role: 'member' } });

/**
 * Distribution in the demo, through the real flows: a commission policy with a SKU override,
 * distributors in every status (approved, applied, rejected, suspended), a leader's own campaign,
 * orders bought through share links, and earnings in every state — paid out, in an open payout
 * batch, available, pending in the after-sale window, and clawed back by refunds before and after
 * release.
 */
export async function seedDistribution(
  sys: Ctx,
  opts: { owner: Ctx; leader: Ctx; campaign: CampaignView; warehouseId: string; leaderOrgUnitId: string; sku: (code: string) => string },
): Promise<void> {
  const { owner, leader } = opts;
  await updateSettings(owner, { afterSaleDays: 0, payoutMinimumFen: 1000, bindingMode: 'first_touch', protectionDays: 30, level2Enabled: true });
  await setPolicy(owner, { scope: { kind: 'tenant' }, rules: { leader: { method: 'rate', rateBps: 300 }, level1: { method: 'rate', rateBps: 1000 }, level2: { method: 'rate', rateBps: 300 } }, note: '默认：团长 3%，一级 10%，二级 3%' });
  await setPolicy(owner, { scope: { kind: 'sku', id: opts.sku('EGG-30') }, rules: { level1: { method: 'fixed', fixedFen: 100 } }, note: '鸡蛋毛利低：一级每盒 ¥1' });

  // Distributors: 赵丽 invited by the operator; 陈小满 (the demo member) and 钱多多 applied, both first invited by 赵丽.
  const zhao = await inviteDistributor(owner, { phone: DEMO_DISTRIBUTORS[1].phone, realName: DEMO_DISTRIBUTORS[1].name, payoutAccount: DEMO_DISTRIBUTORS[1].payoutAccount, note: '门店老顾客，社群活跃' });
  const chen = await applyDistributorAs(sys, DEMO_DISTRIBUTORS[0]);
  const qian = await applyDistributorAs(sys, DEMO_DISTRIBUTORS[2]);
  for (const d of [chen, qian]) {
    await recordTouch(d, d.actor.id, zhao.referralCode!);
    await decideDistributor(owner, d.actor.id, 'approve', '资料齐全');
  }
  const sun = await applyDistributorAs(sys, { phone: '13800000023', name: '孙阿姨', payoutAccount: '' }, '小区宝妈群群主，想帮忙卖');
  void sun;
  const zhou = await applyDistributorAs(sys, { phone: '13800000024', name: '周同学', payoutAccount: '' });
  await decideDistributor(owner, zhou.actor.id, 'reject', '未满 18 周岁');
  const wu = await applyDistributorAs(sys, { phone: '13800000025', name: '吴先生', payoutAccount: '' });
  await decideDistributor(owner, wu.actor.id, 'approve', '');
  await decideDistributor(owner, wu.actor.id, 'suspend', '在群内发布违规广告');

  // The leader's own campaign, from the selection library.
  const now = Date.now();
  const draft = await createCampaign(leader, {
    title: '王团长的粮油团：五常大米 + 云南咖啡',
    description: '团长自选好货，到店自提。',
    coverImages: [],
    startsAt: new Date(now - 3_600_000).toISOString(),
    endsAt: new Date(now + 14 * 86_400_000).toISOString(),
    threshold: { kind: 'none' },
    fulfilment: 'pickup',
    warehouseId: opts.warehouseId,
    orgUnitId: opts.leaderOrgUnitId,
    items: [
      { skuId: opts.sku('RICE-5KG'), priceFen: 7900, perMemberLimit: null, cap: 200 },
      { skuId: opts.sku('COFFEE-250-M'), priceFen: 4900, perMemberLimit: null, cap: 100 },
    ],
  });
  const leaderCampaign = await publishCampaign(leader, draft.id);

  let buyerSeq = 31;
  const buy = async (code: string, campaign: CampaignView, quantities: number[]): Promise<string> => {
    const phone = `138000000${buyerSeq++}`;
    const name = ['郑洁', '冯磊', '褚楠', '卫东', '蒋琳', '沈悦', '韩梅', '杨帆', '朱丹', '秦川', '许诺', '何静'][buyerSeq % 12]!;
    const m = member(sys, await ensureMember(sys, { phone, name, source: 'demo' }));
    const items = campaign.items.map((item, j) => ({ itemId: item.id, quantity: quantities[j] ?? 0 })).filter((x) => x.quantity > 0);
    const order = await placeOrderFlow(m, { campaignId: campaign.id, items, fulfilment: 'pickup', note: '', referralCode: code }, `demo-ref-${phone}`);
    const payment = await createPaymentFlow(m, order.body.id);
    await completeSandboxPaymentFlow(m, payment.paymentId, 'paid');
    return order.body.id;
  };
  const complete = async (orderId: string) => {
    await advanceOrderFlow(owner, orderId, { status: 'ready_for_pickup', note: '' });
    await advanceOrderFlow(owner, orderId, { status: 'completed', note: '' });
  };
  const settle = async () => {
    await dispatchRound(sys, [distributionConsumer]);
    await releaseDueCommissions(sys, new Date());
  };
  const chenCode = (await ensureMember(sys, { phone: DEMO_DISTRIBUTORS[0].phone, source: 'demo' })).referralCode!;
  const qianCode = (await ensureMember(sys, { phone: DEMO_DISTRIBUTORS[2].phone, source: 'demo' })).referralCode!;

  // 1. Orders completed with no after-sale window: released at once, then paid out.
  const early = [await buy(chenCode, opts.campaign, [2, 1, 0]), await buy(chenCode, leaderCampaign, [1, 1]), await buy(qianCode, opts.campaign, [1, 0, 2]), await buy(zhao.referralCode!, leaderCampaign, [2, 0])];
  for (const id of early) await complete(id);
  await settle();
  const paidBatch = await createPayoutBatch(owner, { minimumFen: 1000 });
  await markPayoutBatchPaid(owner, paidBatch.id, 'WX-TRANSFER-20261120', 'demo-payout-1');

  // 2. More completed and released; then a refund of an order already paid out (a negative adjustment).
  const later = [await buy(chenCode, opts.campaign, [3, 0, 1]), await buy(chenCode, leaderCampaign, [2, 0]), await buy(qianCode, leaderCampaign, [1, 2])];
  for (const id of later) await complete(id);
  await settle();
  const first = await getOrder(owner, early[0]!);
  await refundOrderFlow(owner, first.id, { lines: [{ lineId: first.lines[0]!.id, quantity: 1 }], reason: '一箱脐橙磕碰，部分退款' }, 'demo-refund-1');
  await settle();
  // An open batch for the largest available balance only (in payout); the others stay available.
  const top = (await listBalances(owner, { limit: 1, sort: 'available' })).items[0]!;
  await createPayoutBatch(owner, { minimumFen: top.availableFen });
  // Released since that batch: available again.
  const since = await buy(chenCode, leaderCampaign, [0, 1]);
  await complete(since);
  await settle();

  // 3. With a 7-day after-sale window: completed (pending until the window ends), paid but not yet
  // fulfilled (pending), one refunded in full (reversed) and one in part before release.
  await updateSettings(owner, { afterSaleDays: 7 });
  const done = await buy(chenCode, opts.campaign, [1, 1, 1]);
  await complete(done);
  const open = await buy(chenCode, leaderCampaign, [1, 0]);
  const refunded = await buy(qianCode, opts.campaign, [2, 0, 0]);
  const partial = await buy(zhao.referralCode!, opts.campaign, [2, 1, 0]);
  await buy(chenCode, opts.campaign, [0, 0, 3]);
  void open;
  await settle();
  await refundOrderFlow(owner, refunded, { reason: '顾客取消' }, 'demo-refund-2');
  const p = await getOrder(owner, partial);
  await refundOrderFlow(owner, partial, { lines: [{ lineId: p.lines[0]!.id, quantity: 1 }], reason: '少发一件' }, 'demo-refund-3');
  await settle();
}

async function applyDistributorAs(sys: Ctx, d: { phone: string; name: string; payoutAccount: string }, reason = ''): Promise<Ctx> {
  const m = member(sys, await ensureMember(sys, { phone: d.phone, name: d.name, source: 'demo' }));
  await applyDistributor(m, { realName: d.name, reason, payoutAccount: d.payoutAccount });
  return m;
}
