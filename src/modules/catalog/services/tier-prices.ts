import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';

/** Key of a (SKU, tier) pair in the map `tierPricesOf` returns. */
export const tierPriceKey = (skuId: string, tierId: string): string => `${skuId}\0${tierId}`;

/**
 * The catalog's tier prices (会员价) for the given SKU and tier pairs, keyed by `tierPriceKey`.
 * Pairs without a tier price are absent. One query for any number of pairs.
 */
export async function tierPricesOf(ctx: Ctx, pairs: Array<{ skuId: string; tierId: string }>): Promise<Map<string, number>> {
  const unique = [...new Map(pairs.map((p) => [tierPriceKey(p.skuId, p.tierId), p])).values()];
  if (unique.length === 0) return new Map();
  const rows = await queryRows<{ sku_id: string; tier_id: string; price_fen: number }>(
    ctx.tx,
    sql`select t.sku_id, t.tier_id, t.price_fen from sku_tier_prices t
        join unnest(${sql.param(unique.map((p) => p.skuId))}::text[], ${sql.param(unique.map((p) => p.tierId))}::text[]) as v(sku_id, tier_id)
          on t.sku_id = v.sku_id and t.tier_id = v.tier_id
        where t.tenant_id = ${ctx.tenantId}`,
  );
  return new Map(rows.map((r) => [tierPriceKey(r.sku_id, r.tier_id), r.price_fen]));
}

/**
 * What a member pays per unit: the campaign's price, or their tier's price for the SKU when that is
 * lower (a tier price is a benefit, never a surcharge).
 */
export function memberUnitPrice(campaignPriceFen: number, tierPriceFen: number | undefined): number {
  return tierPriceFen !== undefined && tierPriceFen < campaignPriceFen ? tierPriceFen : campaignPriceFen;
}
