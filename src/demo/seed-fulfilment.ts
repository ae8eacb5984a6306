import type { Ctx } from '../platform/context';
import { createCampaign, endCampaignNow, publishCampaign } from '../modules/campaigns';
import { publishCampaignToGroups } from '../modules/community';
import { ensureMember } from '../modules/identity';
import { listPickingLists, myPickupCode } from '../modules/fulfilment';
import { closeCampaignFlow } from '../flows/close-campaign.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../flows/payment.flow';
import { placeOrderFlow } from '../flows/place-order.flow';
import { confirmArrivalFlow, createShipmentFlow, dispatchPickingListFlow, generatePickingListsFlow, updateShipmentFlow, verifyPickupFlow } from '../flows/fulfilment.flow';
import { asMember, type DemoCommunity } from './seed-community';

/**
 * A group-buy that has gone all the way, through the real flows: published to the retail group,
 * ordered from it with pickup points chosen, paid, 截单, closed as a success, picking lists per
 * point, one dispatched with a short line (refunded) and arrived, members collecting with their
 * codes, the other list still on the road; a delivery order shipped and delivered. The demo member
 * 13800000001 has an order waiting with a pickup code.
 */
export async function seedFulfilment(sys: Ctx, opts: { warehouseId: string; orgUnitId: string; sku: (code: string) => string; community: DemoCommunity }): Promise<void> {
  const { community: c } = opts;
  const [leader] = c.leaderCtx;
  const link = { publicBaseUrl: '', tenantSlug: 'demo' };
  const now = Date.now();
  const draft = await createCampaign(sys, {
    title: '周三鲜果团：10斤脐橙 + 草莓礼盒 + 牛奶',
    description: '上周三截单，周五到自提点。',
    coverImages: [],
    startsAt: new Date(now - 2 * 86_400_000).toISOString(),
    endsAt: new Date(now + 86_400_000).toISOString(),
    threshold: { kind: 'participants', value: 3 },
    fulfilment: 'both',
    warehouseId: opts.warehouseId,
    orgUnitId: opts.orgUnitId,
    items: [
      { skuId: opts.sku('ORANGE-10J'), priceFen: 5990, perMemberLimit: null, cap: 100 },
      { skuId: opts.sku('STRAW-3J'), priceFen: 10900, perMemberLimit: 2, cap: 40 },
      { skuId: opts.sku('MILK-12'), priceFen: 5990, perMemberLimit: null, cap: 60 },
    ],
  });
  const campaign = await publishCampaign(sys, draft.id);
  await publishCampaignToGroups(sys, campaign.id, [c.retailGroupId], link);
  const [orange, straw, milk] = campaign.items.map((i) => i.id) as [string, string, string];
  const buyers: Array<[phone: string, name: string, point: string | null, lines: Array<[string, number]>]> = [
    ['13800000001', '陈小满', c.points.caoxi, [[orange, 1], [milk, 1]]],
    ['13800000011', '王小明', c.points.caoxi, [[orange, 2], [straw, 1]]],
    ['13800000012', '李华', c.points.caoxi, [[straw, 2]]],
    ['13800000013', '张伟', c.points.caoxi, [[milk, 2]]],
    ['13800000041', '周小琴', c.points.xujiahui, [[orange, 1], [straw, 1]]],
    ['13800000042', '吴大伟', c.points.xujiahui, [[milk, 1]]],
    ['13800000014', '刘芳', null, [[orange, 1], [milk, 1]]],
  ];
  const orders: Array<{ id: string; member: Ctx; lines: Array<{ id: string; campaignItemId: string }> }> = [];
  for (const [i, [phone, name, point, lines]] of buyers.entries()) {
    const m = await ensureMember(sys, { phone, name, source: 'demo' });
    const member = asMember(sys, m);
    const delivery = point === null;
    const order = await placeOrderFlow(
      member,
      {
        campaignId: campaign.id,
        items: lines.map(([itemId, quantity]) => ({ itemId, quantity })),
        fulfilment: delivery ? 'delivery' : 'pickup',
        note: '',
        groupId: c.retailGroupId,
        ...(delivery ? { address: { name, phone, region: '上海市徐汇区', detail: '宜山路 700 号 3 号楼 502' } } : { pickupPointId: point }),
      },
      `demo-fulfil-${i}`,
    );
    const payment = await createPaymentFlow(member, order.body.id);
    await completeSandboxPaymentFlow(member, payment.paymentId, 'paid');
    orders.push({ id: order.body.id, member, lines: order.body.lines });
  }

  // 截单 and close: the threshold is met, so picking lists are made per pickup point.
  await endCampaignNow(sys, campaign.id);
  await closeCampaignFlow(sys, sys.tenantId, campaign.id);
  await generatePickingListsFlow(sys, campaign.id);
  const lists = (await listPickingLists(sys, { limit: 10, campaignId: campaign.id })).items;
  const caoxi = lists.find((l) => l.pickupPointId === c.points.caoxi)!;
  const xujiahui = lists.find((l) => l.pickupPointId === c.points.xujiahui)!;

  // The warehouse was one strawberry box short for 李华: refunded at dispatch.
  const liHua = orders[2]!;
  await dispatchPickingListFlow(sys, caoxi.id, { shortages: [{ orderLineId: liHua.lines[0]!.id, quantity: 1 }], note: '周五早班车' });
  await confirmArrivalFlow(leader, caoxi.id, { shortages: [] });
  for (const o of [orders[1]!, orders[3]!]) await verifyPickupFlow(leader, { code: (await myPickupCode(o.member, o.id)).code });
  // 徐家汇 is on the road.
  await dispatchPickingListFlow(sys, xujiahui.id, { shortages: [], note: '周五午班车' });

  const delivery = orders[6]!;
  const parcel = await createShipmentFlow(sys, delivery.id, { carrier: '顺丰速运', trackingNumber: 'SF1402871163' });
  await updateShipmentFlow(sys, parcel.id, 'delivered');
}
