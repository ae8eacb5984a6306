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
  let releasedUpTo: Date | null = null;
  let releaseRanAt: Date | null = null;
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
        await dispatchRound(base, [distributionConsumer]);
        releasedUpTo = new Date(clock);
        releaseRanAt = new Date();
        await releaseDueCommissions(base, releasedUpTo);
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
  return { t, orders, sharers, releasedUpTo, releaseRanAt };
}

describe('the commission ledger on the database', () => {
  it(`keeps its invariants over ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        const { t, orders, sharers, releasedUpTo, releaseRanAt } = await run(ops);
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
        // Each person's figures from the sub-ledger and the batches alone, never from a posting:
        // earned and pending from the accruals, in payout and paid from the batches.
        const oracle = await queryRows<{ id: string; earned: number; pending: number; in_payout: number; paid: number; e: number; p: number; a: number; c: number; pd: number }>(
          database.db,
          sql`select b.beneficiary_id as id, b.earned_fen as e, b.pending_fen as p, b.available_fen as a, b.in_payout_fen as c, b.paid_fen as pd,
              coalesce((select sum(accrued_fen - clawed_fen) from commission_accruals x where x.tenant_id = b.tenant_id and x.beneficiary_id = b.beneficiary_id), 0)::int as earned,
              coalesce((select sum(accrued_fen - clawed_fen) from commission_accruals x where x.tenant_id = b.tenant_id and x.beneficiary_id = b.beneficiary_id and x.released_at is null), 0)::int as pending,
              coalesce((select sum(i.amount_fen) from payout_items i join payout_batches pb on pb.tenant_id = i.tenant_id and pb.id = i.batch_id where i.tenant_id = b.tenant_id and i.beneficiary_id = b.beneficiary_id and pb.status = 'open'), 0)::int as in_payout,
              coalesce((select sum(i.amount_fen) from payout_items i join payout_batches pb on pb.tenant_id = i.tenant_id and pb.id = i.batch_id where i.tenant_id = b.tenant_id and i.beneficiary_id = b.beneficiary_id and pb.status = 'paid'), 0)::int as paid
            from commission_balances b where b.tenant_id = ${tid}`,
        );
        for (const o of oracle) {
          expect({ e: o.e, p: o.p, c: o.c, pd: o.pd }).toEqual({ e: o.earned, p: o.pending, c: o.in_payout, pd: o.paid });
          expect(o.p).toBeGreaterThanOrEqual(0);
          expect(o.c).toBeGreaterThanOrEqual(0);
        }
        // What was accrued is what the rule gave on the line's net at accrual; what is held is what it
        // gives on the net now (the slots of a line capped together at the net); never more than accrued.
        const lines = await queryRows<{ line: string; slot: string; accrued_fen: number; clawed_fen: number; base_fen: number; base_units: number; method: string; rate_bps: number; fixed_fen: number; net_fen: number; net_units: number }>(
          database.db,
          sql`select a.order_line_id as line, a.slot, a.accrued_fen, a.clawed_fen, a.base_fen, a.base_units, a.method, a.rate_bps, a.fixed_fen, l.line_total_fen - l.refunded_fen as net_fen, l.quantity - l.refunded_quantity as net_units
              from commission_accruals a join order_lines l on l.tenant_id = a.tenant_id and l.id = a.order_line_id where a.tenant_id = ${tid} order by a.order_line_id, a.slot`,
        );
        const rule = (l: (typeof lines)[number], fen: number, units: number) => (l.method === 'rate' ? Math.floor((fen * l.rate_bps) / 10_000) : l.fixed_fen * units);
        const leftAtBase = new Map<string, number>();
        const leftNow = new Map<string, number>();
        for (const l of lines) {
          const baseLeft = leftAtBase.get(l.line) ?? l.base_fen;
          expect(l.accrued_fen).toBe(Math.min(rule(l, l.base_fen, l.base_units), baseLeft));
          leftAtBase.set(l.line, baseLeft - l.accrued_fen);
          const nowLeft = leftNow.get(l.line) ?? l.net_fen;
          const due = Math.min(rule(l, l.net_fen, l.net_units), nowLeft);
          leftNow.set(l.line, nowLeft - due);
          expect(l.clawed_fen).toBeLessThanOrEqual(l.accrued_fen);
          expect(l.accrued_fen - l.clawed_fen).toBe(Math.min(l.accrued_fen, due));
        }
        // The release job released everything completed before its last run whose after-sale window (7 days) had ended by then.
        if (releasedUpTo && releaseRanAt) {
          const late = await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from commission_accruals a join orders o on o.tenant_id = a.tenant_id and o.id = a.order_id
                where a.tenant_id = ${tid} and a.released_at is null and o.completed_at is not null and o.completed_at < ${releaseRanAt} and o.completed_at + interval '7 days' <= ${releasedUpTo}`,
          );
          expect(late[0]!.n).toBe(0);
        }
        // Every purchase went through a sharer who may earn: a paid order with money left on it has accruals.
        const unaccrued = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from orders o where o.tenant_id = ${tid} and o.paid_at is not null and o.paid_fen - o.refunded_fen > 0
              and not exists (select 1 from commission_accruals a where a.tenant_id = o.tenant_id and a.order_id = o.id)`,
        );
        expect(unaccrued[0]!.n).toBe(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
