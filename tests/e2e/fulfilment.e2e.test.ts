import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRound } from '../../src/platform/consumers';
import { closeDueCampaigns } from '../../src/flows/close-campaign.flow';
import { fulfilmentConsumer } from '../../src/modules/fulfilment/fulfilment.consumer';
import { as, login, memberClient as newMemberClient, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { createLiveCampaign } from '../helpers/commerce';
import { baseCtx } from '../helpers/db';
import { TEST_PASSWORD, type TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let leader: ReturnType<typeof as>;
let phone = 13700000000;
const memberClient = () => newMemberClient(t.app, owner, tenant.slug, String(++phone));

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  owner = as(t.app, { cookie: await login(t.app, tenant.slug, tenant.ownerEmail) });
  const store = (await owner.post('/org-units', { parentId: tenant.brandId, kind: 'store', name: '店' })).json().id;
  expect((await owner.post('/users', { email: 'l@x.test', name: '王团长', role: 'leader', password: TEST_PASSWORD, orgUnitIds: [store] })).statusCode).toBe(201);
  // The leader is made a staff user directly; a member's application would give the same profile.
  const m = await memberClient();
  const app = (await m.send('POST', '/me/leader-application', { realName: '赵团长', email: 'z@x.test', orgUnitId: store })).json();
  const approved = (await owner.post(`/leaders/${app.id}/approve`, {})).json();
  leader = as(t.app, { cookie: await login(t.app, tenant.slug, 'z@x.test', approved.initialPassword) });
});
afterAll(() => t.close());

describe('fulfilment over HTTP', () => {
  it('orders at a pickup point go from 截单 through a picking list, arrival and a pickup code to collected', async () => {
    const point = (await leader.post('/pickup-points', { name: '文三路自提点', address: '文三路 1 号', openingHours: '9–21' })).json();
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 20, cap: 20, priceFen: 1500 }], fulfilment: 'pickup' });
    const buyers = [await memberClient(), await memberClient()];
    const orderIds: string[] = [];
    for (const [i, b] of buyers.entries()) {
      const placed = await b.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: i + 1 }], fulfilment: 'pickup', pickupPointId: point.id }, { 'idempotency-key': `k-${i}` });
      expect(placed.statusCode).toBe(201);
      expect(placed.json().pickupPointId).toBe(point.id);
      const pay = (await b.send('POST', `/orders/${placed.json().id}/payments`)).json();
      expect((await b.send('POST', `/sandbox/payments/${pay.paymentId}/complete`, { outcome: 'paid' })).statusCode).toBe(200);
      orderIds.push(placed.json().id);
    }
    const bad = await buyers[0]!.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', pickupPointId: 'pkp_nope' }, { 'idempotency-key': 'k-bad' });
    expect(bad.json()).toMatchObject({ status: 400, code: 'community.pickup_point_unavailable', errors: [{ path: 'pickupPointId' }] });
    // The leader sees the orders at their point, but moves them only through fulfilment.
    expect((await leader.get(`/orders/${orderIds[0]}`)).statusCode).toBe(200);
    expect((await leader.post(`/orders/${orderIds[0]}/status`, { status: 'ready_for_pickup' })).statusCode).toBe(403);
    expect((await owner.post(`/orders/${orderIds[0]}/status`, { status: 'ready_for_pickup' })).json().code).toBe('orders.managed_by_fulfilment');

    expect((await owner.post(`/campaigns/${campaign.id}/picking-lists`)).json().code).toBe('fulfilment.campaign_not_closed');
    const ended = await owner.post(`/campaigns/${campaign.id}/end`);
    expect(ended.statusCode).toBe(200);
    expect(ended.json().status).toBe('ended');
    expect((await owner.post(`/campaigns/${campaign.id}/end`)).json().code).toBe('campaigns.not_editable');
    const base = baseCtx(t.database, t.config);
    await closeDueCampaigns(base);
    await dispatchRound(base, [fulfilmentConsumer]);

    const lists = (await leader.get('/picking-lists')).json().items;
    expect(lists).toEqual([expect.objectContaining({ pickupPointId: point.id, orderCount: 2, unitCount: 3, status: 'open' })]);
    const listId = lists[0].id;
    const xlsx = await owner.get(`/picking-lists/${listId}/export`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按商品 By SKU', '按会员 By member']);
    expect(wb.worksheets[0]!.getRow(3).getCell(3).value).toBe(3);
    expect(wb.worksheets[1]!.rowCount).toBe(4);

    expect((await leader.post(`/picking-lists/${listId}/dispatch`, {})).statusCode).toBe(403);
    expect((await owner.post(`/picking-lists/${listId}/dispatch`, { shortages: [{ orderLineId: 'orl_x', quantity: 0 }] })).json().errors[0].path).toBe('shortages.0.quantity');
    expect((await owner.post(`/picking-lists/${listId}/dispatch`, { note: '早班车' })).json().status).toBe('dispatched');
    const arrived = await leader.post(`/picking-lists/${listId}/arrival`, {});
    expect(arrived.json().status).toBe('arrived');

    const code = (await buyers[0]!.send('GET', `/me/orders/${orderIds[0]}/pickup-code`)).json();
    expect(code.code).toMatch(/^\d{6}$/);
    expect((await buyers[1]!.send('GET', `/me/orders/${orderIds[0]}/pickup-code`)).statusCode).toBe(404);
    const notices = (await buyers[0]!.send('GET', '/me/notices')).json();
    expect(notices).toMatchObject({ unread: 1, items: [{ kind: 'pickup_ready', orderId: orderIds[0] }] });

    const wrong = await leader.post('/pickups/verify', { code: code.code === '111111' ? '222222' : '111111' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({ code: 'fulfilment.wrong_code', errors: [{ path: 'code' }] });
    expect((await leader.post('/pickups/verify', { code: '12ab' })).json().errors[0].path).toBe('code');
    const ok = await leader.post('/pickups/verify', { code: code.code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('completed');
    expect((await leader.post('/pickups/verify', { code: code.code })).json().code).toBe('fulfilment.code_used');
    expect((await buyers[0]!.send('GET', `/me/orders/${orderIds[0]}/pickup-code`)).json().usedAt).not.toBeNull();
  });
});
