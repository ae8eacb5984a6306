import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createLiveCampaign, key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { dispatchRound } from '../../platform/consumers';
import { createCampaign, publishCampaign } from '../campaigns';
import { getMembersBasic } from '../identity';
import { getOrder } from '../orders';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../flows/payment.flow';
import { refundOrderFlow } from '../../flows/refund-order.flow';
import { advanceOrderFlow } from '../../flows/advance-order.flow';
import { distributionConsumer } from './distribution.consumer';
import { releaseDueCommissions } from './services/accruals';
import { applyDistributor, decideDistributor, inviteDistributor } from './services/distributors';
import { cancelPayoutBatch, createPayoutBatch, markPayoutBatchPaid } from './services/payouts';
import { setPolicy } from './services/policies';
import { recordTouch } from './services/referrals';
import { updateSettings } from './services/settings';
import { balanceOf, getStatement } from './services/statements';

let database: Database;
let base: BaseCtx;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const DAY = 86_400_000;
const dispatch = () => dispatchRound(base, [distributionConsumer]);
const pickup = (campaignId: string, items: Array<{ itemId: string; quantity: number }>, referralCode?: string) => ({ campaignId, items, fulfilment: 'pickup' as const, note: '', ...(referralCode ? { referralCode } : {}) });

async function buyAndPay(member: Ctx, campaignId: string, items: Array<{ itemId: string; quantity: number }>, ref?: string) {
  const order = (await placeOrderFlow(member, pickup(campaignId, items, ref), key())).body;
  const pay = await createPaymentFlow(member, order.id);
  await completeSandboxPaymentFlow(member, pay.paymentId, 'paid');
  return getOrder(member, order.id);
}

async function codeOf(t: TestTenant, memberId: string): Promise<string> {
  return (await getMembersBasic(t.sys, [memberId])).get(memberId)!.referralCode!;
}

/** An approved distributor (a member who applied and was approved). */
async function distributor(t: TestTenant, name: string): Promise<Ctx> {
  const m = await newMember(t, name);
  await applyDistributor(m, { realName: name, reason: '', payoutAccount: `wx-${name}` });
  await decideDistributor(t.owner, m.actor.id, 'approve', '');
  return m;
}

