import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRound } from '../../src/platform/consumers';
import { distributionConsumer, releaseDueCommissions } from '../../src/modules/distribution';
import { as, login, memberClient as newMemberClient, newTenant, startTestApp, type TestApp } from '../helpers/app';
import { createLiveCampaign } from '../helpers/commerce';
import { baseCtx } from '../helpers/db';
import type { TestTenant } from '../helpers/factories';

let t: TestApp;
let tenant: TestTenant;
let owner: ReturnType<typeof as>;
let ownerCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  tenant = await newTenant(t);
  ownerCookie = await login(t.app, tenant.slug, tenant.ownerEmail);
  owner = as(t.app, { cookie: ownerCookie });
});
afterAll(() => t.close());

const DAY = 86_400_000;
const dispatch = () => dispatchRound(baseCtx(t.database, t.config), [distributionConsumer]);
const put = (url: string, payload: object, cookie = ownerCookie) => t.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: { cookie }, payload });

let phone = 13500000000;
const memberClient = () => newMemberClient(t.app, owner, tenant.slug, String(++phone));

describe('distribution over HTTP', () => {
  it('refuses a third level, a negative rate and a rate over 100% with 400', async () => {
    const third = await put('/distribution/policy', { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 100 }, level3: { method: 'rate', rateBps: 100 } } });
    expect(third.statusCode).toBe(400);
    expect(third.json().errors.map((e: { path: string }) => e.path).join(' ')).toMatch(/rules/);
    expect((await put('/distribution/policy', { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: -1 } } })).statusCode).toBe(400);
    expect((await put('/distribution/policy', { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 10_001 } } })).statusCode).toBe(400);
    const sum = await put('/distribution/policy', { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 6000 }, level2: { method: 'rate', rateBps: 5000 } } });
    expect(sum.json()).toMatchObject({ status: 400, code: 'distribution.rates_over_total' });
    expect((await put('/distribution/policy', { scope: { kind: 'campaign', id: 'cmp_nope' }, rules: {} })).json().code).toBe('distribution.scope_not_found');
    // Nothing was stored by the refused requests.
    expect((await owner.get('/distribution/policies')).json().items).toEqual([]);
  });

  it('a member shares a link, a friend buys through it, the campaign completes, the window passes, the payout is made; the statement checks against the orders', async () => {
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/distribution/settings', headers: { cookie: ownerCookie }, payload: { afterSaleDays: 7, payoutMinimumFen: 100 } })).statusCode).toBe(200);
    const policy = await put('/distribution/policy', { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 800 }, level2: { method: 'rate', rateBps: 200 } }, note: '默认' });
    expect(policy.statusCode).toBe(200);
    const { campaign } = await createLiveCampaign(tenant, { items: [{ stock: 100, cap: 100, priceFen: 2990 }, { stock: 100, cap: 100, priceFen: 990 }] });
    // A SKU override: the cheap item pays a fixed ¥0.30 per unit to level 1 only.
    const skuPolicy = await put('/distribution/policy', { scope: { kind: 'sku', id: campaign.items[1]!.skuId }, rules: { level1: { method: 'fixed', fixedFen: 30 } } });
    expect(skuPolicy.json().scope.label).toContain('团购商品');
    const view = (await owner.get(`/distribution/policy?scope=sku&id=${campaign.items[1]!.skuId}`)).json();
    expect(view.effective).toEqual({ from: 'sku', rules: { level1: { method: 'fixed', fixedFen: 30 } } });

    // The sharer applies and is approved; their own inviter is a distributor too (level 2).
    const inviter = await memberClient();
    const sharer = await memberClient();
    expect((await inviter.send('POST', '/me/distributor', { realName: '王老师', payoutAccount: 'wx-wang' })).statusCode).toBe(201);
    expect((await sharer.send('POST', '/me/distributor', { realName: '李同学', payoutAccount: 'wx-old' })).statusCode).toBe(201);
    expect((await sharer.send('POST', '/me/distributor', { realName: '李同学' })).json().code).toBe('distribution.already_distributor');
    const patch = (body: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/me/distributor', headers: { cookie: sharer.cookie }, payload: body });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ payoutAccount: 'wx-li' })).json().payoutAccount).toBe('wx-li');
    for (const m of [inviter, sharer]) expect((await owner.post(`/distribution/distributors/${m.id}/approve`, { note: 'ok' })).json().status).toBe('approved');
    expect((await owner.post(`/distribution/distributors/${sharer.id}/approve`, {})).json().code).toBe('distribution.invalid_decision');
    expect((await sharer.send('POST', '/me/referral-touches', { code: inviter.code })).json()).toMatchObject({ changed: true });

    // The share link carries the code; a friend opens it and buys.
    const link = (await sharer.send('GET', `/me/referral-link?campaignId=${campaign.id}`)).json();
    expect(link.url).toMatch(new RegExp(`/m/${tenant.slug}/c/${campaign.id}\\?ref=${sharer.code}$`));
    expect(link.qrSvg).toContain('<svg');
    const friend = await memberClient();
    expect((await friend.send('POST', '/me/referral-touches', { code: new URL(link.url).searchParams.get('ref') })).json().changed).toBe(true);
    const order = (
      await friend.send('POST', '/orders', { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 2 }, { itemId: campaign.items[1]!.id, quantity: 5 }], fulfilment: 'pickup' }, { 'idempotency-key': 'buy-1' })
    ).json();
    const pay = (await friend.send('POST', `/orders/${order.id}/payments`)).json();
    expect((await friend.send('POST', `/sandbox/payments/${pay.paymentId}/complete`, { outcome: 'paid' })).json().status).toBe('paid');
    await dispatch();

    const expected = { sharer: Math.floor((2 * 2990 * 800) / 10_000) + 5 * 30, inviter: Math.floor((2 * 2990 * 200) / 10_000) };
    expect((await owner.get(`/distribution/balances/${sharer.id}`)).json()).toMatchObject({ pendingFen: expected.sharer, availableFen: 0, name: '李同学' });
    expect((await owner.get(`/distribution/balances/${inviter.id}`)).json()).toMatchObject({ pendingFen: expected.inviter });

    // The order is fulfilled, the after-sale window passes, the job releases it.
    for (const status of ['ready_for_pickup', 'completed']) expect((await owner.post(`/orders/${order.id}/status`, { status, note: '' })).statusCode).toBe(200);
    await dispatch();
    await releaseDueCommissions(baseCtx(t.database, t.config), new Date(Date.now() + 8 * DAY));
    const earnings = (await sharer.send('GET', '/me/earnings')).json();
    expect(earnings).toMatchObject({ canEarn: true, distributor: { status: 'approved' }, balance: { availableFen: expected.sharer, pendingFen: 0 } });

    // Every figure on the statement checks against the order.
    const st = (await owner.get(`/distribution/statements/${sharer.id}`)).json();
    const orderNow = (await owner.get(`/orders/${order.id}`)).json();
    expect(st.lines.items).toHaveLength(2);
    for (const line of st.lines.items) {
      const ol = orderNow.lines.find((l: { id: string }) => l.id === line.orderLineId);
      expect(line).toMatchObject({ orderId: order.id, slot: 'level1', state: 'available', baseFen: ol.lineTotalFen, lineTotalFen: ol.lineTotalFen, refundedFen: 0 });
      expect(line.accruedFen).toBe(line.method === 'rate' ? Math.floor((ol.lineTotalFen * line.rateBps) / 10_000) : line.fixedFen * ol.quantity);
    }
    expect(st.totals).toMatchObject({ lines: 2, netFen: expected.sharer });
    expect(st.beneficiary).toMatchObject({ earnedFen: expected.sharer, availableFen: expected.sharer });
    const mine = (await sharer.send('GET', '/me/earnings/lines')).json();
    expect(mine.items.map((l: { netFen: number }) => l.netFen).reduce((a: number, b: number) => a + b, 0)).toBe(expected.sharer);

    // The payout: a batch, its file, marked paid with an Idempotency-Key (twice: once in effect).
    const batch = (await owner.post('/distribution/payout-batches', {})).json();
    expect(batch.items).toEqual(expect.arrayContaining([expect.objectContaining({ beneficiaryId: sharer.id, amountFen: expected.sharer, payoutAccount: 'wx-li', name: '李同学' })]));
    const file = await owner.get(`/distribution/payout-batches/${batch.id}/export`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('payout')!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.some((r) => r.includes('李同学') && r.includes(expected.sharer / 100))).toBe(true);
    const noKey = await owner.post(`/distribution/payout-batches/${batch.id}/mark-paid`, { reference: 'BANK-1' });
    expect(noKey.json().code).toBe('common.idempotency_key_required');
    const mark = () => t.app.inject({ method: 'POST', url: `/api/v1/distribution/payout-batches/${batch.id}/mark-paid`, headers: { cookie: ownerCookie, 'idempotency-key': 'pay-batch-1' }, payload: { reference: 'BANK-1' } });
    const first = await mark();
    const second = await mark();
    expect(first.json().status).toBe('paid');
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect((await owner.get(`/distribution/balances/${sharer.id}`)).json()).toMatchObject({ availableFen: 0, paidFen: expected.sharer });
    const entries = (await owner.get('/distribution/ledger?kind=payout_paid')).json().items;
    expect(entries).toHaveLength(1);

    // A refund after the payout: a negative adjustment on available, and the ledger still balances.
    const refund = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: { cookie: ownerCookie, 'idempotency-key': 'rf-1' }, payload: { lines: [{ lineId: orderNow.lines[0].id, quantity: 1 }], reason: '破损' } });
    expect(refund.statusCode).toBe(200);
    await dispatch();
    const after = (await owner.get(`/distribution/balances/${sharer.id}`)).json();
    const back = Math.floor((2 * 2990 * 800) / 10_000) - Math.floor((2990 * 800) / 10_000);
    expect(after).toMatchObject({ availableFen: -back, paidFen: expected.sharer, earnedFen: expected.sharer - back });
    const claw = (await owner.get(`/distribution/ledger?orderId=${order.id}&kind=clawback`)).json().items;
    // One entry for the refund, crediting back both levels.
    expect(claw).toHaveLength(1);
    expect(new Set(claw[0].postings.map((p: { beneficiaryId: string }) => p.beneficiaryId))).toEqual(new Set([sharer.id, inviter.id]));
    for (const e of claw) expect(e.postings.reduce((s: number, p: { amountFen: number }) => s + p.amountFen, 0)).toBe(0);

    // The team report adds up to the same figures.
    const report = (await owner.get('/distribution/reports/team?groupBy=beneficiary')).json();
    const row = report.rows.find((r: { key: string }) => r.key === sharer.id);
    expect(row).toMatchObject({ orders: 1, level1Fen: expected.sharer - back });
    // Two people earned on one order: the totals still count it, and its net sales, once.
    expect(report.totals).toMatchObject({ orders: 1, netSalesFen: 2990 + 5 * 990 });
    // The inviter earns nothing on the cheap item (its SKU policy pays level 1 only): only the first line is theirs.
    expect(report.rows.find((r: { key: string }) => r.key === inviter.id).netSalesFen).toBe(2990);
    const xlsx = await owner.get('/distribution/reports/team?format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('keeps staff pages from members and members from other members', async () => {
    const m = await memberClient();
    expect((await m.send('GET', '/distribution/balances')).statusCode).toBe(403);
    expect((await m.send('GET', `/distribution/statements/${tenant.ownerId}`)).statusCode).toBe(403);
    expect((await m.send('POST', '/distribution/payout-batches', {})).statusCode).toBe(403);
    // A member's own earnings, before applying: nothing, and not able to earn.
    expect((await m.send('GET', '/me/earnings')).json()).toMatchObject({ distributor: null, canEarn: false, balance: { earnedFen: 0 } });
  });
});
