import type { Ctx } from '../../../platform/context';
import { memberUnitPrice, tierNamesOf, tierPriceKey, tierPricesOf } from '../../catalog';
import { getMembersBasic } from '../../identity';

/**
 * What one member pays for each item, where their tier's price (会员价) is lower than the
 * campaign's: item id → price, with the tier's name. Empty for a member without a tier.
 * Checkout charges the same (place-order flow), so the page never promises another price.
 */
export async function memberItemPrices(
  ctx: Ctx,
  memberId: string,
  items: Array<{ id: string; skuId: string; priceFen: number }>,
): Promise<{ tierName: string | null; prices: Map<string, number> }> {
  const tierId = (await getMembersBasic(ctx, [memberId])).get(memberId)?.tierId ?? null;
  if (!tierId) return { tierName: null, prices: new Map() };
  const tierPrices = await tierPricesOf(ctx, items.map((i) => ({ skuId: i.skuId, tierId })));
  const prices = new Map<string, number>();
  for (const i of items) {
    const p = memberUnitPrice(i.priceFen, tierPrices.get(tierPriceKey(i.skuId, tierId)));
    if (p < i.priceFen) prices.set(i.id, p);
  }
  return { tierName: (await tierNamesOf(ctx, [tierId])).get(tierId) ?? null, prices };
}
