import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';

export const ZWarehouse = z
  .object({ id: z.string(), name: z.string(), code: z.string(), address: z.string(), orgUnitId: z.string().nullable(), createdAt: z.string() })
  .meta({ id: 'Warehouse' });
export const ZCreateWarehouseRequest = z.object({
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9._\-]+$/, { message: 'letters, digits, dot, dash and underscore' }),
  address: z.string().trim().max(300).default(''),
  orgUnitId: z.string().max(40).optional(),
});
export const ZWarehousePage = pageOf(ZWarehouse);

export const ZStockLevel = z
  .object({
    warehouseId: z.string(),
    warehouseName: z.string(),
    skuId: z.string(),
    skuCode: z.string(),
    productId: z.string(),
    productTitle: z.string(),
    specs: z.record(z.string(), z.string()),
    onHand: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'StockLevel' });
export const ZListStockLevelsQuery = PageQuery.extend({
  warehouseId: z.string().max(40).optional(),
  skuId: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional().describe('Search SKU code or product title'),
});
export const ZStockLevelPage = pageOf(ZStockLevel);

export const ZAdjustStockRequest = z.object({
  warehouseId: z.string().max(40),
  skuId: z.string().max(40),
  delta: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((d) => d !== 0, { message: 'must not be zero' })
    .describe('Units to add (positive) or remove (negative)'),
  reason: z.string().trim().min(1).max(300).describe('Why: 采购入库, 盘点, 损耗 …'),
});
export const ZStockAdjustment = z
  .object({
    id: z.string(),
    warehouseId: z.string(),
    skuId: z.string(),
    skuCode: z.string(),
    productTitle: z.string(),
    delta: z.number().int(),
    quantityBefore: z.number().int(),
    quantityAfter: z.number().int(),
    reason: z.string(),
    actor: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    createdAt: z.string(),
  })
  .meta({ id: 'StockAdjustment' });
export const ZListAdjustmentsQuery = PageQuery.extend({ warehouseId: z.string().max(40).optional(), skuId: z.string().max(40).optional() });
export const ZStockAdjustmentPage = pageOf(ZStockAdjustment);

export type AdjustStockRequest = z.infer<typeof ZAdjustStockRequest>;
