import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import type { z } from 'zod';
import { products, skus, skuTierPrices } from '../catalog.schema';
import type { ZProduct, ZSku } from '../catalog.validators';

export type SkuRow = typeof skus.$inferSelect;
export type ProductRow = typeof products.$inferSelect;

export type SkuDto = z.infer<typeof ZSku>;

export type ProductDto = z.infer<typeof ZProduct>;

/** Loads SKUs with their tier prices, in code order. */
export async function loadSkus(ctx: Ctx, where: { productId?: string; skuIds?: string[] }): Promise<SkuDto[]> {
  const conds = [eq(skus.tenantId, ctx.tenantId)];
  if (where.productId) conds.push(eq(skus.productId, where.productId));
  if (where.skuIds) conds.push(sql`${skus.id} = any(${sql.param(where.skuIds)}::text[])`);
  const rows = await ctx.tx.select().from(skus).where(and(...conds)).orderBy(skus.createdAt, skus.id);
  if (rows.length === 0) return [];
  const prices = await ctx.tx
    .select()
    .from(skuTierPrices)
    .where(and(eq(skuTierPrices.tenantId, ctx.tenantId), sql`${skuTierPrices.skuId} = any(${sql.param(rows.map((r) => r.id))}::text[])`));
  const bySku = new Map<string, Array<{ tierId: string; priceFen: number }>>();
  for (const p of prices) bySku.set(p.skuId, [...(bySku.get(p.skuId) ?? []), { tierId: p.tierId, priceFen: p.priceFen }]);
  return rows.map((r) => ({
    id: r.id,
    productId: r.productId,
    code: r.code,
    specs: r.specs,
    basePriceFen: r.basePriceFen,
    status: r.status,
    tierPrices: (bySku.get(r.id) ?? []).sort((a, b) => a.tierId.localeCompare(b.tierId)),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export function productDto(p: ProductRow, skuList: SkuDto[]): ProductDto {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    images: p.images,
    category: p.category,
    status: p.status,
    inSelectionLibrary: p.inSelectionLibrary,
    skus: skuList,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
