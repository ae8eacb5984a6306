import { AppError } from '../platform/errors';
import { emit } from '../platform/events';
import { idempotent, type IdempotentResult } from '../platform/idempotency';
import { requireRole, type Ctx } from '../platform/context';
import { CampaignErrors, holdMemberUnits, loadSaleContext, reserveUnits } from '../modules/campaigns';
import { reserveStock } from '../modules/inventory';
import { getOrder, insertOrder, OrderErrors, type OrderDto, type PlaceOrderRequest } from '../modules/orders';

/**
 * A member places an order in a live campaign. One transaction, in this order:
 * 1. the idempotency key (a duplicate waits here, then replays the first answer);
 * 2. checks: campaign live, items in it, fulfilment offered;
 * 3. the order, its lines, its timeline and the `order.placed` event;
 * 4. the member's per-item limits (their own rows only);
 * 5. the hot rows last — campaign item caps, then warehouse stock — so their locks are held only
 *    for those two updates and the commit.
 * Any failure rolls all of it back: no half-order, no stock held.
 */
export async function placeOrderFlow(ctx: Ctx, input: PlaceOrderRequest, idempotencyKey: string): Promise<IdempotentResult<OrderDto>> {
  requireRole(ctx, 'member');
  return idempotent(ctx, { key: idempotencyKey, operation: 'placeOrder', request: input, status: 201 }, async (ctx) => {
    const sale = await loadSaleContext(ctx, input.campaignId);
    const { campaign, items } = sale;
    if (campaign.fulfilment !== 'both' && campaign.fulfilment !== input.fulfilment) {
      throw new AppError(CampaignErrors.fulfilment_not_offered, { params: { mode: input.fulfilment }, errors: [{ path: 'fulfilment', message: `only ${campaign.fulfilment}` }] });
    }
    if (input.fulfilment === 'delivery' && !input.address) throw new AppError(OrderErrors.address_required, { errors: [{ path: 'address', message: 'required for delivery' }] });

    const quantities = new Map<string, number>();
    for (const [i, line] of input.items.entries()) {
      if (!items.has(line.itemId)) throw new AppError(CampaignErrors.item_not_in_campaign, { params: { item: line.itemId }, errors: [{ path: `items.${i}.itemId`, message: 'not in this campaign' }] });
      quantities.set(line.itemId, (quantities.get(line.itemId) ?? 0) + line.quantity);
    }
    const unitLines = [...quantities.entries()].map(([itemId, quantity]) => ({ itemId, quantity }));

    const { order } = await insertOrder(ctx, {
      memberId: ctx.actor.id,
      campaignId: campaign.id,
      orgUnitId: campaign.orgUnitId,
      sellerId: campaign.sellerId,
      warehouseId: campaign.warehouseId,
      fulfilment: input.fulfilment,
      address: input.fulfilment === 'delivery' ? (input.address ?? null) : null,
      note: input.note,
      referralCode: input.referralCode ?? null,
      expiresAt: new Date(Date.now() + ctx.config.orderPaymentMs),
      lines: unitLines.map(({ itemId, quantity }) => {
        const item = items.get(itemId)!;
        return { campaignItemId: itemId, skuId: item.skuId, title: item.title, specs: item.specs, unitPriceFen: item.priceFen, quantity };
      }),
    });
    const dto = await getOrder(ctx, order.id);
    await emit(ctx, 'order.placed', {
      orderId: order.id,
      campaignId: campaign.id,
      memberId: ctx.actor.id,
      totalFen: order.totalFen,
      referralCode: order.referralCode,
      lines: dto.lines.map((l) => ({ lineId: l.id, skuId: l.skuId, quantity: l.quantity, lineTotalFen: l.lineTotalFen })),
    });

    await holdMemberUnits(ctx, ctx.actor.id, items, unitLines);
    await reserveUnits(ctx, items, unitLines);
    const stock = await reserveStock(ctx, campaign.warehouseId, unitLines.map((l) => ({ skuId: items.get(l.itemId)!.skuId, quantity: l.quantity })));
    if (!stock.ok) {
      const item = [...items.values()].find((i) => i.skuId === stock.skuId);
      throw new AppError(CampaignErrors.sold_out, { params: { item: item?.title ?? stock.skuId, remaining: stock.available } });
    }
    return dto;
  });
}
