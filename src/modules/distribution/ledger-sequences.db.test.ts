/**
 * The ledger's properties on the real database: random sequences of purchases through share links,
 * payments, partial and full refunds, completions, releases, payouts (marked paid with repeated
 * keys), cancellations and redelivered events, through the real flows and consumer. After each
 * sequence the stored journal is checked in SQL. `PROPERTY_DB_RUNS` sets the number of sequences.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { createLiveCampaign, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant } from '../../../tests/helpers/factories';
import type { BaseCtx, Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { deliver, dispatchRound } from '../../platform/consumers';
import { getMembersBasic } from '../identity';
import { getOrder } from '../orders';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../flows/payment.flow';
import { refundOrderFlow } from '../../flows/refund-order.flow';
import { advanceOrderFlow } from '../../flows/advance-order.flow';
import { distributionConsumer } from './distribution.consumer';
import { releaseDueCommissions } from './services/accruals';
import { applyDistributor, decideDistributor } from './services/distributors';
import { cancelPayoutBatch, createPayoutBatch, markPayoutBatchPaid } from './services/payouts';
import { setPolicy } from './services/policies';
import { recordTouch } from './services/referrals';
import { updateSettings } from './services/settings';
import { getStatement } from './services/statements';

const RUNS = Number(process.env.PROPERTY_DB_RUNS ?? 8);
const DAY = 86_400_000;

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const opArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('buy' as const), buyer: fc.nat(3), sharer: fc.nat(2), q0: fc.nat(3), q1: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('refundLine' as const), i: fc.nat(), line: fc.nat(1), qty: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refundAll' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('complete' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dispatch' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redeliver' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('payout' as const), min: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('markPaid' as const), b: fc.nat(), sameKey: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), b: fc.nat() }) },
);

async function run(ops: Array<typeof opArb extends fc.Arbitrary<infer U> ? U : never>) {
  const t = await createTestTenant(base);
  await updateSettings(t.owner, { afterSaleDays: 7, level2Enabled: true });
  await setPolicy(t.owner, { scope: { kind: 'tenant' }, rules: { level1: { method: 'rate', rateBps: 1234 }, level2: { method: 'fixed', fixedFen: 37 } }, note: '' });
  const { campaign } = await createLiveCampaign(t, { items: [{ stock: 1000, cap: 1000, priceFen: 1999 }, { stock: 1000, cap: 1000, priceFen: 333 }] });
  const sharers: Ctx[] = [];
  for (const name of ['甲', '乙', '丙']) {
    const m = await newMember(t, name);
    await applyDistributor(m, { realName: name, reason: '', payoutAccount: '' });
    await decideDistributor(t.owner, m.actor.id, 'approve', '');
    sharers.push(m);
  }
  const codes = await getMembersBasic(t.sys, sharers.map((s) => s.actor.id));
  // 乙 and 丙 were invited by 甲: 甲 earns level 2 on their referrals.
  for (const s of sharers.slice(1)) await recordTouch(s, s.actor.id, codes.get(sharers[0]!.actor.id)!.referralCode!);
  const buyers = await Promise.all([0, 1, 2, 3].map(() => newMember(t)));
  const orders: string[] = [];
  const batches: string[] = [];
  const keys: string[] = [];
  let clock = Date.now();
  for (const op of ops) {
    switch (op.op) {
      case 'buy': {
        const items = [
          { itemId: campaign.items[0]!.id, quantity: op.q0 },
          { itemId: campaign.items[1]!.id, quantity: op.q1 },
        ].filter((l) => l.quantity > 0);
        if (items.length === 0) break;
        const buyer = buyers[op.buyer]!;
        const order = (await placeOrderFlow(buyer, { campaignId: campaign.id, items, fulfilment: 'pickup', note: '', referralCode: codes.get(sharers[op.sharer]!.actor.id)!.referralCode! }, crypto.randomUUID())).body;
        const pay = await createPaymentFlow(buyer, order.id);
        await completeSandboxPaymentFlow(buyer, pay.paymentId, 'paid');
        orders.push(order.id);
        break;
      }
      case 'refundLine': {
        if (!orders.length) break;
        const o = await getOrder(t.owner, orders[op.i % orders.length]!);
        const line = o.lines[op.line % o.lines.length]!;
        const qty = Math.min(op.qty, line.quantity - line.refundedQuantity);
        if (qty <= 0 || o.status === 'refunded') break;
        await refundOrderFlow(t.owner, o.id, { lines: [{ lineId: line.id, quantity: qty }], reason: 'test' }, crypto.randomUUID());
        break;
      }
      case 'refundAll': {
        if (!orders.length) break;
        const o = await getOrder(t.owner, orders[op.i % orders.length]!);
        if (o.status === 'refunded') break;
        await refundOrderFlow(t.owner, o.id, { reason: 'all' }, crypto.randomUUID());
        break;
      }
      case 'complete': {
        if (!orders.length) break;
        const o = await getOrder(t.owner, orders[op.i % orders.length]!);
        if (o.status !== 'paid') break;
        await advanceOrderFlow(t.owner, o.id, { status: 'ready_for_pickup', note: '' });
        await advanceOrderFlow(t.owner, o.id, { status: 'completed', note: '' });
        break;
      }
      case 'dispatch':
        await dispatchRound(base, [distributionConsumer]);
        break;
      case 'redeliver': {
        // Replays an already consumed event: the consumption record refuses it.
        const events = await queryRows<{ id: string; type: string; payload: unknown }>(
          database.db,
          sql`select e.id, e.type, e.payload from outbox_events e join event_consumptions c on c.tenant_id = e.tenant_id and c.event_id = e.id and c.consumer = 'distribution' where e.tenant_id = ${t.tenantId} order by e.id`,
        );
        const e = events[op.i % Math.max(1, events.length)];
        if (e) expect(await deliver(base, distributionConsumer, { id: e.id, tenantId: t.tenantId, type: e.type as never, payload: e.payload as never, createdAt: new Date() })).toBe(false);
        break;
      }
      case 'release':
        clock += 8 * DAY;
        await releaseDueCommissions(base, new Date(clock));
        break;
      case 'payout':
        try {
          batches.push((await createPayoutBatch(t.owner, { minimumFen: op.min })).id);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('distribution.nothing_to_pay');
        }
        break;
      case 'markPaid': {
        if (!batches.length) break;
        const id = batches[op.b % batches.length]!;
        const key = op.sameKey && keys.length ? keys[keys.length - 1]! : crypto.randomUUID();
        keys.push(key);
        try {
          await markPayoutBatchPaid(t.owner, id, 'REF', key);
        } catch (e) {
          expect(['distribution.batch_not_open', 'common.idempotency_key_reused']).toContain((e as { code?: string }).code);
        }
        break;
      }
      case 'cancel': {
        if (!batches.length) break;
        try {
          await cancelPayoutBatch(t.owner, batches[op.b % batches.length]!);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('distribution.batch_not_open');
        }
        break;
      }
    }
  }
  await dispatchRound(base, [distributionConsumer]);
  return { t, orders, sharers };
}

describe('the commission ledger on the database', () => {
  it(`keeps its invariants over ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        const { t, orders, sharers } = await run(ops);
        const tid = t.tenantId;
        // Every entry sums to zero.
        const unbalanced = await queryRows<{ entry_id: string }>(database.db, sql`select entry_id from journal_postings where tenant_id = ${tid} group by entry_id having sum(amount_fen) <> 0`);
        expect(unbalanced).toEqual([]);
        // The stored balances are a replay of the journal.
        const mismatched = await queryRows<{ id: string }>(database.db, sql`
          with r as (select beneficiary_id,
              coalesce(sum(amount_fen) filter (where account = 'expense'), 0) as earned,
              -coalesce(sum(amount_fen) filter (where account = 'pending'), 0) as pending,
              -coalesce(sum(amount_fen) filter (where account = 'available'), 0) as available,
              -coalesce(sum(amount_fen) filter (where account = 'clearing'), 0) as in_payout,
              -coalesce(sum(amount_fen) filter (where account = 'paid'), 0) as paid
            from journal_postings where tenant_id = ${tid} group by beneficiary_id)
          select coalesce(r.beneficiary_id, b.beneficiary_id) as id from r full join (select * from commission_balances where tenant_id = ${tid}) b using (beneficiary_id)
          where (r.earned, r.pending, r.available, r.in_payout, r.paid) is distinct from (b.earned_fen, b.pending_fen, b.available_fen, b.in_payout_fen, b.paid_fen)`);
        expect(mismatched).toEqual([]);
        // Claw-backs never exceed what was accrued; what is held is what each line earns now.
        const lines = await queryRows<{ accrued_fen: number; clawed_fen: number; method: string; rate_bps: number; fixed_fen: number; net_fen: number; net_units: number }>(
          database.db,
          sql`select a.accrued_fen, a.clawed_fen, a.method, a.rate_bps, a.fixed_fen, l.line_total_fen - l.refunded_fen as net_fen, l.quantity - l.refunded_quantity as net_units
              from commission_accruals a join order_lines l on l.tenant_id = a.tenant_id and l.id = a.order_line_id where a.tenant_id = ${tid}`,
        );
        for (const l of lines) {
          expect(l.clawed_fen).toBeLessThanOrEqual(l.accrued_fen);
          const now = l.method === 'rate' ? Math.floor((l.net_fen * l.rate_bps) / 10_000) : Math.min(l.fixed_fen * l.net_units, l.net_fen);
          expect(l.accrued_fen - l.clawed_fen).toBe(Math.min(l.accrued_fen, now));
        }
        // A fully refunded order nets to zero for every beneficiary.
        const refunded = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from (select p.beneficiary_id from journal_postings p join orders o on o.tenant_id = p.tenant_id and o.id = p.order_id
              where p.tenant_id = ${tid} and o.status = 'refunded' and p.account = 'expense' group by p.order_id, p.beneficiary_id having sum(p.amount_fen) <> 0) x`,
        );
        expect(refunded[0]!.n).toBe(0);
        // Each statement's total is its balance's earned figure.
        for (const s of sharers) {
          const st = await getStatement(t.owner, s.actor.id, { limit: 1 });
          expect(st.totals.netFen).toBe(st.beneficiary.earnedFen);
        }
        expect(orders.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
