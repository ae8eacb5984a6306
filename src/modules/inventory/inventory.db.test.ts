import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import type { Database } from '../../platform/db';
import { createProduct } from '../catalog';
import { adjustStock, createWarehouse, listStockAdjustments, listStockLevels, listWarehouses } from './index';

let database: Database;
let t: TestTenant;
let skuId: string;
let whId: string;

beforeAll(async () => {
  database = await testDatabase();
  t = await createTestTenant(baseCtx(database));
  const p = await createProduct(t.owner, { title: '鸡蛋', description: '', images: [], category: '', status: 'active', inSelectionLibrary: false, skus: [{ code: 'EGG', specs: {}, basePriceFen: 3590, tierPrices: [] }] });
  skuId = p.skus[0]!.id;
  whId = (await createWarehouse(t.owner, { name: '中心仓', code: 'WH1', address: '' })).id;
});
afterAll(() => database.close());

describe('stock adjustments', () => {
  it('records who, why and the quantity before and after', async () => {
    const a = await adjustStock(t.owner, { warehouseId: whId, skuId, delta: 10, reason: '采购入库' });
    expect(a).toMatchObject({ quantityBefore: 0, quantityAfter: 10, delta: 10, reason: '采购入库', actor: { id: t.ownerId } });
    const b = await adjustStock(t.owner, { warehouseId: whId, skuId, delta: -4, reason: '损耗' });
    expect(b).toMatchObject({ quantityBefore: 10, quantityAfter: 6 });
    const history = await listStockAdjustments(t.owner, { limit: 10, skuId });
    expect(history.items.map((h) => [h.quantityBefore, h.quantityAfter])).toEqual([[10, 6], [0, 10]]);
  });

  it('refuses to go below zero and changes nothing', async () => {
    const level = async () => (await listStockLevels(t.owner, { limit: 10, skuId })).items[0]!.onHand;
    const before = await level();
    const historyBefore = (await listStockAdjustments(t.owner, { limit: 100, skuId })).items.length;
    expect(await errorCode(adjustStock(t.owner, { warehouseId: whId, skuId, delta: -(before + 1), reason: 'too many' }))).toBe('inventory.insufficient_stock');
    expect(await level()).toBe(before);
    expect((await listStockAdjustments(t.owner, { limit: 100, skuId })).items.length).toBe(historyBefore);
  });

  it('does not create a stock row when a first removal fails', async () => {
    const wh2 = await createWarehouse(t.owner, { name: '二号仓', code: 'WH2', address: '' });
    expect(await errorCode(adjustStock(t.owner, { warehouseId: wh2.id, skuId, delta: -1, reason: 'x' }))).toBe('inventory.insufficient_stock');
    expect((await listStockLevels(t.owner, { limit: 10, warehouseId: wh2.id })).items).toEqual([]);
  });

  it('404s an unknown warehouse or another tenant\'s SKU', async () => {
    const other = await createTestTenant(baseCtx(database));
    const op = await createProduct(other.owner, { title: 'x', description: '', images: [], category: '', status: 'active', inSelectionLibrary: false, skus: [{ code: 'X', specs: {}, basePriceFen: 1, tierPrices: [] }] });
    expect(await errorCode(adjustStock(t.owner, { warehouseId: whId, skuId: op.skus[0]!.id, delta: 1, reason: 'x' }))).toBe('common.not_found');
    expect(await errorCode(adjustStock(t.owner, { warehouseId: 'wh_nope', skuId, delta: 1, reason: 'x' }))).toBe('common.not_found');
  });

  it('lists stock with product labels and searches by SKU code or title', async () => {
    const page = await listStockLevels(t.owner, { limit: 10, q: '鸡' });
    expect(page.items[0]).toMatchObject({ skuCode: 'EGG', productTitle: '鸡蛋', warehouseName: '中心仓' });
    expect((await listStockLevels(t.owner, { limit: 10, q: 'nothing-like-this' })).items).toEqual([]);
  });

  it('lets operators read but not adjust, and leaders only see the warehouses', async () => {
    const op = await createTestUser(t, 'operator');
    const leader = await createTestUser(t, 'leader');
    expect((await listWarehouses(op.ctx, { limit: 10 })).items.length).toBeGreaterThan(0);
    expect(await errorCode(adjustStock(op.ctx, { warehouseId: whId, skuId, delta: 1, reason: 'x' }))).toBe('common.forbidden');
    expect(await errorCode(listStockLevels(leader.ctx, { limit: 10 }))).toBe('common.forbidden');
    // Leaders may see the warehouses, to choose one for a group-buy, but not their stock.
    expect((await listWarehouses(leader.ctx, { limit: 10 })).items.length).toBeGreaterThan(0);
  });

  it('refuses a duplicate warehouse code', async () => {
    expect(await errorCode(createWarehouse(t.owner, { name: 'again', code: 'WH1', address: '' }))).toBe('inventory.warehouse_code_taken');
  });
});