/** The ledger's invariants, checked in SQL against the stored journal. */
async function checkLedger(t: TestTenant) {
  const unbalanced = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from (select entry_id from journal_postings where tenant_id = ${t.tenantId} group by entry_id having sum(amount_fen) <> 0) x`);
  expect(unbalanced[0]!.n).toBe(0);
  const mismatched = await queryRows<{ beneficiary_id: string }>(database.db, sql`
    with replay as (
      select beneficiary_id,
        coalesce(sum(amount_fen) filter (where account = 'expense'), 0) as earned,
        -coalesce(sum(amount_fen) filter (where account = 'pending'), 0) as pending,
        -coalesce(sum(amount_fen) filter (where account = 'available'), 0) as available,
        -coalesce(sum(amount_fen) filter (where account = 'clearing'), 0) as in_payout,
        -coalesce(sum(amount_fen) filter (where account = 'paid'), 0) as paid
      from journal_postings where tenant_id = ${t.tenantId} group by beneficiary_id)
    select coalesce(r.beneficiary_id, b.beneficiary_id) as beneficiary_id from replay r full join (select * from commission_balances where tenant_id = ${t.tenantId}) b using (beneficiary_id)
    where r.earned is distinct from b.earned_fen or r.pending is distinct from b.pending_fen or r.available is distinct from b.available_fen
       or r.in_payout is distinct from b.in_payout_fen or r.paid is distinct from b.paid_fen`);
  expect(mismatched).toEqual([]);
}

describe('attribution and accrual', () => {
  it('credits level 1, level 2 and the leader on the net paid amount, once, however often the event comes', async () => {
    const t = await createTestTenant(base);
    const leader = await createTestUser(t, 'leader');
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { leader: { method: 'rate', rateBps: 300 }, level1: { method: 'rate', rateBps: 1000 }, level2: { method: 'fixed', fixedFen: 50 } }, note: '' });
    const inviter = await distributor(t, '老王');
    const sharer = await distributor(t, '小李');
    // The sharer was invited by the inviter: that makes the inviter level 2 on the sharer's sales.
    await recordTouch(sharer, sharer.actor.id, await codeOf(t, inviter.actor.id));
    const { campaign: draft } = { campaign: await createCampaign(leader.ctx, await leaderCampaignInput(t)) };
    const campaign = await publishCampaign(leader.ctx, draft.id);
    const buyer = await newMember(t, '买家');
    const order = await buyAndPay(buyer, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 3 }], await codeOf(t, sharer.actor.id));
    expect(order.totalFen).toBe(3 * 1990);

    const attr = await queryRows<{ leader_id: string; level1_id: string; level2_id: string }>(database.db, sql`select leader_id, level1_id, level2_id from order_line_referrals where tenant_id = ${t.tenantId} and order_id = ${order.id}`);
    expect(attr).toEqual([{ leader_id: leader.id, level1_id: sharer.actor.id, level2_id: inviter.actor.id }]);

    await dispatch();
    await dispatch(); // nothing more
    expect((await balanceOf(t.owner, sharer.actor.id)).pendingFen).toBe(Math.floor((5970 * 1000) / 10_000)); // 597
    expect((await balanceOf(t.owner, inviter.actor.id)).pendingFen).toBe(150); // ¥0.50 × 3
    expect((await balanceOf(t.owner, leader.id)).pendingFen).toBe(Math.floor((5970 * 300) / 10_000)); // 179
    // A replayed delivery of the same event is refused by the consumption record.
    const [paidEvent] = await queryRows<{ id: string }>(database.db, sql`select id from outbox_events where tenant_id = ${t.tenantId} and type = 'order.paid' and payload->>'orderId' = ${order.id}`);
    const { deliver } = await import('../../platform/consumers');
    expect(await deliver(base, distributionConsumer, { id: paidEvent!.id, tenantId: t.tenantId, type: 'order.paid', payload: { orderId: order.id } as never, createdAt: new Date() })).toBe(false);
    await checkLedger(t);
  });

  it('pays nobody who is not an approved distributor unless the tenant pays members', async () => {
    const t = await createTestTenant(base);
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 1000 } }, note: '' });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 50, cap: 50, priceFen: 1000 }] });
    const friend = await newMember(t, '朋友');
    const buyer = await newMember(t);
    await buyAndPay(buyer, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }], await codeOf(t, friend.actor.id));
    await dispatch();
    expect((await balanceOf(t.owner, friend.actor.id)).earnedFen).toBe(0);
    await updateSettings(t.owner, { membersEarn: true });
    const buyer2 = await newMember(t);
    await buyAndPay(buyer2, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }], await codeOf(t, friend.actor.id));
    await dispatch();
    expect((await balanceOf(t.owner, friend.actor.id)).earnedFen).toBe(100);
  });

  it('first-touch keeps the first sharer for the protection period; last-touch moves to the latest', async () => {
    const t = await createTestTenant(base);
    const a = await distributor(t, 'A');
    const b = await distributor(t, 'B');
    const m = await newMember(t);
    expect((await recordTouch(m, m.actor.id, await codeOf(t, a.actor.id))).changed).toBe(true);
    expect((await recordTouch(m, m.actor.id, await codeOf(t, b.actor.id))).changed).toBe(false);
    await updateSettings(t.owner, { bindingMode: 'last_touch' });
    expect((await recordTouch(m, m.actor.id, await codeOf(t, b.actor.id))).changed).toBe(true);
    // Your own code never binds you.
    const self = await recordTouch(m, m.actor.id, await codeOf(t, m.actor.id));
    expect(self.changed).toBe(false);
    expect(await errorCode(recordTouch(m, m.actor.id, 'NOSUCH99'))).toBe('distribution.unknown_referral_code');
  });
});

describe('claw-backs, release and payouts', () => {
  it('claws back a partial refund from pending, releases after the window, nets a refund after payout against available', async () => {
    const t = await createTestTenant(base);
    await updateSettings(t.owner, { afterSaleDays: 7 });
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 1000 } }, note: '' });
    const sharer = await distributor(t, '分享者');
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, priceFen: 1000 }, { stock: 100, cap: 100, priceFen: 3000 }] });
    const buyer = await newMember(t);
    const code = await codeOf(t, sharer.actor.id);
    const order = await buyAndPay(buyer, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 4 }, { itemId: campaign.items[1]!.id, quantity: 1 }], code);
    await dispatch();
    expect((await balanceOf(t.owner, sharer.actor.id)).pendingFen).toBe(400 + 300);

    // Refund one unit of the first line: that line earns 300 now, so 100 comes back from pending.
    const line0 = order.lines.find((l) => l.unitPriceFen === 1000)!;
    await refundOrderFlow(t.owner, order.id, { lines: [{ lineId: line0.id, quantity: 1 }], reason: 'one short' }, key());
    await dispatch();
    let bal = await balanceOf(t.owner, sharer.actor.id);
    expect(bal).toMatchObject({ earnedFen: 600, pendingFen: 600, availableFen: 0 });

    // Complete, and let the after-sale window pass.
    await advanceOrderFlow(t.owner, order.id, { status: 'ready_for_pickup', note: '' });
    await advanceOrderFlow(t.owner, order.id, { status: 'completed', note: '' });
    await dispatch();
    expect(await releaseDueCommissions(base, new Date(Date.now() + 6 * DAY))).toBe(0);
    expect(await releaseDueCommissions(base, new Date(Date.now() + 8 * DAY))).toBeGreaterThan(0);
    bal = await balanceOf(t.owner, sharer.actor.id);
    expect(bal).toMatchObject({ pendingFen: 0, availableFen: 600 });

    // Pay it out; marking paid twice posts once.
    const batch = await createPayoutBatch(t.owner, { minimumFen: 100 });
    expect(batch.items).toEqual([expect.objectContaining({ beneficiaryId: sharer.actor.id, amountFen: 600, payoutAccount: 'wx-分享者' })]);
    const k = key();
    const first = await markPayoutBatchPaid(t.owner, batch.id, 'TX-1', k);
    const again = await markPayoutBatchPaid(t.owner, batch.id, 'TX-1', k);
    expect(again.replayed).toBe(true);
    expect(again.body).toEqual(first.body);
    await markPayoutBatchPaid(t.owner, batch.id, 'TX-1', key());
    expect(await balanceOf(t.owner, sharer.actor.id)).toMatchObject({ availableFen: 0, inPayoutFen: 0, paidFen: 600 });
    expect(await errorCode(cancelPayoutBatch(t.owner, batch.id))).toBe('distribution.batch_not_open');

    // A full refund after the payout: a negative adjustment on available, never an edit.
    await refundOrderFlow(t.owner, order.id, { reason: 'all back' }, key());
    await dispatch();
    expect(await balanceOf(t.owner, sharer.actor.id)).toMatchObject({ earnedFen: 0, pendingFen: 0, availableFen: -600, paidFen: 600 });
    const st = await getStatement(t.owner, sharer.actor.id, { limit: 50 });
    expect(st.totals).toMatchObject({ accruedFen: 700, clawedFen: 700, netFen: 0 });
    expect(st.lines.items.every((l) => l.state === 'reversed')).toBe(true);
    await checkLedger(t);
  });

  it('cancels an open batch back to available, and refuses a batch when nothing reaches the minimum', async () => {
    const t = await createTestTenant(base);
    await updateSettings(t.owner, { afterSaleDays: 0 });
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'fixed', fixedFen: 200 } }, note: '' });
    const d = await inviteDistributor(t.owner, { phone: '13700001234', realName: '邀请的', payoutAccount: '', note: '' });
    expect(d.status).toBe('approved');
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 1000 }] });
    const buyer = await newMember(t);
    const order = await buyAndPay(buyer, campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 2 }], d.referralCode!);
    await dispatch();
    await advanceOrderFlow(t.owner, order.id, { status: 'ready_for_pickup', note: '' });
    await advanceOrderFlow(t.owner, order.id, { status: 'completed', note: '' });
    await dispatch();
    await releaseDueCommissions(base, new Date(Date.now() + 1000));
    expect(await errorCode(createPayoutBatch(t.owner, { minimumFen: 500 }))).toBe('distribution.nothing_to_pay');
    const batch = await createPayoutBatch(t.owner, { minimumFen: 400 });
    expect(await balanceOf(t.owner, d.memberId)).toMatchObject({ availableFen: 0, inPayoutFen: 400 });
    await cancelPayoutBatch(t.owner, batch.id);
    expect(await balanceOf(t.owner, d.memberId)).toMatchObject({ availableFen: 400, inPayoutFen: 0 });
    await checkLedger(t);
  });
});

describe('what the database refuses', () => {
  it('refuses a third level, and any UPDATE or DELETE of journal rows', async () => {
    const t = await createTestTenant(base);
    expect(await errorCode(setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level3: { method: 'rate', rateBps: 100 } } as never, note: '' }))).toBe('distribution.too_many_levels');
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 100 } }, note: '' });
    const [policy] = await queryRows<{ id: string }>(database.db, sql`select id from commission_policies where tenant_id = ${t.tenantId}`);
    expect(await dbError(database.db.execute(sql`insert into commission_rules (tenant_id, policy_id, slot, method, rate_bps) values (${t.tenantId}, ${policy!.id}, 'level3', 'rate', 100)`))).toMatch(/commission_rules_slot_check/);
    expect(await dbError(database.db.execute(sql`insert into commission_accruals (tenant_id, order_line_id, slot, order_id, beneficiary_id, method, base_fen, base_units, net_base_fen, accrued_fen) values (${t.tenantId}, 'orl_x', 'level3', 'ord_x', 'mbr_x', 'rate', 1, 1, 1, 1)`))).toMatch(/commission_accruals_slot_check/);

    // A real entry, then try to change it.
    await updateSettings(t.owner, { membersEarn: true });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10, priceFen: 1000 }] });
    const sharer = await newMember(t);
    await buyAndPay(await newMember(t), campaign.id, [{ itemId: campaign.items[0]!.id, quantity: 1 }], await codeOf(t, sharer.actor.id));
    await dispatch();
    expect(await dbError(database.db.execute(sql`update journal_postings set amount_fen = amount_fen * 2 where tenant_id = ${t.tenantId}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`delete from journal_postings where tenant_id = ${t.tenantId}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`update journal_entries set memo = 'x' where tenant_id = ${t.tenantId}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`delete from journal_entries where tenant_id = ${t.tenantId}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`update order_line_referrals set level1_id = null where tenant_id = ${t.tenantId}`))).toMatch(/append-only/);
    // An entry that does not balance is refused at commit.
    expect(await dbError(database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into journal_entries (tenant_id, id, kind, actor_type, actor_id) values (${t.tenantId}, 'jnl_bad', 'accrual', 'system', 'system')`);
        await tx.execute(sql`insert into journal_postings (tenant_id, entry_id, seq, beneficiary_id, account, amount_fen) values (${t.tenantId}, 'jnl_bad', 0, 'mbr_x', 'expense', 100)`);
      }),)).toMatch(/does not balance/);
    await checkLedger(t);
  });
});

/** The database's own message for a refused statement (Drizzle wraps it). */
async function dbError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const c = (e as { cause?: { message?: string; constraint?: string } }).cause;
    return `${c?.message ?? (e as Error).message} ${c?.constraint ?? ''}`;
  }
  return 'no error';
}

async function leaderCampaignInput(t: TestTenant) {
  // A leader's own campaign over fresh stock (created by the system, run by the leader).
  const { warehouseId, skuIds } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 1, priceFen: 1990 }] });
  const now = Date.now();
  return {
    title: '团长的团',
    description: '',
    coverImages: [],
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    threshold: { kind: 'none' as const },
    fulfilment: 'both' as const,
    warehouseId,
    items: [{ skuId: skuIds[0]!, priceFen: 1990, perMemberLimit: null, cap: 50 }],
  };
}
