import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import type { Database } from '../../platform/db';
import { createMemberTier, createProduct, createSku, getProduct, listProducts, updateProduct, updateSku } from './index';

let database: Database;
let t: TestTenant;
let gold: { id: string };

beforeAll(async () => {
  database = await testDatabase();
  t = await createTestTenant(baseCtx(database));
  gold = await createMemberTier(t.owner, { name: '金卡', rank: 2 });
});
afterAll(() => database.close());

const base = { description: '', images: [], category: '水果', status: 'active' as const, inSelectionLibrary: false };

describe('products and SKUs', () => {
  it('creates a product with SKUs and tier prices in one go', async () => {
    const p = await createProduct(t.owner, {
      ...base,
      title: '脐橙',
      skus: [
        { code: 'P1-5J', specs: { 规格: '5斤' }, basePriceFen: 3990, tierPrices: [{ tierId: gold.id, priceFen: 3590 }] },
        { code: 'P1-10J', specs: { 规格: '10斤' }, basePriceFen: 6990, tierPrices: [] },
      ],
    });
    const got = await getProduct(t.owner, p.id);
    expect(got.skus.map((s) => s.code)).toEqual(['P1-5J', 'P1-10J']);
    expect(got.skus[0]!.tierPrices).toEqual([{ tierId: gold.id, priceFen: 3590 }]);
  });

  it('rejects a duplicate SKU code and keeps nothing of the failed product', async () => {
    await createProduct(t.owner, { ...base, title: 'first', skus: [{ code: 'DUP-1', specs: {}, basePriceFen: 100, tierPrices: [] }] });
    const before = (await listProducts(t.owner, { limit: 200, sort: '-createdAt' })).items.length;
    const code = await errorCode(
      createProduct(t.owner, { ...base, title: 'second', skus: [{ code: 'NEW-1', specs: {}, basePriceFen: 1, tierPrices: [] }, { code: 'DUP-1', specs: {}, basePriceFen: 1, tierPrices: [] }] }),
    );
    expect(code).toBe('catalog.sku_code_taken');
    const after = await listProducts(t.owner, { limit: 200, sort: '-createdAt' });
    expect(after.items.length).toBe(before);
    expect(after.items.some((p) => p.title === 'second')).toBe(false);
    // NEW-1 was rolled back with the product, so it is free.
    const p = await createProduct(t.owner, { ...base, title: 'third', skus: [{ code: 'NEW-1', specs: {}, basePriceFen: 1, tierPrices: [] }] });
    expect(p.skus[0]!.code).toBe('NEW-1');
  });

  it('refuses a tier of another tenant', async () => {
    const other = await createTestTenant(baseCtx(database));
    const foreignTier = await createMemberTier(other.owner, { name: '金卡', rank: 2 });
    const p = await createProduct(t.owner, { ...base, title: 'tiers', skus: [] });
    expect(await errorCode(createSku(t.owner, p.id, { code: 'T-1', specs: {}, basePriceFen: 1, tierPrices: [{ tierId: foreignTier.id, priceFen: 1 }] }))).toBe('catalog.unknown_tier');
  });

  it('updates a SKU, replacing its tier prices, and refuses a code already taken', async () => {
    const p = await createProduct(t.owner, { ...base, title: 'upd', skus: [{ code: 'U-1', specs: {}, basePriceFen: 500, tierPrices: [{ tierId: gold.id, priceFen: 450 }] }, { code: 'U-2', specs: {}, basePriceFen: 1, tierPrices: [] }] });
    const sku = await updateSku(t.owner, p.skus[0]!.id, { basePriceFen: 550, tierPrices: [] });
    expect(sku).toMatchObject({ basePriceFen: 550, tierPrices: [] });
    expect(await errorCode(updateSku(t.owner, p.skus[0]!.id, { code: 'U-2' }))).toBe('catalog.sku_code_taken');
    expect((await getProduct(t.owner, p.id)).skus[0]!.code).toBe('U-1');
  });

  it('shows leaders only active products in the selection library, and forbids them to write', async () => {
    const lib = await createProduct(t.owner, { ...base, title: 'in library', inSelectionLibrary: true, skus: [] });
    const hidden = await createProduct(t.owner, { ...base, title: 'not in library', skus: [] });
    const leader = await createTestUser(t, 'leader');
    const seen = await listProducts(leader.ctx, { limit: 200, sort: '-createdAt' });
    expect(seen.items.map((p) => p.id)).toContain(lib.id);
    expect(seen.items.map((p) => p.id)).not.toContain(hidden.id);
    expect(await errorCode(getProduct(leader.ctx, hidden.id))).toBe('common.not_found');
    expect(await errorCode(createProduct(leader.ctx, { ...base, title: 'x', skus: [] }))).toBe('common.forbidden');
    expect(await errorCode(updateProduct(leader.ctx, lib.id, { title: 'y' }))).toBe('common.forbidden');
  });
});

describe('listing', () => {
  it('pages through every product exactly once in each sort order', async () => {
    const tt = await createTestTenant(baseCtx(database));
    const titles = ['梨', 'apple', '苹果', 'Banana', '橙子', 'cherry', '桃', 'date'];
    for (const title of titles) await createProduct(tt.owner, { ...base, title, skus: [] });
    await updateProduct(tt.owner, (await listProducts(tt.owner, { limit: 1, sort: 'createdAt' })).items[0]!.id, { category: 'moved' });
    for (const sort of ['createdAt', '-createdAt', 'title', '-title', 'updatedAt', '-updatedAt'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listProducts(tt.owner, { limit: 3, sort, cursor });
        seen.push(...page.items.map((p) => p.title));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.slice().sort()).toEqual(titles.slice().sort());
      expect(new Set(seen).size).toBe(titles.length);
    }
    const byTitle = (await listProducts(tt.owner, { limit: 50, sort: 'title' })).items.map((p) => p.title);
    expect(byTitle).toEqual([...byTitle].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('searches titles and SKU codes, and reports SKU counts and price ranges', async () => {
    const tt = await createTestTenant(baseCtx(database));
    await createProduct(tt.owner, { ...base, title: '草莓', skus: [{ code: 'STRAW-1', specs: {}, basePriceFen: 4990, tierPrices: [] }, { code: 'STRAW-3', specs: {}, basePriceFen: 12900, tierPrices: [] }] });
    await createProduct(tt.owner, { ...base, title: '大米', skus: [{ code: 'RICE-5', specs: {}, basePriceFen: 8900, tierPrices: [] }] });
    const byCode = await listProducts(tt.owner, { limit: 10, sort: '-createdAt', q: 'straw' });
    expect(byCode.items).toHaveLength(1);
    expect(byCode.items[0]).toMatchObject({ title: '草莓', skuCount: 2, minPriceFen: 4990, maxPriceFen: 12900 });
    expect((await listProducts(tt.owner, { limit: 10, sort: '-createdAt', q: '大米' })).items.map((p) => p.title)).toEqual(['大米']);
    expect((await listProducts(tt.owner, { limit: 10, sort: '-createdAt', q: '100%_' })).items).toEqual([]);
  });
});
