import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTuan } from '../../src/app';
import { createSession } from '../../src/modules/identity/services/sessions';
import { getCampaign } from '../../src/modules/campaigns';
import { listStockLevels } from '../../src/modules/inventory';
import { queryRows, type Database } from '../../src/platform/db';
import type { App } from '../../src/platform/http';
import { SIGNATURE_HEADER } from '../../src/modules/payments';
import { settleSandboxPayment } from '../../src/modules/payments';
import { createPaymentFlow } from '../../src/flows/payment.flow';
import { baseCtx, testConfig } from '../helpers/db';
import { createLiveCampaign, newMember } from '../helpers/commerce';
import { createTestTenant, type TestTenant } from '../helpers/factories';
import { describeServer, serverDatabase } from '../helpers/server-db';

// Through real HTTP on a listening server, against the server PostgreSQL: the flash sale as it happens.
describeServer('checkout under concurrency (server PostgreSQL, real HTTP)', () => {
  let database: Database;
  let app: App;
  let url: string;
  let t: TestTenant;

  beforeAll(async () => {
    database = await serverDatabase(40);
    const config = testConfig({ loginRatePerMinute: 100_000 });
    app = await buildTuan({ config, database, webDir: '/nonexistent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    t = await createTestTenant(baseCtx(database, config));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /** Members with real session cookies. */
  async function members(n: number): Promise<string[]> {
    const cookies: string[] = [];
    for (let i = 0; i < n; i++) {
      const m = await newMember(t);
      const s = await createSession(baseCtx(database), { tenantId: t.tenantId, actorType: 'member', actorId: m.actor.id, ttlMs: 3_600_000 });
      cookies.push(`tuan_sid=${s.cookie}`);
    }
    return cookies;
  }

  function place(cookie: string, body: unknown, key = crypto.randomUUID()) {
    return fetch(`${url}/api/v1/orders`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
  }

  async function units(campaignId: string, warehouseId: string) {
    const c = await getCampaign(t.sys, campaignId);
    const stock = (await listStockLevels(t.sys, { limit: 50, warehouseId })).items;
    const [orders] = await queryRows<{ n: number; units: number }>(
      database.db,
      sql`select count(distinct o.id)::int as n, coalesce(sum(l.quantity), 0)::int as units from orders o join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id where o.tenant_id = ${t.tenantId} and o.campaign_id = ${campaignId} and o.status <> 'canceled'`,
    );
    return { items: c.items, stock, orders: orders! };
  }

  it('500 members, cap 100, baskets sharing one SKU: exactly 100 units, every other answer a clean 409, no 5xx', async () => {
    // Two listings of one SKU (item 0 and 1 share it) plus a second SKU; the cap of 100 is on item 0.
    const { campaign, warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 150, cap: 100 }, { stock: 150, cap: 1000 }, { stock: 1000, cap: 1000 }], sharedSku: true });
    const [hot, twin, other] = campaign.items;
    const cookies = await members(500);
    const started = performance.now();
    const responses = await Promise.all(
      cookies.map((cookie, i) =>
        place(cookie, {
          campaignId: campaign.id,
          fulfilment: 'pickup',
          // Every third basket also takes the twin listing of the hot SKU and the other SKU.
          items: i % 3 === 0 ? [{ itemId: hot!.id, quantity: 1 }, { itemId: twin!.id, quantity: 1 }, { itemId: other!.id, quantity: 1 }] : [{ itemId: hot!.id, quantity: 1 }],
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string; lines?: unknown[] } })),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const ok = responses.filter((r) => r.status === 201);
    const statuses = new Map<string, number>();
    for (const r of responses) statuses.set(`${r.status} ${r.body.code ?? ''}`.trim(), (statuses.get(`${r.status} ${r.body.code ?? ''}`.trim()) ?? 0) + 1);
    console.log(`[checkout.server] 500 concurrent placeOrder over HTTP: ${ok.length} orders in ${seconds.toFixed(2)} s = ${(500 / seconds).toFixed(0)} requests/s, ${(ok.length / seconds).toFixed(0)} orders/s; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(ok).toHaveLength(100);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'SOLD_OUT')).toBe(true);
    expect(ok.length + responses.filter((r) => r.status === 409).length).toBe(500);

    const after = await units(campaign.id, warehouseId);
    const item = (id: string) => after.items.find((i) => i.id === id)!;
    expect(item(hot!.id).reserved).toBe(100);
    const twinUnits = item(twin!.id).reserved;
    // Stock + held units = what was there; nothing went below zero.
    const sharedStock = after.stock.find((s) => s.skuId === skuIds[0])!.onHand;
    expect(sharedStock).toBe(150 - 100 - twinUnits);
    expect(sharedStock).toBeGreaterThanOrEqual(0);
    expect(after.stock.find((s) => s.skuId === skuIds[2])!.onHand).toBe(1000 - item(other!.id).reserved);
    expect(after.orders.units).toBe(100 + twinUnits + item(other!.id).reserved);
  }, 120_000);

  it('two campaigns selling one SKU from one warehouse never sell more than its stock between them', async () => {
    const first = await createLiveCampaign(t, { items: [{ stock: 50, cap: 100 }] });
    const { createCampaign, publishCampaign } = await import('../../src/modules/campaigns');
    const second = await publishCampaign(
      t.sys,
      (
        await createCampaign(t.sys, {
          title: 'second listing',
          description: '',
          coverImages: [],
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          threshold: { kind: 'none' },
          fulfilment: 'pickup',
          warehouseId: first.warehouseId,
          items: [{ skuId: first.skuIds[0]!, priceFen: 500, perMemberLimit: null, cap: 100 }],
        })
      ).id,
    );
    const cookies = await members(160);
    const responses = await Promise.all(
      cookies.map((cookie, i) => {
        const c = i % 2 ? second : first.campaign;
        return place(cookie, { campaignId: c.id, fulfilment: 'pickup', items: [{ itemId: c.items[0]!.id, quantity: 1 }] }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code }));
      }),
    );
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(50);
    expect(responses.filter((r) => r.status === 409).every((r) => r.code === 'SOLD_OUT')).toBe(true);
    const stock = (await listStockLevels(t.sys, { limit: 5, warehouseId: first.warehouseId })).items[0]!;
    expect(stock.onHand).toBe(0);
    const a = (await getCampaign(t.sys, first.campaign.id)).items[0]!.reserved;
    const b = (await getCampaign(t.sys, second.id)).items[0]!.reserved;
    expect(a + b).toBe(50);
  });

  it('two processes selling one hot SKU: batches that lose the race to the other run again with the locks first, and exactly the cap is sold', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 1000, cap: 90 }] });
    const item = campaign.items[0]!;
    const buyers = await Promise.all(Array.from({ length: 240 }, () => newMember(t)));
    // A second pool is another process to the batching: its own queue, its own batches.
    const other = await serverDatabase(10);
    const { placeOrderFlow, checkoutBatchStats } = await import('../../src/flows/place-order.flow');
    const rerunsBefore = checkoutBatchStats.reruns;
    try {
      const results = await Promise.all(
        buyers.map((m, i) =>
          placeOrderFlow({ ...m, db: i % 2 ? other.db : database.db, tx: i % 2 ? other.db : database.db }, { campaignId: campaign.id, fulfilment: 'pickup', note: '', items: [{ itemId: item.id, quantity: 1 }] }, crypto.randomUUID()).then(
            () => 'ok',
            (e: { code?: string }) => e.code ?? String(e),
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(90);
      expect(results.filter((r) => r !== 'ok').every((r) => r === 'SOLD_OUT')).toBe(true);
    } finally {
      await other.close();
    }
    const after = await units(campaign.id, warehouseId);
    expect(after.items[0]!.reserved).toBe(90);
    expect(after.stock.find((s) => s.skuId === item.skuId)!.onHand).toBe(1000 - 90);
    expect(after.orders.units).toBe(90);
    // The race happened: at least one batch found the hot row moved and ran again.
    expect(checkoutBatchStats.reruns).toBeGreaterThan(rerunsBefore);
  });

  it('a checkout racing a cancel either lands before it (and is canceled with it) or sees the campaign closed', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    const [cookie] = await members(1);
    const { default: pgLib } = await import('pg');
    const canceler = new pgLib.Client({ connectionString: (await import('../helpers/server-db')).SERVER_URL });
    await canceler.connect();
    try {
      // A cancel in progress holds the campaign row; the checkout must wait for it, then see it closed.
      await canceler.query('begin');
      await canceler.query('select 1 from campaigns where tenant_id = $1 and id = $2 for update', [t.tenantId, campaign.id]);
      const pending = place(cookie!, { campaignId: campaign.id, fulfilment: 'pickup', items: [{ itemId: campaign.items[0]!.id, quantity: 1 }] });
      await new Promise((r) => setTimeout(r, 300));
      await canceler.query(`update campaigns set status = 'canceled', canceled_at = now() where tenant_id = $1 and id = $2`, [t.tenantId, campaign.id]);
      await canceler.query('commit');
      const r = await pending;
      expect(r.status).toBe(409);
      expect(((await r.json()) as { code: string }).code).toBe('CAMPAIGN_NOT_LIVE');
      expect((await units(campaign.id, warehouseId)).orders.n).toBe(0);
    } finally {
      await canceler.end();
    }
  });

  it('the same Idempotency-Key sent 20 times at once makes one order', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 50 }] });
    const [cookie] = await members(1);
    const key = crypto.randomUUID();
    const body = { campaignId: campaign.id, fulfilment: 'pickup', items: [{ itemId: campaign.items[0]!.id, quantity: 2 }] };
    const responses = await Promise.all(Array.from({ length: 20 }, () => place(cookie!, body, key).then(async (r) => ({ status: r.status, id: ((await r.json()) as { id: string }).id }))));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.id)).size).toBe(1);
    const after = await units(campaign.id, warehouseId);
    expect(after.orders.n).toBe(1);
    expect(after.items[0]!.reserved).toBe(2);
  });

  it('one member racing themself cannot pass the per-member limit', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, perMemberLimit: 3 }] });
    const [cookie] = await members(1);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => place(cookie!, { campaignId: campaign.id, fulfilment: 'pickup', items: [{ itemId: campaign.items[0]!.id, quantity: 1 }] }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code }))),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 409).every((r) => r.code === 'LIMIT_EXCEEDED')).toBe(true);
    expect((await units(campaign.id, warehouseId)).items[0]!.reserved).toBe(3);
  });

  it('the same payment notification delivered 10 times at once changes the order once', async () => {
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 990 }] });
    const [cookie] = await members(1);
    const order = (await (await place(cookie!, { campaignId: campaign.id, fulfilment: 'pickup', items: [{ itemId: campaign.items[0]!.id, quantity: 1 }] })).json()) as { id: string; memberId: string };
    const member = { ...t.sys, actor: { type: 'member' as const, id: order.memberId, name: '', role: 'member' as const } };
    const pay = await createPaymentFlow(member, order.id);
    const [p] = await queryRows<{ provider_ref: string }>(database.db, sql`select provider_ref from payments where tenant_id = ${t.tenantId} and id = ${pay.paymentId}`);
    const note = (await settleSandboxPayment(member, p!.provider_ref, 'paid', testConfig().sandboxPaymentSecret))!;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${url}/api/v1/payments/notify/sandbox`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: note.signature }, body: note.rawBody }).then(async (r) => ({ status: r.status, body: (await r.json()) as { applied?: boolean } })),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.applied)).toHaveLength(1);
    const [events] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from order_events where tenant_id = ${t.tenantId} and order_id = ${order.id} and to_status = 'paid'`);
    expect(events!.n).toBe(1);
  });

  it('a request that dies at its last step leaves no half-order', async () => {
    const { campaign, warehouseId } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    const [cookie] = await members(1);
    // A trigger makes the final step (the stock decrement) fail, as a crash there would.
    const fn = `fail_${crypto.randomBytes(4).toString('hex')}`;
    await database.db.execute(sql.raw(`create function ${fn}() returns trigger language plpgsql as $$ begin if new.warehouse_id = '${warehouseId}' then raise exception 'simulated crash'; end if; return new; end $$`));
    await database.db.execute(sql.raw(`create trigger ${fn} before update on stock_levels for each row execute function ${fn}()`));
    try {
      const before = await units(campaign.id, warehouseId);
      const r = await place(cookie!, { campaignId: campaign.id, fulfilment: 'pickup', items: [{ itemId: campaign.items[0]!.id, quantity: 2 }] });
      expect(r.status).toBe(500);
      const after = await units(campaign.id, warehouseId);
      expect(after.orders.n).toBe(before.orders.n);
      expect(after.items[0]!.reserved).toBe(0);
      const [outbox] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from outbox_events where tenant_id = ${t.tenantId} and type = 'order.placed' and payload->>'campaignId' = ${campaign.id}`);
      expect(outbox!.n).toBe(0);
    } finally {
      await database.db.execute(sql.raw(`drop trigger ${fn} on stock_levels; drop function ${fn}()`));
    }
  });
});
