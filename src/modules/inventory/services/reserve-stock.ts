import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { arrayParam, type Write } from '../../../platform/db';
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
 * Takes units out of warehouses' stock for sales: this and `lockStockForSale` are the only
 * functions that touch stock rows for orders. One conditional UPDATE for a batch's SKUs, each by the
 * batch's total, so a row is written once per batch and can never go below zero. Built, not run: it
 * goes with the batch's other writes (`runTogether`), counted; a count short of the rows given means
 * a shortfall (impossible after the lock and the caller's allocation) and the caller rolls the batch
 * back. Rows are taken in (warehouse, SKU) order, the order every batch locks them in, each found
 * by its whole key, tenant included, taken from the arrays: one index lookup per row whatever the
 * statistics say.
 */
export function takeStockWrite(ctx: Ctx, totals: Map<string, Map<string, number>>): { write: Write; expected: number } {
  const rows: Array<[string, string, number]> = [];
  for (const [wh, bySku] of totals) for (const [sku, q] of bySku) if (q > 0) rows.push([wh, sku, q]);
  if (rows.length === 0) return { write: null, expected: 0 };
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return {
    write: {
      sql: sql`update stock_levels s set on_hand = s.on_hand - v.q, updated_at = now()
        from unnest(${arrayParam(ctx.tx, 'text', rows.map(() => ctx.tenantId))}, ${arrayParam(ctx.tx, 'text', rows.map((r) => r[0]))}, ${arrayParam(ctx.tx, 'text', rows.map((r) => r[1]))}, ${arrayParam(ctx.tx, 'int', rows.map((r) => r[2]))}) as v(tenant_id, wh, sku, q)
        where s.tenant_id = v.tenant_id and s.warehouse_id = v.wh and s.sku_id = v.sku and s.on_hand >= v.q
        returning s.warehouse_id, s.sku_id, s.on_hand`,
      counted: true,
    },
    expected: rows.length,
  };
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
