import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../tests/helpers/db';
import { loginStaff } from '../modules/identity/services/login-staff';
import { listOrgUnits } from '../modules/identity';
import { listProducts } from '../modules/catalog';
import { listStockLevels, listWarehouses } from '../modules/inventory';
import { systemCtx, type BaseCtx } from '../platform/context';
import type { Database } from '../platform/db';
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, resetDemo, seedDemo } from './seed';

let database: Database;
let base: BaseCtx;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  await seedDemo(base);
});
afterAll(() => database.close());

async function demoCtx() {
  const login = await loginStaff(base, { tenant: DEMO_SLUG, email: DEMO_LOGINS[0].email, password: DEMO_PASSWORD });
  return systemCtx(base, login.tenant.id);
}

describe('demo tenant', () => {
  it('has a brand with 2 regions and 3 stores, 6 products, 2 stocked warehouses, and four logins', async () => {
    const ctx = await demoCtx();
    const units = await listOrgUnits(ctx);
    expect(units.filter((u) => u.kind === 'brand')).toHaveLength(1);
    expect(units.filter((u) => u.kind === 'region')).toHaveLength(2);
    expect(units.filter((u) => u.kind === 'store')).toHaveLength(3);
    const products = (await listProducts(ctx, { limit: 50, sort: '-createdAt' })).items;
    expect(products).toHaveLength(6);
    expect(products.every((p) => p.skuCount > 0)).toBe(true);
    expect((await listWarehouses(ctx, { limit: 10 })).items).toHaveLength(2);
    const stock = (await listStockLevels(ctx, { limit: 200 })).items;
    expect(stock.length).toBe(products.reduce((n, p) => n + p.skuCount, 0) * 2);
    expect(stock.every((s) => s.onHand > 0)).toBe(true);
    for (const l of DEMO_LOGINS) {
      const r = await loginStaff(base, { tenant: DEMO_SLUG, email: l.email, password: DEMO_PASSWORD });
      expect(r.user.role).toBe(l.role);
    }
  });

  it('is seeded once: a second start leaves it alone', async () => {
    expect(await seedDemo(base)).toBe(false);
  });

  it('starts over on reset, dropping what was added and keeping other tenants', async () => {
    const before = await demoCtx();
    const { createProduct } = await import('../modules/catalog');
    await createProduct(before, { title: 'added later', description: '', images: [], category: '', status: 'draft', inSelectionLibrary: false, skus: [] });
    const { createTestTenant } = await import('../../tests/helpers/factories');
    const other = await createTestTenant(base);
    await resetDemo(base);
    const after = await demoCtx();
    expect(after.tenantId).not.toBe(before.tenantId);
    const titles = (await listProducts(after, { limit: 50, sort: '-createdAt' })).items.map((p) => p.title);
    expect(titles).toHaveLength(6);
    expect(titles).not.toContain('added later');
    expect((await listOrgUnits(other.owner)).length).toBe(1);
  });
});
