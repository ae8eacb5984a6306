import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginStaff } from '../../src/modules/identity/services/login-staff';
import { requestMemberCode, verifyMemberCode } from '../../src/modules/identity/services/member-code';
import { createProduct } from '../../src/modules/catalog';
import { adjustStock, createWarehouse, listStockAdjustments, listStockLevels } from '../../src/modules/inventory';
import { queryRows, type Database } from '../../src/platform/db';
import { listSandboxInbox, sandboxSmsProvider } from '../../src/platform/sms';
import { baseCtx, testConfig } from '../helpers/db';
import { errorCode } from '../helpers/errors';
import { createTestTenant, createTestUser, TEST_PASSWORD, type TestTenant } from '../helpers/factories';
import { describeServer, serverDatabase } from '../helpers/server-db';

// PGlite is one connection and cannot show a missing lock; these run on the server PostgreSQL.
describeServer('concurrency on a real PostgreSQL', () => {
  let database: Database;
  let t: TestTenant;

  beforeAll(async () => {
    database = await serverDatabase();
    t = await createTestTenant(baseCtx(database));
  });
  afterAll(() => database?.close());

  it('many concurrent removals never take stock below zero, and units removed = units decremented', async () => {
    const p = await createProduct(t.owner, { title: 'hot', description: '', images: [], category: '', status: 'active', inSelectionLibrary: false, skus: [{ code: 'HOT-1', specs: {}, basePriceFen: 100, tierPrices: [] }] });
    const skuId = p.skus[0]!.id;
    const wh = await createWarehouse(t.owner, { name: 'W', code: 'W-HOT', address: '' });
    await adjustStock(t.owner, { warehouseId: wh.id, skuId, delta: 20, reason: 'in' });
    const results = await Promise.all(Array.from({ length: 60 }, () => errorCode(adjustStock(t.owner, { warehouseId: wh.id, skuId, delta: -1, reason: 'out' }))));
    expect(results.filter((r) => r === 'no error')).toHaveLength(20);
    expect(results.filter((r) => r === 'inventory.insufficient_stock')).toHaveLength(40);
    expect((await listStockLevels(t.owner, { limit: 5, skuId })).items[0]!.onHand).toBe(0);
    const history = (await listStockAdjustments(t.owner, { limit: 200, skuId })).items;
    expect(history).toHaveLength(21);
    // Every removal saw a distinct quantity: the chain 20 → 0 has no gaps and no repeats.
    const befores = history.filter((h) => h.delta === -1).map((h) => h.quantityBefore).sort((a, b) => a - b);
    expect(befores).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('concurrent products claiming one SKU code: exactly one wins, the rest get 409', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        errorCode(createProduct(t.owner, { title: `race ${i}`, description: '', images: [], category: '', status: 'draft', inSelectionLibrary: false, skus: [{ code: 'RACE-1', specs: {}, basePriceFen: 1, tierPrices: [] }] })),
      ),
    );
    expect(attempts.filter((r) => r === 'no error')).toHaveLength(1);
    expect(attempts.filter((r) => r === 'catalog.sku_code_taken')).toHaveLength(11);
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from products where tenant_id = ${t.tenantId} and title like 'race %'`);
    expect(row!.n).toBe(1);
  });

  it('concurrent wrong passwords are all counted and lock the account', async () => {
    const base = baseCtx(database, testConfig({ loginMaxFailures: 5 }));
    const u = await createTestUser(t, 'operator');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => errorCode(loginStaff(base, { tenant: t.slug, email: u.email, password: `bad-${i}` }))));
    expect(results.filter((r) => r === 'identity.account_locked').length).toBeGreaterThanOrEqual(5);
    const [row] = await queryRows<{ failed_logins: number }>(database.db, sql`select failed_logins from users where tenant_id = ${t.tenantId} and id = ${u.id}`);
    expect(row!.failed_logins).toBe(10);
    expect(await errorCode(loginStaff(base, { tenant: t.slug, email: u.email, password: TEST_PASSWORD }))).toBe('identity.account_locked');
  });

  it('concurrent code requests for one phone send one code; concurrent verifications sign in once', async () => {
    const base = baseCtx(database);
    const phone = '13700000099';
    const sent = await Promise.all(Array.from({ length: 8 }, () => errorCode(requestMemberCode(base, { tenant: t.slug, phone }, sandboxSmsProvider))));
    expect(sent.filter((r) => r === 'no error')).toHaveLength(1);
    const code = (await listSandboxInbox(t.owner, { limit: 10, phone })).items[0]!.code!;
    const verified = await Promise.all(Array.from({ length: 8 }, () => errorCode(verifyMemberCode(base, { tenant: t.slug, phone, code }))));
    expect(verified.filter((r) => r === 'no error')).toHaveLength(1);
    const [m] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from members where tenant_id = ${t.tenantId} and phone = ${phone}`);
    expect(m!.n).toBe(1);
  });
});
