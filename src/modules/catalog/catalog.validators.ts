import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';

const Fen = z.number().int().min(0).max(100_000_000).describe('Integer fen (1 yuan = 100 fen)');
const Specs = z
  .record(z.string().trim().min(1).max(30), z.string().trim().min(1).max(60))
  .refine((r) => Object.keys(r).length <= 10, { message: 'at most 10 spec attributes' })
  .describe('规格 attributes, e.g. {"规格": "500g", "颜色": "红"}');
const TierPrices = z
  .array(z.object({ tierId: z.string().max(40), priceFen: Fen }))
  .max(20)
  .refine((a) => new Set(a.map((t) => t.tierId)).size === a.length, { message: 'each tier at most once' });
const SkuCode = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._\-]+$/, { message: 'letters, digits, dot, dash and underscore' });
const ImageUrl = z.url({ protocol: /^https?$/ }).max(1000);

export const ZTierPrice = z.object({ tierId: z.string(), priceFen: z.number().int() });
export const ZSku = z
  .object({
    id: z.string(),
    productId: z.string(),
    code: z.string(),
    specs: z.record(z.string(), z.string()),
    basePriceFen: z.number().int(),
    status: z.enum(['active', 'inactive']),
    tierPrices: z.array(ZTierPrice),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Sku' });

export const ZCreateSkuRequest = z.object({ code: SkuCode, specs: Specs.default({}), basePriceFen: Fen, tierPrices: TierPrices.default([]) });
export const ZUpdateSkuRequest = z
  .object({ code: SkuCode, specs: Specs, basePriceFen: Fen, status: z.enum(['active', 'inactive']), tierPrices: TierPrices.describe('Replaces all tier prices of the SKU') })
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to update' });

const ProductFields = {
  title: z.string().trim().min(1).max(120),
  description: z.string().max(20_000),
  images: z.array(ImageUrl).max(20),
  category: z.string().trim().max(60),
  status: z.enum(['draft', 'active', 'archived']),
  inSelectionLibrary: z.boolean().describe('选品库: leaders may build their own group-buys from it'),
};

export const ZCreateProductRequest = z.object({
  title: ProductFields.title,
  description: ProductFields.description.default(''),
  images: ProductFields.images.default([]),
  category: ProductFields.category.default(''),
  status: ProductFields.status.default('draft'),
  inSelectionLibrary: ProductFields.inSelectionLibrary.default(false),
  skus: z.array(ZCreateSkuRequest).max(100).default([]),
});
export const ZUpdateProductRequest = z
  .object(ProductFields)
  .partial()
  .refine((o) => Object.keys(o).length > 0, { message: 'nothing to update' });

export const ZProduct = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    images: z.array(z.string()),
    category: z.string(),
    status: z.enum(['draft', 'active', 'archived']),
    inSelectionLibrary: z.boolean(),
    skus: z.array(ZSku),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });

export const ZProductSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    status: z.enum(['draft', 'active', 'archived']),
    inSelectionLibrary: z.boolean(),
    images: z.array(z.string()),
    skuCount: z.number().int(),
    minPriceFen: z.number().int().nullable(),
    maxPriceFen: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ProductSummary' });

export const PRODUCT_SORTS = ['createdAt', '-createdAt', 'title', '-title', 'updatedAt', '-updatedAt'] as const;
export const ZListProductsQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Search in title and SKU codes'),
  status: z.enum(['draft', 'active', 'archived']).optional(),
  category: z.string().trim().max(60).optional(),
  inSelectionLibrary: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  sort: z.enum(PRODUCT_SORTS).default('-createdAt'),
});
export const ZProductPage = pageOf(ZProductSummary);

export const ZTier = z.object({ id: z.string(), name: z.string(), rank: z.number().int() }).meta({ id: 'MemberTier' });
export const ZCreateTierRequest = z.object({ name: z.string().trim().min(1).max(30), rank: z.number().int().min(0).max(100) });

export type CreateProductRequest = z.infer<typeof ZCreateProductRequest>;
export type UpdateProductRequest = z.infer<typeof ZUpdateProductRequest>;
export type CreateSkuRequest = z.infer<typeof ZCreateSkuRequest>;
export type UpdateSkuRequest = z.infer<typeof ZUpdateSkuRequest>;
export type ListProductsQuery = z.infer<typeof ZListProductsQuery>;
