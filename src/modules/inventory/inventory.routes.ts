import { ctxOf, type App } from '../../platform/http';
import { PageQuery } from '../../platform/pagination';
import * as V from './inventory.validators';
import { adjustStock } from './services/adjust-stock';
import { listStockAdjustments, listStockLevels } from './services/list-stock';
import { createWarehouse, listWarehouses } from './services/warehouses';

/** Inventory routes: warehouses, stock levels, adjustments. */
export function registerInventoryRoutes(app: App): void {
  app.get(
    '/warehouses',
    { schema: { operationId: 'listWarehouses', tags: ['inventory'], summary: 'List warehouses', querystring: PageQuery, response: { 200: V.ZWarehousePage } } },
    async (req) => listWarehouses(ctxOf(req), req.query),
  );
  app.post(
    '/warehouses',
    { schema: { operationId: 'createWarehouse', tags: ['inventory'], summary: 'Add a warehouse', body: V.ZCreateWarehouseRequest, response: { 201: V.ZWarehouse } } },
    async (req, reply) => reply.status(201).send(await createWarehouse(ctxOf(req), req.body)),
  );
  app.get(
    '/stock-levels',
    { schema: { operationId: 'listStockLevels', tags: ['inventory'], summary: 'Stock on hand per SKU and warehouse', querystring: V.ZListStockLevelsQuery, response: { 200: V.ZStockLevelPage } } },
    async (req) => listStockLevels(ctxOf(req), req.query),
  );
  app.post(
    '/stock-adjustments',
    { schema: { operationId: 'adjustStock', tags: ['inventory'], summary: 'Add or remove stock, with a reason', body: V.ZAdjustStockRequest, response: { 201: V.ZStockAdjustment } } },
    async (req, reply) => reply.status(201).send(await adjustStock(ctxOf(req), req.body)),
  );
  app.get(
    '/stock-adjustments',
    { schema: { operationId: 'listStockAdjustments', tags: ['inventory'], summary: 'Stock adjustment history', querystring: V.ZListAdjustmentsQuery, response: { 200: V.ZStockAdjustmentPage } } },
    async (req) => listStockAdjustments(ctxOf(req), req.query),
  );
}
