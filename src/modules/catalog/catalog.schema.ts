import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** The tenant's member tiers as named, ranked levels; the CRM moves members between them. */
export const memberTiers = pgTable(
  'member_tiers',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    rank: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('member_tiers_name_key').on(t.tenantId, t.name), unique('member_tiers_rank_key').on(t.tenantId, t.rank)],
);

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const products = pgTable(
  'products',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    images: jsonb().$type<string[]>().notNull().default([]),
    category: text().notNull().default(''),
    status: text().$type<ProductStatus>().notNull().default('draft'),
    /** 选品库: leaders may put this product into their own group-buys. */
    inSelectionLibrary: boolean().notNull().default(false),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('products_title_idx').on(t.tenantId, t.title, t.id),
    index('products_updated_idx').on(t.tenantId, t.updatedAt, t.id),
    check('products_status_check', sql`${t.status} in ('draft','active','archived')`),
  ],
);

export const skus = pgTable(
  'skus',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    productId: text().notNull(),
    code: text().notNull(),
    /** 规格: spec attribute → value, e.g. {"规格": "500g", "颜色": "红"}. */
    specs: jsonb().$type<Record<string, string>>().notNull().default({}),
    basePriceFen: integer().notNull(),
    status: text().$type<'active' | 'inactive'>().notNull().default('active'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('skus_code_key').on(t.tenantId, t.code),
    index('skus_product_idx').on(t.tenantId, t.productId),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    check('skus_price_check', sql`${t.basePriceFen} >= 0`),
  ],
);

/** A SKU's price for members of a tier (tier price, 会员价). */
export const skuTierPrices = pgTable(
  'sku_tier_prices',
  {
    tenantId: text().notNull(),
    skuId: text().notNull(),
    tierId: text().notNull(),
    priceFen: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.skuId, t.tierId] }),
    foreignKey({ columns: [t.tenantId, t.skuId], foreignColumns: [skus.tenantId, skus.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.tierId], foreignColumns: [memberTiers.tenantId, memberTiers.id] }),
    check('sku_tier_prices_price_check', sql`${t.priceFen} >= 0`),
  ],
);
