import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { PRODUCT_ENTITY } from '../catalog.errors';
import { products } from '../catalog.schema';
import type { CreateProductRequest, ListProductsQuery, UpdateProductRequest, ZProductSummary } from '../catalog.validators';
import { loadSkus, productDto, type ProductDto } from './product-dto';
import { insertSkus } from './skus';
import type { z } from 'zod';

/** Leaders see only what they may sell: active products in the selection library (选品库). */
function visibility(ctx: Ctx): SQL[] {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const conds: SQL[] = [eq(products.tenantId, ctx.tenantId)];
  if (ctx.actor.role === 'leader') conds.push(eq(products.status, 'active'), eq(products.inSelectionLibrary, true));
  return conds;
}

/** Creates a product, optionally with its SKUs, in one transaction. Owners only. */
export async function createProduct(ctx: Ctx, input: CreateProductRequest): Promise<ProductDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const id = newId('product');
    const { skus: skuInput, ...fields } = input;
    const now = new Date();
    const [row] = await ctx.tx
      .insert(products)
      .values({ tenantId: ctx.tenantId, id, ...fields, createdBy: ctx.actor.id, createdAt: now, updatedAt: now })
      .returning();
    await insertSkus(ctx, id, skuInput, 'skus');
    await audit(ctx, { action: 'product.created', entityType: 'product', entityId: id, data: { title: input.title, skuCodes: skuInput.map((s) => s.code) } });
    await emit(ctx, 'product.created', { productId: id });
    return productDto(row!, await loadSkus(ctx, { productId: id }));
  });
}

/** Changes a product's fields. Owners only. */
export async function updateProduct(ctx: Ctx, productId: string, input: UpdateProductRequest): Promise<ProductDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const key = and(eq(products.tenantId, ctx.tenantId), eq(products.id, productId));
    const [before] = await ctx.tx.select().from(products).where(key).limit(1).for('update');
    if (!before) throw notFound(PRODUCT_ENTITY);
    const [row] = await ctx.tx.update(products).set({ ...input, updatedAt: new Date() }).where(key).returning();
    const changes = Object.keys(input);
    const previous = Object.fromEntries(changes.map((k) => [k, before[k as keyof typeof before]]));
    await audit(ctx, { action: 'product.updated', entityType: 'product', entityId: productId, data: { changes, before: previous } });
    await emit(ctx, 'product.updated', { productId, changes });
    return productDto(row!, await loadSkus(ctx, { productId }));
  });
}

/** One product with its SKUs and tier prices; 404 when not visible to the actor. */
export async function getProduct(ctx: Ctx, productId: string): Promise<ProductDto> {
  const conds = visibility(ctx);
  const [row] = await ctx.tx.select().from(products).where(and(...conds, eq(products.id, productId))).limit(1);
  if (!row) throw notFound(PRODUCT_ENTITY);
  return productDto(row, await loadSkus(ctx, { productId }));
}

export type ProductSummaryDto = z.infer<typeof ZProductSummary>;

// Drizzle leaves columns unqualified in a one-table select; correlated subqueries must name the outer row.
const OUTER_TENANT = sql.raw('"products"."tenant_id"');
const OUTER_ID = sql.raw('"products"."id"');

const SORTS = {
  createdAt: { col: null, dir: 'asc' },
  '-createdAt': { col: null, dir: 'desc' },
  title: { col: products.title, dir: 'asc' },
  '-title': { col: products.title, dir: 'desc' },
  updatedAt: { col: products.updatedAt, dir: 'asc' },
  '-updatedAt': { col: products.updatedAt, dir: 'desc' },
} as const;

/** Products with search, filters, sorting and keyset pagination (ids sort by creation time). */
export async function listProducts(ctx: Ctx, q: ListProductsQuery): Promise<Page<ProductSummaryDto>> {
  const conds = visibility(ctx);
  if (q.status) conds.push(eq(products.status, q.status));
  if (q.category) conds.push(eq(products.category, q.category));
  if (q.inSelectionLibrary !== undefined) conds.push(eq(products.inSelectionLibrary, q.inSelectionLibrary));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(products.title, like),
        sql`exists (select 1 from skus s where s.tenant_id = ${OUTER_TENANT} and s.product_id = ${OUTER_ID} and s.code ilike ${like})`,
      )!,
    );
  }
  const sort = SORTS[q.sort];
  const cmp = sort.dir === 'asc' ? sql.raw('>') : sql.raw('<');
  if (q.cursor) {
    if (sort.col === null) {
      const [id] = decodeCursor(q.cursor, 1);
      conds.push(sql`${products.id} ${cmp} ${String(id)}`);
    } else {
      const [v, id] = decodeCursor(q.cursor, 2);
      const value = sort.col === products.updatedAt ? new Date(String(v)) : String(v);
      conds.push(sql`(${sort.col}, ${products.id}) ${cmp} (${value}, ${String(id)})`);
    }
  }
  const order = sort.dir === 'asc' ? asc : desc;
  const orderBy = sort.col === null ? [order(products.id)] : [order(sort.col), order(products.id)];
  const rows = await ctx.tx
    .select({
      p: products,
      skuCount: sql<number>`(select count(*)::int from skus s where s.tenant_id = ${OUTER_TENANT} and s.product_id = ${OUTER_ID})`,
      minPriceFen: sql<number | null>`(select min(s.base_price_fen) from skus s where s.tenant_id = ${OUTER_TENANT} and s.product_id = ${OUTER_ID})`,
      maxPriceFen: sql<number | null>`(select max(s.base_price_fen) from skus s where s.tenant_id = ${OUTER_TENANT} and s.product_id = ${OUTER_ID})`,
    })
    .from(products)
    .where(and(...conds))
    .orderBy(...orderBy)
    .limit(q.limit + 1);
  return toPage(
    rows,
    q.limit,
    (r) => (sort.col === null ? [r.p.id] : sort.col === products.title ? [r.p.title, r.p.id] : [r.p.updatedAt.toISOString(), r.p.id]),
    (r) => ({
      id: r.p.id,
      title: r.p.title,
      category: r.p.category,
      status: r.p.status,
      inSelectionLibrary: r.p.inSelectionLibrary,
      images: r.p.images,
      skuCount: Number(r.skuCount),
      minPriceFen: r.minPriceFen === null ? null : Number(r.minPriceFen),
      maxPriceFen: r.maxPriceFen === null ? null : Number(r.maxPriceFen),
      createdAt: r.p.createdAt.toISOString(),
      updatedAt: r.p.updatedAt.toISOString(),
    }),
  );
}
