// The inventory module's public surface: warehouses and stock. Stock changes only through here.
export { registerInventoryRoutes } from './inventory.routes';
export { adjustStock, type StockAdjustmentDto } from './services/adjust-stock';
export { createWarehouse, listWarehouses, type WarehouseDto } from './services/warehouses';
export { listStockLevels, listStockAdjustments } from './services/list-stock';
export { InventoryErrors } from './inventory.errors';
export { lockStockForSale, takeStockWrite, releaseStock, stockOf, type StockLine } from './services/reserve-stock';
export { warehousesById } from './services/warehouses';
