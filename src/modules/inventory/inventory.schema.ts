import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

export const warehouses = pgTable(
  'warehouses',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    code: text().notNull(),
    address: text().notNull().default(''),
    orgUnitId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('warehouses_code_key').on(t.tenantId, t.code)],
);

/** Units on hand per SKU per warehouse. Changed only through stock adjustments; never below zero. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    tenantId: text().notNull(),
    warehouseId: text().notNull(),
    skuId: text().notNull(),
    onHand: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.warehouseId, t.skuId] }),
    index('stock_levels_sku_idx').on(t.tenantId, t.skuId),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    check('stock_levels_on_hand_check', sql`${t.onHand} >= 0`),
  ],
);

/** Every change to stock: who, when, why, and the quantity before and after. Append-only. */
export const stockAdjustments = pgTable(
  'stock_adjustments',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    warehouseId: text().notNull(),
    skuId: text().notNull(),
    delta: integer().notNull(),
    quantityBefore: integer().notNull(),
    quantityAfter: integer().notNull(),
    reason: text().notNull(),
    actorType: text().notNull(),
    actorId: text().notNull(),
    actorName: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('stock_adjustments_level_idx').on(t.tenantId, t.warehouseId, t.skuId, t.id),
    foreignKey({ columns: [t.tenantId, t.warehouseId], foreignColumns: [warehouses.tenantId, warehouses.id] }),
    check('stock_adjustments_math_check', sql`${t.quantityAfter} = ${t.quantityBefore} + ${t.delta} and ${t.quantityAfter} >= 0 and ${t.delta} <> 0`),
  ],
);
