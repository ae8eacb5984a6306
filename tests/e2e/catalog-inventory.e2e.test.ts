import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, newTenant, startTestApp, type TestApp } from '../helpers/app';
import type { TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let tierId: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
  tierId = (await owner.post('/member-tiers', { name: '金卡', rank: 2 })).json().id;
});
afterAll(() => t.close());

const productBody = (suffix: string) => ({
  title: `脐橙 ${suffix}`,
  category: '水果',
  status: 'active',
  images: ['https://img.example.com/orange.jpg'],
  skus: [
    { code: `OR-${suffix}-5`, specs: { 规格: '5斤' }, basePriceFen: 3990, tierPrices: [{ tierId, priceFen: 3590 }] },
    { code: `OR-${suffix}-10`, specs: { 规格: '10斤' }, basePriceFen: 6990 },
  ],
});

describe('catalog over HTTP', () => {
  it('creates, reads, updates a product and its SKUs', async () => {
    const created = await owner.post('/products', productBody('a'));
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p.skus).toHaveLength(2);
    const got = await owner.get(`/products/${p.id}`);
    expect(got.json().skus[0]).toMatchObject({ code: 'OR-a-5', basePriceFen: 3990, tierPrices: [{ tierId, priceFen: 3590 }] });
    const patched = await owner.patch(`/products/${p.id}`, { title: '赣南脐橙', inSelectionLibrary: true });
    expect(patched.json()).toMatchObject({ title: '赣南脐橙', inSelectionLibrary: true });
    const sku = await owner.post(`/products/${p.id}/skus`, { code: 'OR-a-20', specs: { 规格: '20斤' }, basePriceFen: 12900 });
    expect(sku.statusCode).toBe(201);
    const skuPatched = await owner.patch(`/skus/${sku.json().id}`, { basePriceFen: 11900, status: 'inactive' });
    expect(skuPatched.json()).toMatchObject({ basePriceFen: 11900, status: 'inactive' });
    const audit = (await owner.get(`/audit-log?entityType=product&entityId=${p.id}`)).json().items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['product.updated', 'product.created']);
  });

  it('pages the product list with cursors and filters it', async () => {
    for (const s of ['p1', 'p2', 'p3', 'p4', 'p5']) await owner.post('/products', { ...productBody(s), status: s === 'p5' ? 'draft' : 'active' });
    const seen: string[] = [];
    let url = '/products?limit=2&sort=title';
    for (;;) {
      const page = (await owner.get(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      if (!page.nextCursor) break;
      url = `/products?limit=2&sort=title&cursor=${page.nextCursor}`;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await owner.get('/products?limit=200')).json().items.length);
    const drafts = (await owner.get('/products?status=draft')).json().items;
    expect(drafts.map((d: { title: string }) => d.title)).toEqual(['脐橙 p5']);
    expect((await owner.get('/products?q=OR-p3-10')).json().items.map((d: { title: string }) => d.title)).toEqual(['脐橙 p3']);
  });
});

