import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getSkuSummaries, searchSkuIds } from '../../catalog';
import { stockAdjustments, stockLevels } from '../inventory.schema';
import type { z } from 'zod';
import type { ZStockLevel } from '../inventory.validators';
import type { StockAdjustmentDto } from './adjust-stock';
import { warehousesById } from './warehouses';

export type StockLevelDto = z.infer<typeof ZStockLevel>;

/** Stock on hand per SKU per warehouse, filterable by warehouse, SKU or a search. Owners and operators. */
export async function listStockLevels(
  ctx: Ctx,
  q: { limit: number; cursor?: string | undefined; warehouseId?: string | undefined; skuId?: string | undefined; q?: string | undefined },
): Promise<Page<StockLevelDto>> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const conds: SQL[] = [eq(stockLevels.tenantId, ctx.tenantId)];
  if (q.warehouseId) conds.push(eq(stockLevels.warehouseId, q.warehouseId));
  if (q.skuId) conds.push(eq(stockLevels.skuId, q.skuId));
  if (q.q) {
    const ids = await searchSkuIds(ctx, q.q);
    if (ids.length === 0) return { items: [], nextCursor: null };
    conds.push(sql`${stockLevels.skuId} = any(${sql.param(ids)}::text[])`);
  }
  if (q.cursor) {
    const [sku, wh] = decodeCursor(q.cursor, 2);
    conds.push(sql`(${stockLevels.skuId}, ${stockLevels.warehouseId}) > (${String(sku)}, ${String(wh)})`);
  }
  const rows = await ctx.tx.select().from(stockLevels).where(and(...conds)).orderBy(asc(stockLevels.skuId), asc(stockLevels.warehouseId)).limit(q.limit + 1);
  const skuInfo = await getSkuSummaries(ctx, rows.map((r) => r.skuId));
  const whInfo = await warehousesById(ctx, rows.map((r) => r.warehouseId));
  return toPage(rows, q.limit, (r) => [r.skuId, r.warehouseId], (r) => {
    const s = skuInfo.get(r.skuId);
    return {
      warehouseId: r.warehouseId,
      warehouseName: whInfo.get(r.warehouseId)?.name ?? '',
      skuId: r.skuId,
      skuCode: s?.code ?? '',
      productId: s?.productId ?? '',
      productTitle: s?.productTitle ?? '',
      specs: s?.specs ?? {},
      onHand: r.onHand,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

/** The adjustment history, newest first. Owners and operators. */
export async function listStockAdjustments(
  ctx: Ctx,
  q: { limit: number; cursor?: string | undefined; warehouseId?: string | undefined; skuId?: string | undefined },
): Promise<Page<StockAdjustmentDto>> {
  requireRole(ctx, 'owner', 'operator', 'system');
  const conds: SQL[] = [eq(stockAdjustments.tenantId, ctx.tenantId)];
  if (q.warehouseId) conds.push(eq(stockAdjustments.warehouseId, q.warehouseId));
  if (q.skuId) conds.push(eq(stockAdjustments.skuId, q.skuId));
  if (q.cursor) conds.push(sql`${stockAdjustments.id} < ${String(decodeCursor(q.cursor, 1)[0])}`);
  const rows = await ctx.tx.select().from(stockAdjustments).where(and(...conds)).orderBy(desc(stockAdjustments.id)).limit(q.limit + 1);
  const skuInfo = await getSkuSummaries(ctx, rows.map((r) => r.skuId));
  return toPage(rows, q.limit, (r) => [r.id], (r) => ({
    id: r.id,
    warehouseId: r.warehouseId,
    skuId: r.skuId,
    skuCode: skuInfo.get(r.skuId)?.code ?? '',
    productTitle: skuInfo.get(r.skuId)?.productTitle ?? '',
    delta: r.delta,
    quantityBefore: r.quantityBefore,
    quantityAfter: r.quantityAfter,
    reason: r.reason,
    actor: { type: r.actorType, id: r.actorId, name: r.actorName },
    createdAt: r.createdAt.toISOString(),
  }));
}
