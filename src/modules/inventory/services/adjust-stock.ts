import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { getSkuSummaries } from '../../catalog';
import { InventoryErrors, SKU_ENTITY, WAREHOUSE_ENTITY } from '../inventory.errors';
import { stockAdjustments, stockLevels, warehouses } from '../inventory.schema';
import type { z } from 'zod';
import type { AdjustStockRequest, ZStockAdjustment } from '../inventory.validators';

export type StockAdjustmentDto = z.infer<typeof ZStockAdjustment>;

/**
 * Adds or removes units of a SKU in a warehouse, recording who, when, why and the quantity before
 * and after. The change is one conditional UPDATE, so concurrent adjustments serialise on the row
 * and stock can never go below zero: a removal larger than what is on hand is a 409 and changes nothing.
 */
export async function adjustStock(ctx: Ctx, input: AdjustStockRequest): Promise<StockAdjustmentDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [wh] = await ctx.tx.select({ id: warehouses.id }).from(warehouses).where(and(eq(warehouses.tenantId, ctx.tenantId), eq(warehouses.id, input.warehouseId))).limit(1);
    if (!wh) throw notFound(WAREHOUSE_ENTITY);
    const sku = (await getSkuSummaries(ctx, [input.skuId])).get(input.skuId);
    if (!sku) throw notFound(SKU_ENTITY);

    await ctx.tx.insert(stockLevels).values({ tenantId: ctx.tenantId, warehouseId: input.warehouseId, skuId: input.skuId, onHand: 0 }).onConflictDoNothing();
    const key = and(eq(stockLevels.tenantId, ctx.tenantId), eq(stockLevels.warehouseId, input.warehouseId), eq(stockLevels.skuId, input.skuId));
    const [changed] = await ctx.tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} + ${input.delta}`, updatedAt: new Date() })
      .where(and(key, sql`${stockLevels.onHand} + ${input.delta} >= 0`))
      .returning({ after: stockLevels.onHand });
    if (!changed) {
      const [level] = await ctx.tx.select({ onHand: stockLevels.onHand }).from(stockLevels).where(key);
      throw new AppError(InventoryErrors.insufficient_stock, {
        params: { onHand: level?.onHand ?? 0, requested: -input.delta },
        errors: [{ path: 'delta', message: `only ${level?.onHand ?? 0} on hand` }],
      });
    }
    const id = newId('stockAdjustment');
    const before = changed.after - input.delta;
    const [row] = await ctx.tx
      .insert(stockAdjustments)
      .values({
        tenantId: ctx.tenantId,
        id,
        warehouseId: input.warehouseId,
        skuId: input.skuId,
        delta: input.delta,
        quantityBefore: before,
        quantityAfter: changed.after,
        reason: input.reason,
        actorType: ctx.actor.type,
        actorId: ctx.actor.id,
        actorName: ctx.actor.name,
      })
      .returning();
    await audit(ctx, { action: 'stock.adjusted', entityType: 'stock_adjustment', entityId: id, data: { warehouseId: input.warehouseId, skuId: input.skuId, delta: input.delta, before, after: changed.after, reason: input.reason } });
    await emit(ctx, 'stock.adjusted', { warehouseId: input.warehouseId, skuId: input.skuId, delta: input.delta, quantityAfter: changed.after });
    return {
      id,
      warehouseId: input.warehouseId,
      skuId: input.skuId,
      skuCode: sku.code,
      productTitle: sku.productTitle,
      delta: input.delta,
      quantityBefore: before,
      quantityAfter: changed.after,
      reason: input.reason,
      actor: { type: ctx.actor.type, id: ctx.actor.id, name: ctx.actor.name },
      createdAt: row!.createdAt.toISOString(),
    };
  });
}