describe('bad input', () => {
  it('400 names every field at fault, in the caller\'s language', async () => {
    // Authentication comes first: an anonymous invalid request is 401, not 400.
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/products', payload: {} });
    expect(anon.statusCode).toBe(401);
    const bad = await as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail), lang: 'en' }).post('/products', {
      title: '',
      images: ['not a url'],
      skus: [{ code: 'bad code!', basePriceFen: 19.9 }],
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.code).toBe('common.validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['images.0', 'skus.0.basePriceFen', 'skus.0.code', 'title']);
    const zh = await owner.post('/products', { title: '' });
    expect(zh.json().detail).toBe('请求参数有误');
    expect(zh.json().errors[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('404 for unknown ids and for another tenant\'s ids', async () => {
    const other = await newTenant(t);
    const otherOwner = as(t.app, { cookie: await login(t.app, other.slug, other.ownerEmail) });
    const foreign = (await otherOwner.post('/products', { title: 'not yours', skus: [{ code: 'FOREIGN-1', basePriceFen: 1 }] })).json();
    expect((await owner.get(`/products/${foreign.id}`)).statusCode).toBe(404);
    expect((await owner.patch(`/products/${foreign.id}`, { title: 'mine now' })).statusCode).toBe(404);
    expect((await owner.patch(`/skus/${foreign.skus[0].id}`, { basePriceFen: 0 })).statusCode).toBe(404);
    expect((await owner.get('/products/prd_nope')).json()).toMatchObject({ status: 404, code: 'common.not_found' });
    expect((await otherOwner.get(`/products/${foreign.id}`)).json().title).toBe('not yours');
    // Neither tenant's lists show the other's rows.
    expect((await owner.get('/products?q=FOREIGN-1')).json().items).toEqual([]);
  });

  it('403 when a leader tries to create a product', async () => {
    const units = (await owner.get('/org-units')).json().items;
    const store = (await owner.post('/org-units', { parentId: units[0].id, kind: 'store', name: '徐汇店' })).json();
    await owner.post('/users', { email: `l1@${tenant.slug}.test`, name: '王团长', role: 'leader', password: 'leader-pass-1', orgUnitIds: [store.id] });
    const leader = as(t.app, { cookie: await login(t.app, tenant.slug, `l1@${tenant.slug}.test`, 'leader-pass-1') });
    const res = await leader.post('/products', productBody('leader'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('common.forbidden');
    expect((await owner.get('/products?q=leader')).json().items).toEqual([]);
  });

  it('409 for a duplicate SKU code, and the failed request leaves no product behind', async () => {
    const before = (await owner.get('/products?limit=200')).json().items.length;
    const res = await owner.post('/products', { title: 'dup', skus: [{ code: 'UNIQUE-NEW', basePriceFen: 1 }, { code: 'OR-a-5', basePriceFen: 1 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'catalog.sku_code_taken', errors: [{ path: 'skus.1.code' }] });
    expect((await owner.get('/products?limit=200')).json().items.length).toBe(before);
  });

  it('400 when one request repeats a SKU code', async () => {
    const res = await owner.post('/products', { title: 'twice', skus: [{ code: 'TWICE-1', basePriceFen: 1 }, { code: 'TWICE-1', basePriceFen: 2 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'catalog.duplicate_sku_code_in_request', errors: [{ path: 'skus.1.code' }] });
  });

  it('413 for a body over the limit, 400 for malformed JSON', async () => {
    const cookie = await login(t.app, tenant.slug, tenant.ownerEmail);
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ title: 'x', description: 'x'.repeat(2_000_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('common.payload_too_large');
    const broken = await t.app.inject({ method: 'POST', url: '/api/v1/products', headers: { cookie, 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('common.malformed_body');
  });

  it('400 for a garbled cursor, 404 problem for an unknown route', async () => {
    expect((await owner.get('/products?cursor=%%%garbage')).json().code).toBe('common.invalid_cursor');
    expect((await owner.get('/no-such-thing')).json()).toMatchObject({ status: 404, code: 'common.route_not_found' });
  });
});

describe('inventory over HTTP', () => {
  it('adjusts stock with a reason, refuses to go below zero (409, nothing changed), lists levels and history', async () => {
    const wh = (await owner.post('/warehouses', { name: '华东仓', code: 'E1', address: '上海' })).json();
    const sku = (await owner.post('/products', productBody('stock'))).json().skus[0];
    const add = await owner.post('/stock-adjustments', { warehouseId: wh.id, skuId: sku.id, delta: 5, reason: '采购入库' });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ quantityBefore: 0, quantityAfter: 5 });
    const tooMuch = await owner.post('/stock-adjustments', { warehouseId: wh.id, skuId: sku.id, delta: -6, reason: '出库' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().code).toBe('inventory.insufficient_stock');
    const levels = (await owner.get(`/stock-levels?warehouseId=${wh.id}`)).json().items;
    expect(levels).toEqual([expect.objectContaining({ skuId: sku.id, onHand: 5, warehouseName: '华东仓', skuCode: 'OR-stock-5' })]);
    const history = (await owner.get(`/stock-adjustments?skuId=${sku.id}`)).json().items;
    expect(history).toHaveLength(1);
    expect((await owner.post('/stock-adjustments', { warehouseId: wh.id, skuId: sku.id, delta: 0, reason: '' })).json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['delta', 'reason']);
  });
});
