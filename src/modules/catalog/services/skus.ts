import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { CatalogErrors, PRODUCT_ENTITY, SKU_ENTITY } from '../catalog.errors';
import { products, skus, skuTierPrices } from '../catalog.schema';
import type { CreateSkuRequest, UpdateSkuRequest } from '../catalog.validators';
import { loadSkus, type SkuDto } from './product-dto';
import { assertTiersExist } from './tiers';

function codeTaken(code: string, path = 'code'): AppError {
  return new AppError(CatalogErrors.sku_code_taken, { params: { code }, errors: [{ path, message: 'already in use' }] });
}

/**
 * Inserts SKUs for a product inside the caller's transaction. A code already used anywhere in the
 * tenant is a 409, and the whole write rolls back.
 */
export async function insertSkus(ctx: Ctx, productId: string, input: CreateSkuRequest[], pathPrefix = ''): Promise<void> {
  const seen = new Set<string>();
  for (const [i, s] of input.entries()) {
    if (seen.has(s.code)) {
      throw new AppError(CatalogErrors.duplicate_sku_code_in_request, { params: { code: s.code }, errors: [{ path: pathPrefix ? `${pathPrefix}.${i}.code` : 'code', message: 'appears twice' }] });
    }
    seen.add(s.code);
  }
  await assertTiersExist(ctx, [...new Set(input.flatMap((s) => s.tierPrices.map((t) => t.tierId)))]);
  const now = new Date();
  for (const [i, s] of input.entries()) {
    const id = newId('sku');
    const inserted = await ctx.tx
      .insert(skus)
      .values({ tenantId: ctx.tenantId, id, productId, code: s.code, specs: s.specs, basePriceFen: s.basePriceFen, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: skus.id });
    if (inserted.length === 0) throw codeTaken(s.code, pathPrefix ? `${pathPrefix}.${i}.code` : 'code');
    if (s.tierPrices.length) await ctx.tx.insert(skuTierPrices).values(s.tierPrices.map((t) => ({ tenantId: ctx.tenantId, skuId: id, tierId: t.tierId, priceFen: t.priceFen })));
    await emit(ctx, 'sku.created', { skuId: id, productId });
  }
}

/** Adds a SKU to a product. Owners only. */
export async function createSku(ctx: Ctx, productId: string, input: CreateSkuRequest): Promise<SkuDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [product] = await ctx.tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, ctx.tenantId), eq(products.id, productId))).limit(1);
    if (!product) throw notFound(PRODUCT_ENTITY);
    await insertSkus(ctx, productId, [input]);
    const created = (await loadSkus(ctx, { productId })).find((s) => s.code === input.code)!;
    await ctx.tx.update(products).set({ updatedAt: new Date() }).where(and(eq(products.tenantId, ctx.tenantId), eq(products.id, productId)));
    await audit(ctx, { action: 'sku.created', entityType: 'sku', entityId: created.id, data: { productId, code: input.code, basePriceFen: input.basePriceFen } });
    return created;
  });
}

/** Changes a SKU; `tierPrices`, when given, replaces all of its tier prices. Owners only. */
export async function updateSku(ctx: Ctx, skuId: string, input: UpdateSkuRequest): Promise<SkuDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const key = and(eq(skus.tenantId, ctx.tenantId), eq(skus.id, skuId));
    const [before] = await ctx.tx.select().from(skus).where(key).limit(1).for('update');
    if (!before) throw notFound(SKU_ENTITY);
    if (input.code && input.code !== before.code) {
      const [clash] = await ctx.tx.select({ id: skus.id }).from(skus).where(and(eq(skus.tenantId, ctx.tenantId), eq(skus.code, input.code))).limit(1);
      if (clash) throw codeTaken(input.code);
    }
    const { tierPrices, ...fields } = input;
    const now = new Date();
    await ctx.tx.update(skus).set({ ...fields, updatedAt: now }).where(key);
    if (tierPrices) {
      await assertTiersExist(ctx, tierPrices.map((t) => t.tierId));
      await ctx.tx.delete(skuTierPrices).where(and(eq(skuTierPrices.tenantId, ctx.tenantId), eq(skuTierPrices.skuId, skuId)));
      if (tierPrices.length) await ctx.tx.insert(skuTierPrices).values(tierPrices.map((t) => ({ tenantId: ctx.tenantId, skuId, tierId: t.tierId, priceFen: t.priceFen })));
    }
    await ctx.tx.update(products).set({ updatedAt: now }).where(and(eq(products.tenantId, ctx.tenantId), eq(products.id, before.productId)));
    await audit(ctx, { action: 'sku.updated', entityType: 'sku', entityId: skuId, data: { changes: Object.keys(input), before: { code: before.code, basePriceFen: before.basePriceFen, status: before.status } } });
    await emit(ctx, 'sku.updated', { skuId, productId: before.productId });
    const [dto] = await loadSkus(ctx, { skuIds: [skuId] });
    return dto!;
  });
}
