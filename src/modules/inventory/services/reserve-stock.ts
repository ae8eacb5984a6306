import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { stockLevels } from '../inventory.schema';

export interface StockLine {
  skuId: string;
  quantity: number;
}

export type ReserveResult = { ok: true } | { ok: false; skuId: string; available: number };

function merge(lines: StockLine[]): StockLine[] {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.skuId, (bySku.get(l.skuId) ?? 0) + l.quantity);
  // A fixed order (by SKU id) means two baskets never lock the same rows in opposite orders.
  return [...bySku.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([skuId, quantity]) => ({ skuId, quantity }));
}

/**
 * Takes units out of a warehouse's stock for a sale, in the caller's transaction. This is the one
 * function that decrements stock for orders: one conditional UPDATE per SKU (lines for the same SKU
 * are summed first), so the row lock is short and stock can never go below zero. When a SKU is
 * short it reports how many are available and takes nothing further; the caller rolls back.
 */
export async function reserveStock(ctx: Ctx, warehouseId: string, lines: StockLine[]): Promise<ReserveResult> {
  for (const line of merge(lines)) {
    const key = and(eq(stockLevels.tenantId, ctx.tenantId), eq(stockLevels.warehouseId, warehouseId), eq(stockLevels.skuId, line.skuId));
    const [row] = await ctx.tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} - ${line.quantity}`, updatedAt: new Date() })
      .where(and(key, sql`${stockLevels.onHand} >= ${line.quantity}`))
      .returning({ onHand: stockLevels.onHand });
    if (!row) {
      const [level] = await ctx.tx.select({ onHand: stockLevels.onHand }).from(stockLevels).where(key);
      return { ok: false, skuId: line.skuId, available: level?.onHand ?? 0 };
    }
  }
  return { ok: true };
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
