import { defineErrors } from '../../platform/errors';

export const InventoryErrors = defineErrors('inventory', {
  insufficient_stock: { status: 409, zh: '库存不足：现有 {onHand}，不能减少 {requested}', en: 'Not enough stock: {onHand} on hand, cannot remove {requested}' },
  warehouse_code_taken: { status: 409, zh: '仓库编码 {code} 已存在', en: 'Warehouse code {code} is already in use' },
});

export const WAREHOUSE_ENTITY = { zh: '仓库', en: 'Warehouse' };
export const SKU_ENTITY = { zh: 'SKU', en: 'SKU' };
