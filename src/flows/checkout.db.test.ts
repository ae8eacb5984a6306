import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testConfig, testDatabase } from '../../tests/helpers/db';
import { errorCode } from '../../tests/helpers/errors';
import { createLiveCampaign, key, newMember } from '../../tests/helpers/commerce';
import { createTestTenant, type TestTenant } from '../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../platform/context';
import { queryRows, type Database } from '../platform/db';
import { endCampaignNow, getCampaign, updateCampaign } from '../modules/campaigns';
import { adjustStock, listStockLevels } from '../modules/inventory';
import { getOrder, listOrders } from '../modules/orders';
import { SIGNATURE_HEADER, signNotification } from '../modules/payments';
import { checkoutBatchStats, placeOrderFlow } from './place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow, handlePaymentNotificationFlow } from './payment.flow';
import { cancelOrderFlow } from './cancel-order.flow';
import { refundOrderFlow } from './refund-order.flow';
import { closeCampaignFlow } from './close-campaign.flow';
import { expireDueOrders } from './expire-orders.flow';

let database: Database;
let base: BaseCtx;
let t: TestTenant;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  t = await createTestTenant(base);
});
afterAll(() => database.close());

async function state(campaignId: string, warehouseId: string) {
  const c = await getCampaign(t.sys, campaignId);
  const stock = (await listStockLevels(t.sys, { limit: 50, warehouseId })).items;
  return { items: c.items.map((i) => ({ reserved: i.reserved, sold: i.sold, left: i.left })), stock: Object.fromEntries(stock.map((s) => [s.skuId, s.onHand])) };
}

