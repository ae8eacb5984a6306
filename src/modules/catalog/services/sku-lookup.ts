import { and, eq, ilike, or, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { products, skus } from '../catalog.schema';

export interface SkuSummary {
  skuId: string;
  code: string;
  specs: Record<string, string>;
  basePriceFen: number;
  skuStatus: 'active' | 'inactive';
  productId: string;
  productTitle: string;
  productStatus: 'draft' | 'active' | 'archived';
  inSelectionLibrary: boolean;
}

/** SKU labels for other modules (stock lists, orders), keyed by SKU id. No access check: callers have done theirs. */
export async function getSkuSummaries(ctx: Ctx, skuIds: string[]): Promise<Map<string, SkuSummary>> {
  const out = new Map<string, SkuSummary>();
  if (skuIds.length === 0) return out;
  const rows = await ctx.tx
    .select({
      skuId: skus.id,
      code: skus.code,
      specs: skus.specs,
      basePriceFen: skus.basePriceFen,
      skuStatus: skus.status,
      productId: skus.productId,
      productTitle: products.title,
      productStatus: products.status,
      inSelectionLibrary: products.inSelectionLibrary,
    })
    .from(skus)
    .innerJoin(products, and(eq(products.tenantId, skus.tenantId), eq(products.id, skus.productId)))
    .where(and(eq(skus.tenantId, ctx.tenantId), sql`${skus.id} = any(${sql.param([...new Set(skuIds)])}::text[])`));
  for (const r of rows) out.set(r.skuId, r);
  return out;
}

/** Ids of SKUs whose code or product title matches a search, at most `max`. */
export async function searchSkuIds(ctx: Ctx, q: string, max = 1000): Promise<string[]> {
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const rows = await ctx.tx
    .select({ id: skus.id })
    .from(skus)
    .innerJoin(products, and(eq(products.tenantId, skus.tenantId), eq(products.id, skus.productId)))
    .where(and(eq(skus.tenantId, ctx.tenantId), or(ilike(skus.code, like), ilike(products.title, like))))
    .limit(max);
  return rows.map((r) => r.id);
}

/** Product titles by id, for labels. */
export async function productTitles(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: products.id, title: products.title })
    .from(products)
    .where(and(eq(products.tenantId, ctx.tenantId), sql`${products.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r.title]));
}
