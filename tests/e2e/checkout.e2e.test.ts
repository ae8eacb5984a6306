import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signNotification } from '../../src/modules/payments';
import { as, login, memberClient as newMemberClient, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { createLiveCampaign } from '../helpers/commerce';
import { setMemberTiers } from '../../src/modules/identity';
import { ZOrder } from '../../src/modules/orders/orders.validators';
import type { TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
});
afterAll(() => t.close());

let phone = 13600000000;
const memberClient = () => newMemberClient(t.app, owner, tenant.slug, String(++phone));

describe('checkout over HTTP', () => {

  it("shows a member with a tier their tier's price where it is lower, and charges exactly that", async () => {
    const gold = (await owner.post('/member-tiers', { name: '金卡(结算)', rank: 9 })).json();
    const { campaign, skuIds } = await createLiveCampaign(tenant, { items: [{ stock: 20, cap: 20, priceFen: 2000 }, { stock: 20, cap: 20, priceFen: 2000 }] });
    // 会员价 ¥15 on the first SKU; on the second the tier price is above the campaign's, so it never applies.
    expect((await owner.patch(`/skus/${skuIds[0]}`, { tierPrices: [{ tierId: gold.id, priceFen: 1500 }] })).statusCode).toBe(200);
    expect((await owner.patch(`/skus/${skuIds[1]}`, { tierPrices: [{ tierId: gold.id, priceFen: 2500 }] })).statusCode).toBe(200);
    const vip = await memberClient();
    const plain = await memberClient();
    const vipId = (await vip.send('GET', '/me')).json().actor.id;
    await setMemberTiers(tenant.sys, [{ memberId: vipId, tierId: gold.id }]);

    const page = (await vip.send('GET', `/t/${tenant.slug}/campaigns/${campaign.id}`)).json();
    expect(page.items[0]).toMatchObject({ priceFen: 2000, myPriceFen: 1500, myTierName: '金卡(结算)' });
    expect(page.items[1]).not.toHaveProperty('myPriceFen');
    expect((await plain.send('GET', `/t/${tenant.slug}/campaigns/${campaign.id}`)).json().items[0]).not.toHaveProperty('myPriceFen');

    const body = { campaignId: campaign.id, items: campaign.items.map((i) => ({ itemId: i.id, quantity: 2 })), fulfilment: 'pickup' };
    // Both orders at once, so they can share one checkout batch: each still pays its own price.
    const [a, b] = await Promise.all([vip.send('POST', '/orders', body, { 'idempotency-key': 'tier-1' }), plain.send('POST', '/orders', body, { 'idempotency-key': 'tier-2' })]);
    expect(a.json()).toMatchObject({ totalFen: 7000, lines: [{ unitPriceFen: 1500, lineTotalFen: 3000 }, { unitPriceFen: 2000, lineTotalFen: 4000 }] });
    expect(b.json()).toMatchObject({ totalFen: 8000, lines: [{ unitPriceFen: 2000 }, { unitPriceFen: 2000 }] });
    const pay = (await vip.send('POST', `/orders/${a.json().id}/payments`)).json();
    expect(pay.amountFen).toBe(7000);
  });

  it('buys, pays in the sandbox, and shows up in my orders and the 接龙 list', async () => {
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 20, cap: 20, priceFen: 1990, perMemberLimit: 5 }] });
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/campaigns?limit=200` })).json();
    expect(list.items).toContainEqual(expect.objectContaining({ id: campaign.id, status: 'live', minPriceFen: 1990, maxPriceFen: 1990, itemCount: 1 }));
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/t/no-such-brand/campaigns' })).statusCode).toBe(404);
    const page = await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/campaigns/${campaign.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ status: 'live', items: [{ left: 20, priceFen: 1990 }], participants: 0 });

    const m = await memberClient();
    const me = (await m.send('GET', '/me')).json();
    expect(me.actor.referralCode).toMatch(/^[A-Z2-9]{8}$/);
    const body = { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 2 }], fulfilment: 'pickup', referralCode: 'FRIEND01' };
    expect((await m.send('POST', '/orders', body)).json()).toMatchObject({ status: 400, code: 'common.idempotency_key_required' });
    const placed = await m.send('POST', '/orders', body, { 'idempotency-key': 'k-1' });
    expect(placed.statusCode).toBe(201);
    const order = placed.json();
    expect(order).toMatchObject({ status: 'pending_payment', totalFen: 3980, referralCode: 'FRIEND01' });
    // The answer is sent as the JSON the checkout stored, not through the route's serializer: it
    // must be exactly what the schema allows (nothing missing, nothing more), as JSON.
    expect(placed.headers['content-type']).toMatch(/^application\/json/);
    expect(ZOrder.strict().parse(order)).toEqual(order);
    const replay = await m.send('POST', '/orders', body, { 'idempotency-key': 'k-1' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(order);
    expect((await m.send('POST', '/orders', { ...body, note: 'x' }, { 'idempotency-key': 'k-1' })).statusCode).toBe(422);

    const pay = (await m.send('POST', `/orders/${order.id}/payments`)).json();
    expect(pay).toMatchObject({ amountFen: 3980, provider: 'sandbox', payUrl: `/m/${tenant.slug}/pay/${pay.paymentId}` });
    expect((await m.send('GET', `/payments/${pay.paymentId}`)).json()).toMatchObject({ status: 'created', amountFen: 3980 });
    const paid = (await m.send('POST', `/sandbox/payments/${pay.paymentId}/complete`, { outcome: 'paid' })).json();
    expect(paid.status).toBe('paid');
    expect(paid.timeline.map((e: { to: string }) => e.to)).toEqual(['pending_payment', 'paid']);

    // Signed in, the public page also says what the member already holds (for the per-member limit).
    const seen = (await m.send('GET', `/t/${tenant.slug}/campaigns/${campaign.id}`)).json();
    expect(seen.items[0].myQuantity).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/campaigns/${campaign.id}` })).json().items[0]).not.toHaveProperty('myQuantity');
    const mine = (await m.send('GET', '/me/orders')).json();
    expect(mine.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    const entries = (await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/campaigns/${campaign.id}/entries` })).json();
    expect(entries.items).toEqual([expect.objectContaining({ seq: 1, name: `${m.phone.slice(0, 3)}****${m.phone.slice(-4)}`, items: [expect.objectContaining({ quantity: 2 })] })]);
    const staffView = (await owner.get(`/campaigns/${campaign.id}`)).json();
    expect(staffView.figures).toEqual({ participants: 1, paidOrders: 1, unitsSold: 2, gmvFen: 3980 });
  });

  it('answers 409 SOLD_OUT, LIMIT_EXCEEDED and CAMPAIGN_NOT_LIVE with clear details', async () => {
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 3, cap: 3, perMemberLimit: 2 }] });
    const m = await memberClient();
    const itemId = campaign.items[0]!.id;
    const over = await m.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId, quantity: 3 }], fulfilment: 'pickup' }, { 'idempotency-key': 'a', 'accept-language': 'en' });
    expect(over.json()).toMatchObject({ status: 409, code: 'LIMIT_EXCEEDED' });
    expect(over.json().detail).toContain('limited to 2');
    await m.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId, quantity: 2 }], fulfilment: 'pickup' }, { 'idempotency-key': 'b' });
    const m2 = await memberClient();
    const sold = await m2.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId, quantity: 2 }], fulfilment: 'pickup' }, { 'idempotency-key': 'c' });
    expect(sold.json()).toMatchObject({ status: 409, code: 'SOLD_OUT' });
    expect(sold.json().detail).toContain('仅剩 1 件');
    await owner.post(`/campaigns/${campaign.id}/cancel`);
    const closed = await m2.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId, quantity: 1 }], fulfilment: 'pickup' }, { 'idempotency-key': 'd' });
    expect(closed.json()).toMatchObject({ status: 409, code: 'CAMPAIGN_NOT_LIVE' });
  });

  it('keeps members to their own orders and staff to theirs', async () => {
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 5, cap: 5 }] });
    const a = await memberClient();
    const b = await memberClient();
    const order = (await a.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup' }, { 'idempotency-key': 'x' })).json();
    expect((await b.send('GET', `/orders/${order.id}`)).statusCode).toBe(404);
    expect((await b.send('POST', `/orders/${order.id}/cancel`, {})).statusCode).toBe(404);
    expect((await b.send('POST', `/orders/${order.id}/payments`)).statusCode).toBe(404);
    expect((await b.send('GET', '/orders')).statusCode).toBe(403);
    const other = await newTenant(t);
    const otherOwner = as(t.app, { cookie: await login(t.app, other.slug, other.ownerEmail) });
    expect((await otherOwner.get(`/orders/${order.id}`)).statusCode).toBe(404);
    expect((await otherOwner.get(`/campaigns/${campaign.id}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/${other.slug}/campaigns/${campaign.id}` })).statusCode).toBe(404);
    // The member cancels their own unpaid order.
    expect((await a.send('POST', `/orders/${order.id}/cancel`, { reason: '买错了' })).json()).toMatchObject({ status: 'canceled', cancelReason: '买错了' });
  });

  it('refuses forged payment notifications with 401 over HTTP', async () => {
    const raw = JSON.stringify({ id: 'evt', type: 'payment.succeeded', created: Math.floor(Date.now() / 1000), data: { tenantId: tenant.tenantId, paymentId: 'pay_x', providerRef: 'sbx_x', amountFen: 1 } });
    const forged = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signNotification('not-the-secret-at-all', raw) }, payload: raw });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('payments.invalid_signature');
    const stale = await t.app.inject({ method: 'POST', url: '/api/v1/payments/notify/sandbox', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signNotification(t.config.sandboxPaymentSecret, raw, 1_000_000) }, payload: raw });
    expect(stale.json().code).toBe('payments.stale_notification');
  });

  it('refunds a line with an Idempotency-Key and exports orders as CSV and XLSX', async () => {
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 10, cap: 10, priceFen: 1500 }] });
    const m = await memberClient();
    const order = (await m.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 2 }], fulfilment: 'pickup' }, { 'idempotency-key': 'r' })).json();
    const pay = (await m.send('POST', `/orders/${order.id}/payments`)).json();
    await m.send('POST', `/sandbox/payments/${pay.paymentId}/complete`, { outcome: 'paid' });
    const refund = { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: '少发一件' };
    expect((await owner.post(`/orders/${order.id}/refunds`, refund)).json().code).toBe('common.idempotency_key_required');
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: { cookie: (await login(t.app, tenant.slug, tenant.ownerEmail)), 'idempotency-key': 'refund-1' }, payload: refund });
    expect(r.json()).toMatchObject({ status: 'paid', refundedFen: 1500 });
    expect((await m.send('POST', `/orders/${order.id}/refunds`, refund, { 'idempotency-key': 'm' })).statusCode).toBe(403);

    const csv = await owner.get(`/orders/export?format=csv&campaignId=${campaign.id}`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(order.id);
    expect(lines[1]).toContain('30');
    const xlsx = await t.app.inject({ method: 'GET', url: `/api/v1/orders/export?format=xlsx&campaignId=${campaign.id}`, headers: { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe(order.id);
    expect(sheet.getRow(2).getCell(10).value).toBe(15);
  });

  it('moves a paid order through fulfilment and refuses steps off the state machine', async () => {
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 10, cap: 10 }] });
    const m = await memberClient();
    const order = (await m.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup' }, { 'idempotency-key': 'f' })).json();
    expect((await owner.post(`/orders/${order.id}/status`, { status: 'completed' })).json().code).toBe('orders.invalid_transition');
    const pay = (await m.send('POST', `/orders/${order.id}/payments`)).json();
    await m.send('POST', `/sandbox/payments/${pay.paymentId}/complete`, { outcome: 'paid' });
    for (const status of ['fulfilling', 'ready_for_pickup', 'completed']) expect((await owner.post(`/orders/${order.id}/status`, { status })).json().status).toBe(status);
    expect((await owner.post(`/orders/${order.id}/status`, { status: 'shipped' })).statusCode).toBe(409);
  });
});

describe('campaigns over HTTP', () => {
  it('creates a draft, publishes it, and lists it by status', async () => {
    const products = (await owner.post('/products', { title: '黄桃', status: 'active', skus: [{ code: 'PEACH-HTTP', basePriceFen: 2000 }] })).json();
    const wh = (await owner.post('/warehouses', { name: 'HTTP 仓', code: 'WH-HTTP' })).json();
    const start = new Date(Date.now() - 60_000).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    const bad = await owner.post('/campaigns', { title: '', startsAt: end, endsAt: start, warehouseId: wh.id, items: [] });
    expect(bad.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['endsAt', 'items', 'title']);
    const created = await owner.post('/campaigns', { title: '黄桃团', startsAt: start, endsAt: end, warehouseId: wh.id, threshold: { kind: 'units', value: 10 }, items: [{ skuId: products.skus[0].id, priceFen: 1800, cap: 50 }] });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ status: 'draft', threshold: { kind: 'units', value: 10 }, figures: { participants: 0 } });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/t/${tenant.slug}/campaigns/${c.id}` })).statusCode).toBe(404);
    expect((await owner.post(`/campaigns/${c.id}/publish`)).json().status).toBe('live');
    expect((await owner.post(`/campaigns/${c.id}/publish`)).json().code).toBe('campaigns.invalid_transition');
    const live = (await owner.get('/campaigns?status=live&q=黄桃')).json().items;
    expect(live.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await owner.get('/campaigns?status=draft&q=黄桃')).json().items).toEqual([]);
  });
});