async function events(type: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox_events where tenant_id = ${t.tenantId} and type = ${type}`);
  return r!.n;
}

const pickup = (campaignId: string, items: Array<{ itemId: string; quantity: number }>) => ({ campaignId, items, fulfilment: 'pickup' as const, note: '' });

async function buyAndPay(member: Ctx, campaignId: string, items: Array<{ itemId: string; quantity: number }>) {
  const order = (await placeOrderFlow(member, pickup(campaignId, items), key())).body;
  const pay = await createPaymentFlow(member, order.id);
  await completeSandboxPaymentFlow(member, pay.paymentId, 'paid');
  return getOrder(member, order.id);
}

describe('placing orders', () => {
  it('reserves against the campaign cap and the warehouse stock, and pays through the sandbox', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 10, priceFen: 2990 }] });
    const member = await newMember(t, '王小明');
    const itemId = campaign.items[0]!.id;
    const placed = await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 3 }]), key());
    expect(placed.body).toMatchObject({ status: 'pending_payment', totalFen: 8970, lines: [{ quantity: 3, unitPriceFen: 2990 }] });
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 3, sold: 0, left: 7 }], stock: { [skuIds[0]!]: 47 } });

    const pay = await createPaymentFlow(member, placed.body.id);
    expect(pay.payUrl).toMatch(new RegExp(`^/m/${t.slug}/pay/pay_`));
    // Paying twice reuses the open payment.
    expect((await createPaymentFlow(member, placed.body.id)).paymentId).toBe(pay.paymentId);
    const paid = await completeSandboxPaymentFlow(member, pay.paymentId, 'paid');
    expect(paid).toMatchObject({ status: 'paid', paidFen: 8970 });
    expect(paid.timeline.map((e) => e.to)).toEqual(['pending_payment', 'paid']);
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 0, sold: 3, left: 7 }], stock: { [skuIds[0]!]: 47 } });
  });

  it('answers SOLD_OUT with what remains, and changes nothing', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 5 }] });
    const itemId = campaign.items[0]!.id;
    await placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId, quantity: 4 }]), key());
    const before = await state(campaign.id, warehouseId);
    const placedBefore = await events('order.placed');
    let err: unknown;
    try {
      await placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId, quantity: 2 }]), key());
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'SOLD_OUT', params: { remaining: 1 } });
    expect(await state(campaign.id, warehouseId)).toEqual(before);
    expect(await events('order.placed')).toBe(placedBefore);
  });

  it('answers SOLD_OUT when the warehouse runs short before the cap', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 2, cap: 100 }] });
    const code = await errorCode(placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 3 }]), key()));
    expect(code).toBe('SOLD_OUT');
    expect((await state(campaign.id, warehouseId)).stock[skuIds[0]!]).toBe(2);
  });

  it('counts two listings of one SKU against the same stock', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 5, cap: 100 }, { stock: 5, cap: 100 }], sharedSku: true });
    expect(skuIds[0]).toBe(skuIds[1]);
    const [a, b] = campaign.items;
    expect(await errorCode(placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId: a!.id, quantity: 3 }, { itemId: b!.id, quantity: 3 }]), key()))).toBe('SOLD_OUT');
    await placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId: a!.id, quantity: 2 }, { itemId: b!.id, quantity: 3 }]), key());
    expect((await state(campaign.id, warehouseId)).stock[skuIds[0]!]).toBe(0);
  });

  it('holds the per-member limit across all of a member\'s orders', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, perMemberLimit: 3 }] });
    const itemId = campaign.items[0]!.id;
    const member = await newMember(t);
    await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 2 }]), key());
    let err: unknown;
    try {
      await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 2 }]), key());
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', params: { limit: 3, remaining: 1 } });
    await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
    // A canceled order gives its units back to the member's allowance.
    const third = await listOrders(member, { limit: 10, campaignId: campaign.id });
    await cancelOrderFlow(member, third.items[0]!.id, '');
    await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
  });

  it('refuses campaigns that are not live', async () => {
    const scheduled = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }], startsInMs: 3_600_000, endsInMs: 7_200_000 });
    expect(await errorCode(placeOrderFlow(await newMember(t), pickup(scheduled.campaign.id, [{ itemId: scheduled.campaign.items[0]!.id, quantity: 1 }]), key()))).toBe('CAMPAIGN_NOT_LIVE');
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses it with another body', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    const member = await newMember(t);
    const k = key();
    const body = pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 2 }]);
    const first = await placeOrderFlow(member, body, k);
    const again = await placeOrderFlow(member, body, k);
    expect(again.replayed).toBe(true);
    expect(again.body.id).toBe(first.body.id);
    expect((await state(campaign.id, warehouseId)).stock[skuIds[0]!]).toBe(8);
    expect(await errorCode(placeOrderFlow(member, { ...body, note: 'different' }, k))).toBe('common.idempotency_key_reused');
  });

  it('checks fulfilment and the delivery address', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }], fulfilment: 'pickup' });
    const member = await newMember(t);
    const items = [{ itemId: campaign.items[0]!.id, quantity: 1 }];
    expect(await errorCode(placeOrderFlow(member, { ...pickup(campaign.id, items), fulfilment: 'delivery' }, key()))).toBe('campaigns.fulfilment_not_offered');
    const both = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }] });
    expect(await errorCode(placeOrderFlow(member, { ...pickup(both.campaign.id, [{ itemId: both.campaign.items[0]!.id, quantity: 1 }]), fulfilment: 'delivery' }, key()))).toBe('orders.address_required');
  });
});

describe('guards from the code review', () => {
  it('refuses an order whose total would overflow the money columns, with a 400', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10_000, cap: 10_000, priceFen: 100_000_000 }] });
    expect(await errorCode(placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 22 }]), key()))).toBe('orders.total_too_large');
  });

  it('lets only operators of the campaign\'s org unit (and owners) refund its orders', async () => {
    const { createOrgUnit } = await import('../modules/identity');
    const { createTestUser } = await import('../../tests/helpers/factories');
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    const order = await buyAndPay(await newMember(t), campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }]);
    const store = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: `S-${Date.now()}` });
    const op = await createTestUser(t, 'operator', [store.id]);
    // The campaign is brand-wide: an operator sees its orders but refunding them is the owner's call.
    expect(await errorCode(refundOrderFlow(op.ctx, order.id, { reason: 'x' }, key()))).toBe('common.forbidden');
    expect((await refundOrderFlow(t.owner, order.id, { reason: 'x' }, key())).body.status).toBe('refunded');
  });

  it('keeps the sandbox off where it is switched off', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    const member = await newMember(t);
    const order = (await placeOrderFlow(member, pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }]), key())).body;
    const off: Ctx = { ...member, config: { ...member.config, sandboxPayments: false } };
    expect(await errorCode(createPaymentFlow(off, order.id))).toBe('payments.provider_disabled');
  });

  it('lets the closing job go on past a campaign that fails to close', async () => {
    const a = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }], endsInMs: 800 });
    const b = await createLiveCampaign(t, { items: [{ stock: 5, cap: 5 }], endsInMs: 800 });
    await new Promise((r) => setTimeout(r, 900));
    const { closeDueCampaigns } = await import('./close-campaign.flow');
    // A trigger makes closing campaign a throw, as a provider refusing a refund would; b still closes.
    const failing: string[] = [];
    const { sql: q } = await import('drizzle-orm');
    const fn = `fail_close_${Date.now()}`;
    await database.db.execute(q.raw(`create function ${fn}() returns trigger language plpgsql as $$ begin if new.id = '${a.campaign.id}' then raise exception 'cannot close'; end if; return new; end $$`));
    await database.db.execute(q.raw(`create trigger ${fn} before update on campaigns for each row execute function ${fn}()`));
    try {
      await closeDueCampaigns(base, (_err, id) => failing.push(id));
    } finally {
      await database.db.execute(q.raw(`drop trigger ${fn} on campaigns`));
      await database.db.execute(q.raw(`drop function ${fn}()`));
    }
    expect(failing).toContain(a.campaign.id);
    expect((await getCampaign(t.sys, b.campaign.id)).status).toBe('succeeded');
    expect((await getCampaign(t.sys, a.campaign.id)).status).toBe('ended');
  });
});

describe('payment notifications', () => {
  async function openPayment() {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 500 }] });
    const member = await newMember(t);
    const order = (await placeOrderFlow(member, pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }]), key())).body;
    const pay = await createPaymentFlow(member, order.id);
    const [row] = await queryRows<{ provider_ref: string }>(database.db, sql`select provider_ref from payments where tenant_id = ${t.tenantId} and id = ${pay.paymentId}`);
    const body = (type: string, eventId: string) =>
      JSON.stringify({ id: eventId, type, created: Math.floor(Date.now() / 1000), data: { tenantId: t.tenantId, paymentId: pay.paymentId, providerRef: row!.provider_ref, amountFen: 500 } });
    return { member, order, pay, body, campaign, warehouseId };
  }
  const secret = testConfig().sandboxPaymentSecret;

  it('refuses a forged or stale notification with 401 and changes nothing', async () => {
    const { member, order, body } = await openPayment();
    const raw = body('payment.succeeded', 'evt-forged');
    expect(await errorCode(handlePaymentNotificationFlow(base, 'sandbox', { [SIGNATURE_HEADER]: signNotification('wrong-secret-0123456789', raw) }, raw))).toBe('payments.invalid_signature');
    expect(await errorCode(handlePaymentNotificationFlow(base, 'sandbox', { [SIGNATURE_HEADER]: signNotification(secret, raw, Math.floor(Date.now() / 1000) - 301) }, raw))).toBe('payments.stale_notification');
    expect(await errorCode(handlePaymentNotificationFlow(base, 'sandbox', {}, raw))).toBe('payments.invalid_signature');
    // A body altered after signing fails too.
    const sig = signNotification(secret, raw);
    expect(await errorCode(handlePaymentNotificationFlow(base, 'sandbox', { [SIGNATURE_HEADER]: sig }, raw.replace('500', '5')))).toBe('payments.invalid_signature');
    expect((await getOrder(member, order.id)).status).toBe('pending_payment');
  });

  it('applies a notification once, however often it comes, and ignores news older than what it knows', async () => {
    const { member, order, body } = await openPayment();
    const paidBefore = await events('order.paid');
    const ok = body('payment.succeeded', 'evt-1');
    const send = (raw: string) => handlePaymentNotificationFlow(base, 'sandbox', { [SIGNATURE_HEADER]: signNotification(secret, raw) }, raw);
    expect((await send(ok)).applied).toBe(true);
    expect((await send(ok)).applied).toBe(false);
    // A failure reported after the success (out of order) does not undo it.
    expect((await send(body('payment.failed', 'evt-0'))).applied).toBe(true);
    const after = await getOrder(member, order.id);
    expect(after.status).toBe('paid');
    expect(after.timeline.filter((e) => e.to === 'paid')).toHaveLength(1);
    expect(await events('order.paid')).toBe(paidBefore + 1);
  });

  it('refunds a payment that arrives after the order expired', async () => {
    const quick = baseCtx(database, testConfig({ orderPaymentMs: 1 }));
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 700 }] });
    const m = await newMember(t);
    const member: Ctx = { ...m, config: quick.config };
    const order = (await placeOrderFlow(member, pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 2 }]), key())).body;
    await new Promise((r) => setTimeout(r, 5));
    // The payment was opened just before the deadline (by a member whose page was already open).
    const { openPayment: open } = await import('../modules/payments');
    const payment = await open(member, { orderId: order.id, amountFen: 1400, description: 'x', memberPagesBase: '/m/x' });
    await expireDueOrders(quick);
    expect((await getOrder(member, order.id)).status).toBe('canceled');
    expect(await state(campaign.id, warehouseId)).toMatchObject({ items: [{ reserved: 0, sold: 0, left: 10 }] });
    // The member did pay at the provider; its notification arrives after the expiry.
    const { settleSandboxPayment } = await import('../modules/payments');
    const note = (await settleSandboxPayment(member, payment.payment.providerRef!, 'paid', secret))!;
    await handlePaymentNotificationFlow(base, 'sandbox', { [SIGNATURE_HEADER]: note.signature }, note.rawBody);
    const [refund] = await queryRows<{ amount_fen: number }>(database.db, sql`select amount_fen from refunds where tenant_id = ${t.tenantId} and order_id = ${order.id}`);
    expect(refund?.amount_fen).toBe(1400);
    expect((await getOrder(member, order.id)).status).toBe('canceled');
  });
});

describe('expiry, cancel and refunds', () => {
  it('expires unpaid orders and releases everything they held', async () => {
    const quick = baseCtx(database, testConfig({ orderPaymentMs: 1 }));
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, perMemberLimit: 2 }] });
    const m = await newMember(t);
    const member: Ctx = { ...m, config: quick.config };
    const itemId = campaign.items[0]!.id;
    await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 2 }]), key());
    await new Promise((r) => setTimeout(r, 5));
    expect(await expireDueOrders(quick)).toBeGreaterThanOrEqual(1);
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 0, sold: 0, left: 10 }], stock: { [skuIds[0]!]: 10 } });
    // The member's allowance is back too.
    await placeOrderFlow(m, pickup(campaign.id, [{ itemId, quantity: 2 }]), key());
    // Running the job again changes nothing more.
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 2, sold: 0, left: 8 }], stock: { [skuIds[0]!]: 8 } });
  });

  it('refunds per line and then in full, restocks, and refuses more than was paid', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 20, cap: 20, priceFen: 1000 }, { stock: 20, cap: 20, priceFen: 333 }] });
    const member = await newMember(t);
    const order = await buyAndPay(member, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 3 }, { itemId: campaign.items[1]!.id, quantity: 3 }]);
    expect(order.paidFen).toBe(3999);
    const line = order.lines.find((l) => l.unitPriceFen === 1000)!;
    const k = key();
    const partial = await refundOrderFlow(t.owner, order.id, { lines: [{ lineId: line.id, quantity: 1 }], reason: '坏果' }, k);
    expect(partial.body).toMatchObject({ status: 'paid', refundedFen: 1000 });
    // The same key replays; nothing is refunded twice.
    expect((await refundOrderFlow(t.owner, order.id, { lines: [{ lineId: line.id, quantity: 1 }], reason: '坏果' }, k)).body.refundedFen).toBe(1000);
    expect(await errorCode(refundOrderFlow(t.owner, order.id, { lines: [{ lineId: line.id, quantity: 3 }], reason: 'too many' }, key()))).toBe('orders.refund_exceeds_paid');
    const full = await refundOrderFlow(t.owner, order.id, { reason: '整单退' }, key());
    expect(full.body).toMatchObject({ status: 'refunded', refundedFen: 3999 });
    expect(await state(campaign.id, warehouseId)).toMatchObject({ items: [{ sold: 0 }, { sold: 0 }], stock: { [skuIds[0]!]: 20, [skuIds[1]!]: 20 } });
    expect(await errorCode(refundOrderFlow(t.owner, order.id, { reason: 'again' }, key()))).toBe('orders.not_refundable');
  });
});

describe('closing campaigns', () => {
  it('succeeds when the threshold is met; closing twice does nothing more', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }], threshold: { kind: 'participants', value: 2 }, endsInMs: 1500 });
    for (let i = 0; i < 2; i++) await buyAndPay(await newMember(t), campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }]);
    const pending = await placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }]), key());
    await new Promise((r) => setTimeout(r, 1600));
    expect(await closeCampaignFlow(base, t.tenantId, campaign.id)).toBe('succeeded');
    expect(await closeCampaignFlow(base, t.tenantId, campaign.id)).toBe('skipped');
    expect((await getCampaign(t.sys, campaign.id)).status).toBe('succeeded');
    expect((await getOrder(t.sys, pending.body.id)).status).toBe('canceled');
  });

  it('fails below the threshold, refunds every paid order and releases the stock', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 1200 }], threshold: { kind: 'units', value: 5 }, endsInMs: 1500 });
    const buyers = [await newMember(t), await newMember(t)];
    const orders = [];
    for (const b of buyers) orders.push(await buyAndPay(b, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 2 }]));
    const failedBefore = await events('campaign.failed');
    await new Promise((r) => setTimeout(r, 1600));
    expect(await closeCampaignFlow(base, t.tenantId, campaign.id)).toBe('failed');
    for (const o of orders) expect(await getOrder(t.sys, o.id)).toMatchObject({ status: 'refunded', refundedFen: 2400 });
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 0, sold: 0, left: 10 }], stock: { [skuIds[0]!]: 10 } });
    expect(await events('campaign.failed')).toBe(failedBefore + 1);
  });
});

describe('editing a live campaign', () => {
  it('may raise caps and extend the end, never lower a cap below what is taken', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 5 }] });
    const itemId = campaign.items[0]!.id;
    await placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId, quantity: 4 }]), key());
    expect(await errorCode(updateCampaign(t.sys, campaign.id, { caps: [{ itemId, cap: 3 }] }))).toBe('campaigns.cap_below_taken');
    expect((await updateCampaign(t.sys, campaign.id, { caps: [{ itemId, cap: 4 }] })).items[0]!.cap).toBe(4);
    expect((await updateCampaign(t.sys, campaign.id, { caps: [{ itemId, cap: 50 }] })).items[0]!.left).toBe(46);
    const later = new Date(Date.parse(campaign.endsAt) + 86_400_000).toISOString();
    expect((await updateCampaign(t.sys, campaign.id, { endsAt: later })).endsAt).toBe(later);
    expect(await errorCode(updateCampaign(t.sys, campaign.id, { endsAt: campaign.endsAt }))).toBe('campaigns.not_editable');
    expect(await errorCode(updateCampaign(t.sys, campaign.id, { threshold: { kind: 'none' } }))).toBe('campaigns.not_editable');
  });
});

describe('a failed request gives its Idempotency-Key back', () => {
  it('retried with the same key after SOLD_OUT, it runs afresh and succeeds once units are there', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 1, cap: 10 }] });
    const itemId = campaign.items[0]!.id;
    const member = await newMember(t);
    const k = key();
    expect(await errorCode(placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 2 }]), k))).toBe('SOLD_OUT');
    await adjustStock(t.sys, { warehouseId, skuId: skuIds[0]!, delta: 5, reason: 'restock' });
    const retried = await placeOrderFlow(member, pickup(campaign.id, [{ itemId, quantity: 2 }]), k);
    expect(retried).toMatchObject({ status: 201, replayed: false });
  });
});

describe("a process's cache of campaigns and stock (checkout reads them once, then checks them as it writes)", () => {
  it('sells under a campaign title edited after the last order, and not at all once the campaign stopped taking orders', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 50 }] });
    const itemId = campaign.items[0]!.id;
    const buy = async () => placeOrderFlow(await newMember(t), pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
    expect((await buy()).body.campaignTitle).toBe(campaign.title);
    const reruns = checkoutBatchStats.reruns;
    await updateCampaign(t.sys, campaign.id, { title: '改了名的团' });
    // The cached campaign's version no longer matches: the batch runs again from a fresh read.
    expect((await buy()).body.campaignTitle).toBe('改了名的团');
    expect(checkoutBatchStats.reruns).toBe(reruns + 1);
    await endCampaignNow(t.sys, campaign.id);
    expect(await errorCode(buy())).toBe('CAMPAIGN_NOT_LIVE');
    expect((await getCampaign(t.sys, campaign.id)).items[0]!.reserved).toBe(2);
  });

  it('reads units afresh before saying SOLD_OUT: units freed by a cancel, a raised cap and new stock all sell', async () => {
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 3, cap: 2 }] });
    const itemId = campaign.items[0]!.id;
    const buyer = async () => newMember(t);
    const first = await buyer();
    const a = await placeOrderFlow(first, pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
    await placeOrderFlow(await buyer(), pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
    // The cache now says the cap is used up. A cancel frees a unit behind its back.
    await cancelOrderFlow(first, a.body.id, 'changed my mind');
    const refreshes = checkoutBatchStats.refreshes;
    const c = await placeOrderFlow(await buyer(), pickup(campaign.id, [{ itemId, quantity: 1 }]), key());
    expect(c.status).toBe(201);
    expect(checkoutBatchStats.refreshes).toBe(refreshes + 1);
    // Used up again; the cap is raised (and stock is short): the stock, once added, sells too.
    await updateCampaign(t.sys, campaign.id, { caps: [{ itemId, cap: 10 }] });
    expect(await errorCode(placeOrderFlow(await buyer(), pickup(campaign.id, [{ itemId, quantity: 2 }]), key()))).toBe('SOLD_OUT');
    await adjustStock(t.sys, { warehouseId, skuId: skuIds[0]!, delta: 5, reason: 'restock' });
    expect((await placeOrderFlow(await buyer(), pickup(campaign.id, [{ itemId, quantity: 2 }]), key())).status).toBe(201);
    expect(await state(campaign.id, warehouseId)).toEqual({ items: [{ reserved: 4, sold: 0, left: 6 }], stock: { [skuIds[0]!]: 4 } });
  });
});
