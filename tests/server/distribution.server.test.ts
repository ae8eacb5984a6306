import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/platform/db';
import { dispatchRound } from '../../src/platform/consumers';
import { getMembersBasic } from '../../src/modules/identity';
import { distributionConsumer, releaseDueCommissions } from '../../src/modules/distribution';
import { applyDistributor, decideDistributor } from '../../src/modules/distribution/services/distributors';
import { createPayoutBatch, markPayoutBatchPaid } from '../../src/modules/distribution/services/payouts';
import { setPolicy } from '../../src/modules/distribution/services/policies';
import { updateSettings } from '../../src/modules/distribution/services/settings';
import { recordTouch } from '../../src/modules/distribution/services/referrals';
import { balanceOf } from '../../src/modules/distribution/services/statements';
import { placeOrderFlow } from '../../src/flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../src/flows/payment.flow';
import { advanceOrderFlow } from '../../src/flows/advance-order.flow';
import { refundOrderFlow } from '../../src/flows/refund-order.flow';
import { baseCtx } from '../helpers/db';
import { errorCode } from '../helpers/errors';
import { createLiveCampaign, newMember } from '../helpers/commerce';
import { createTestTenant, type TestTenant } from '../helpers/factories';
import { describeServer, serverDatabase } from '../helpers/server-db';

// Several processes dispatching, releasing and paying out at once: only a real server shows the locks.
describeServer('the commission ledger under concurrency', () => {
  let database: Database;
  let t: TestTenant;
  const DAY = 86_400_000;

  beforeAll(async () => {
    database = await serverDatabase();
    t = await createTestTenant(baseCtx(database));
  });
  afterAll(() => database?.close());

  it('accrues, claws back and releases once while four dispatchers and releasers race; two payout batches at once take the money once', async () => {
    const base = baseCtx(database);
    await updateSettings(t.owner, { afterSaleDays: 1 });
    await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 1000 } }, note: '' });
    const sharer = await newMember(t, '分享');
    await applyDistributor(sharer, { realName: '分享', reason: '', payoutAccount: 'x' });
    await decideDistributor(t.owner, sharer.actor.id, 'approve', '');
    const code = (await getMembersBasic(t.sys, [sharer.actor.id])).get(sharer.actor.id)!.referralCode!;
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 500, cap: 500, priceFen: 1000 }] });
    const orders = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const buyer = await newMember(t);
        const o = (await placeOrderFlow(buyer, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 3 }], fulfilment: 'pickup', note: '', referralCode: code }, crypto.randomUUID())).body;
        const pay = await createPaymentFlow(buyer, o.id);
        await completeSandboxPaymentFlow(buyer, pay.paymentId, 'paid');
        return o;
      }),
    );
    // Four "processes" dispatch at once (accruals); then half are refunded one unit and every one is
    // completed, and they race again (claw-backs, release dates).
    await Promise.all([1, 2, 3, 4].map(() => dispatchRound(base, [distributionConsumer])));
    await Promise.all(orders.slice(0, 10).map((o) => refundOrderFlow(t.owner, o.id, { lines: [{ lineId: o.lines[0]!.id, quantity: 1 }], reason: 'r' }, crypto.randomUUID())));
    for (const o of orders) {
      await advanceOrderFlow(t.owner, o.id, { status: 'ready_for_pickup', note: '' });
      await advanceOrderFlow(t.owner, o.id, { status: 'completed', note: '' });
    }
    for (let round = 0; round < 3; round++) await Promise.all([1, 2, 3, 4].map(() => dispatchRound(base, [distributionConsumer])));
    const later = new Date(Date.now() + 2 * DAY);
    await Promise.all([1, 2, 3, 4].map(() => releaseDueCommissions(base, later)));

    // 10 orders × 300 + 10 orders × 200 (after the refund of one unit) at 10%.
    const expected = 10 * 300 + 10 * 200;
    expect(await balanceOf(t.owner, sharer.actor.id)).toMatchObject({ earnedFen: expected, pendingFen: 0, availableFen: expected });
    const [counts] = await queryRows<{ accruals: number; releases: number; clawbacks: number }>(
      database.db,
      sql`select count(*) filter (where kind = 'accrual')::int as accruals, count(*) filter (where kind = 'release')::int as releases, count(*) filter (where kind = 'clawback')::int as clawbacks from journal_entries where tenant_id = ${t.tenantId}`,
    );
    expect(counts).toEqual({ accruals: 20, releases: 20, clawbacks: 10 });

    const results = await Promise.all([1, 2, 3].map(() => errorCode(createPayoutBatch(t.owner, { minimumFen: 100 }))));
    expect(results.filter((r) => r === 'no error')).toHaveLength(1);
    expect(results.filter((r) => r === 'distribution.nothing_to_pay')).toHaveLength(2);
    const [batch] = await queryRows<{ id: string; total_fen: number }>(database.db, sql`select id, total_fen from payout_batches where tenant_id = ${t.tenantId}`);
    expect(batch!.total_fen).toBe(expected);

    // Ten "mark paid" at once, half with one key and half with their own: paid once.
    const key = crypto.randomUUID();
    await Promise.all(Array.from({ length: 10 }, (_, i) => errorCode(markPayoutBatchPaid(t.owner, batch!.id, 'BANK', i % 2 ? key : crypto.randomUUID()))));
    expect(await balanceOf(t.owner, sharer.actor.id)).toMatchObject({ availableFen: 0, inPayoutFen: 0, paidFen: expected });
    const [paid] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from journal_entries where tenant_id = ${t.tenantId} and kind = 'payout_paid'`);
    expect(paid!.n).toBe(1);
    const [unbalanced] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from (select entry_id from journal_postings where tenant_id = ${t.tenantId} group by entry_id having sum(amount_fen) <> 0) x`);
    expect(unbalanced!.n).toBe(0);
  }, 120_000);

  it('first-touch holds when ten sharers touch one new member at the same moment: one binding, one "changed"', async () => {
    const sharers = await Promise.all(Array.from({ length: 10 }, (_, i) => newMember(t, `sharer ${i}`)));
    const codes = await getMembersBasic(t.sys, sharers.map((s) => s.actor.id));
    const target = await newMember(t);
    const results = await Promise.all(sharers.map((s) => recordTouch(target, target.actor.id, codes.get(s.actor.id)!.referralCode!)));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const [row] = await queryRows<{ bound_to: string; invited_by: string }>(database.db, sql`select bound_to, invited_by from referral_bindings where tenant_id = ${t.tenantId} and member_id = ${target.actor.id}`);
    expect(row!.bound_to).toBe(row!.invited_by);
    // Every answer names the one binding that was kept.
    expect(new Set(results.map((r) => r.boundTo)).size).toBe(1);
  }, 60_000);
});

