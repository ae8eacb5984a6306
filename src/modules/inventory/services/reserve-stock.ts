import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { stockLevels } from '../inventory.schema';

export interface StockLine {
  skuId: string;
  quantity: number;
}

/** Lines for one SKU summed, in SKU order. */
function merge(lines: StockLine[]): StockLine[] {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.skuId, (bySku.get(l.skuId) ?? 0) + l.quantity);
  // A fixed order (by SKU id) means two baskets never lock the same rows in opposite orders.
  return [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([skuId, quantity]) => ({ skuId, quantity }));
}

/**
 * Locks the stock rows a batch of sales needs, in SKU order (so batches never deadlock), and
 * returns the units on hand of each (0 for a SKU never stocked there).
 */
export async function lockStockForSale(ctx: Ctx, warehouseId: string, skuIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(skuIds)].sort();
  const out = new Map(ids.map((id) => [id, 0]));
  if (ids.length === 0) return out;
  const rows = await ctx.tx
    .select({ skuId: stockLevels.skuId, onHand: stockLevels.onHand })
    .from(stockLevels)
    .where(and(eq(stockLevels.tenantId, ctx.tenantId), eq(stockLevels.warehouseId, warehouseId), sql`${stockLevels.skuId} = any(${sql.param(ids)}::text[])`))
    .orderBy(stockLevels.skuId)
    .for('update');
  for (const r of rows) out.set(r.skuId, r.onHand);
  return out;
}

/**
 * Takes units out of a warehouse's stock for sales: this and `lockStockForSale` are the only
 * functions that touch stock rows for orders. One conditional UPDATE per SKU with the batch's
 * total, so the row is written once per batch and can never go below zero: a shortfall here
 * (impossible after the lock and the caller's allocation) throws and rolls the batch back.
 */
export async function takeStock(ctx: Ctx, warehouseId: string, totals: Map<string, number>): Promise<void> {
  for (const [skuId, quantity] of [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (quantity <= 0) continue;
    const key = and(eq(stockLevels.tenantId, ctx.tenantId), eq(stockLevels.warehouseId, warehouseId), eq(stockLevels.skuId, skuId));
    const [row] = await ctx.tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} - ${quantity}`, updatedAt: new Date() })
      .where(and(key, sql`${stockLevels.onHand} >= ${quantity}`))
      .returning({ onHand: stockLevels.onHand });
    if (!row) throw new Error(`stock of ${skuId} would go below zero: the batch is rolled back`);
  }
}

/** Puts units of a canceled, expired or refunded sale back into the warehouse's stock. */
export async function releaseStock(ctx: Ctx, warehouseId: string, lines: StockLine[]): Promise<void> {
  for (const line of merge(lines)) {
    if (line.quantity <= 0) continue;
    await ctx.tx
      .insert(stockLevels)
      .values({ tenantId: ctx.tenantId, warehouseId, skuId: line.skuId, onHand: line.quantity })
      .onConflictDoUpdate({
        target: [stockLevels.tenantId, stockLevels.warehouseId, stockLevels.skuId],
        set: { onHand: sql`${stockLevels.onHand} + ${line.quantity}`, updatedAt: new Date() },
      });
  }
}

/** Units on hand of some SKUs in a warehouse (0 for SKUs never stocked there). */
export async function stockOf(ctx: Ctx, warehouseId: string, skuIds: string[]): Promise<Map<string, number>> {
  const out = new Map(skuIds.map((id) => [id, 0]));
  if (skuIds.length === 0) return out;
  const rows = await ctx.tx
    .select({ skuId: stockLevels.skuId, onHand: stockLevels.onHand })
    .from(stockLevels)
    .where(and(eq(stockLevels.tenantId, ctx.tenantId), eq(stockLevels.warehouseId, warehouseId), sql`${stockLevels.skuId} = any(${sql.param(skuIds)}::text[])`));
  for (const r of rows) out.set(r.skuId, r.onHand);
  return out;
}
