/**
 * Property tests of the commission ledger's rules: random sequences of orders, partial and full
 * refunds, completions and releases, payouts and redelivered events, run through the same planning
 * and posting functions the service stores. `PROPERTY_RUNS` sets the number of sequences (1,000 by
 * default; CI runs 10,000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../../platform/money';
import { COMMISSION_SLOTS, type CommissionSlot } from '../distribution.schema';
import {
  accrualPostings,
  balanceDeltas,
  emptyBalance,
  entitlement,
  lineNets,
  lineTargets,
  payoutCanceledPostings,
  payoutPaidPostings,
  payoutPostings,
  planAccrual,
  planClawbacks,
  releasePostings,
  sumsToZero,
  type AccrualState,
  type Balance,
  type Posting,
  type RuleSnapshot,
} from './ledger-engine';

type Infer<A> = A extends fc.Arbitrary<infer U> ? U : never;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const ruleArb: fc.Arbitrary<RuleSnapshot> = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((rateBps) => ({ method: 'rate' as const, rateBps, fixedFen: 0 })),
  fc.integer({ min: 0, max: 3000 }).map((fixedFen) => ({ method: 'fixed' as const, rateBps: 0, fixedFen })),
);
const orderArb = fc.record({
  lines: fc.array(fc.record({ unitPriceFen: fc.integer({ min: 1, max: 50_000 }), quantity: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 3 }),
  discountFen: fc.nat({ max: 500 }),
  who: fc.record({ leader: fc.option(fc.constant('usr_leader'), { nil: null }), level1: fc.option(fc.constantFrom('mbr_a', 'mbr_b'), { nil: null }), level2: fc.option(fc.constant('mbr_c'), { nil: null }) }),
  rules: fc.record({ leader: fc.option(ruleArb, { nil: undefined }), level1: fc.option(ruleArb, { nil: undefined }), level2: fc.option(ruleArb, { nil: undefined }) }),
});
type OrderSpec = Infer<typeof orderArb>;

const opArb = fc.oneof(
  { weight: 4, arbitrary: orderArb.map((o) => ({ op: 'order' as const, o })) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('accrue' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('refund' as const), i: fc.nat(), line: fc.nat(), qty: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('refundAll' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('clawback' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('payout' as const), min: fc.integer({ min: 1, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('markPaid' as const), b: fc.nat(), times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), b: fc.nat() }) },
);

interface SimLine {
  id: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
  refundedFen: number;
  refundedQuantity: number;
}
interface SimOrder {
  id: string;
  spec: OrderSpec;
  paidFen: number;
  lines: SimLine[];
  accrued: boolean;
  accruals: AccrualState[];
}

/** Runs a sequence through the rules, keeping balances incrementally as the service does. */
function simulate(ops: Array<Infer<typeof opArb>>) {
  const orders: SimOrder[] = [];
  const entries: Posting[][] = [];
  const balances = new Map<string, Balance>();
  const batches: Array<{ status: 'open' | 'paid' | 'canceled'; items: Array<{ who: string; amount: number }> }> = [];
  const post = (postings: Posting[]) => {
    if (postings.length === 0) return;
    entries.push(postings);
    for (const [who, d] of balanceDeltas(postings)) {
      const b = balances.get(who) ?? balances.set(who, emptyBalance()).get(who)!;
      for (const k of Object.keys(d) as Array<keyof Balance>) b[k] += d[k];
    }
  };
  const nets = (o: SimOrder) => lineNets({ paidFen: o.paidFen }, o.lines);
  for (const op of ops) {
    const o = orders.length ? orders[('i' in op ? op.i : 0) % orders.length]! : undefined;
    switch (op.op) {
      case 'order': {
        const id = `ord_${orders.length}`;
        const lines = op.o.lines.map((l, n) => ({ id: `${id}_${n}`, unitPriceFen: l.unitPriceFen, quantity: l.quantity, lineTotalFen: l.unitPriceFen * l.quantity, refundedFen: 0, refundedQuantity: 0 }));
        const total = lines.reduce((s, l) => s + l.lineTotalFen, 0);
        orders.push({ id, spec: op.o, paidFen: Math.max(0, total - op.o.discountFen), lines, accrued: false, accruals: [] });
        break;
      }
      case 'accrue': // order.paid, delivered (or redelivered)
        if (!o || o.accrued) break;
        o.accrued = true;
        {
          const n = nets(o);
          const planned = planAccrual(
            o.lines.map((l) => ({ id: l.id, net: n.get(l.id)!, who: o.spec.who, rules: o.spec.rules as Partial<Record<CommissionSlot, RuleSnapshot>> })),
            () => true,
          );
          for (const p of planned) {
            const a: AccrualState = { orderId: o.id, orderLineId: p.orderLineId, slot: p.slot, beneficiaryId: p.beneficiaryId, rule: p.rule, accruedFen: p.amountFen, clawedFen: 0, released: false };
            o.accruals.push(a);
          }
          post(planned.flatMap((p) => accrualPostings({ orderId: o.id, orderLineId: p.orderLineId, slot: p.slot, beneficiaryId: p.beneficiaryId }, p.amountFen)));
        }
        break;
      case 'refund': {
        if (!o) break;
        const l = o.lines[op.line % o.lines.length]!;
        const qty = Math.min(op.qty, l.quantity - l.refundedQuantity);
        if (qty <= 0) break;
        // The refund of units is their share of what was paid for the line (largest remainder on the last units).
        const paidForLine = lineNets({ paidFen: o.paidFen }, o.lines.map((x) => ({ ...x, refundedFen: 0, refundedQuantity: 0 }))).get(l.id)!.netFen;
        const after = l.refundedQuantity + qty;
        const refundedAfter = after === l.quantity ? paidForLine : Math.floor((paidForLine * after) / l.quantity);
        l.refundedFen = Math.min(paidForLine, refundedAfter);
        l.refundedQuantity = after;
        break;
      }
      case 'refundAll':
        if (!o) break;
        {
          const n0 = lineNets({ paidFen: o.paidFen }, o.lines.map((x) => ({ ...x, refundedFen: 0, refundedQuantity: 0 })));
          for (const l of o.lines) {
            l.refundedFen = n0.get(l.id)!.netFen;
            l.refundedQuantity = l.quantity;
          }
        }
        break;
      case 'clawback': // order.refunded, delivered (or redelivered)
        if (!o) break;
        for (const { accrual, dueFen, postings } of planClawbacks(o.accruals, nets(o))) {
          accrual.clawedFen += dueFen;
          post(postings);
        }
        break;
      case 'release':
        if (!o) break;
        for (const a of o.accruals) {
          post(releasePostings(a));
          a.released = true;
        }
        break;
      case 'payout': {
        const items = [...balances].filter(([, b]) => b.availableFen >= op.min).map(([who, b]) => ({ who, amount: b.availableFen }));
        if (items.length === 0) break;
        post(items.flatMap((i) => payoutPostings(i.who, i.amount)));
        batches.push({ status: 'open', items });
        break;
      }
      case 'markPaid': {
        const b = batches.length ? batches[op.b % batches.length]! : undefined;
        for (let k = 0; b && k < op.times; k++) {
          if (b.status !== 'open') continue; // marking again posts nothing
          post(b.items.flatMap((i) => payoutPaidPostings(i.who, i.amount)));
          b.status = 'paid';
        }
        break;
      }
      case 'cancel': {
        const b = batches.length ? batches[op.b % batches.length]! : undefined;
        if (!b || b.status !== 'open') break;
        post(b.items.flatMap((i) => payoutCanceledPostings(i.who, i.amount)));
        b.status = 'canceled';
        break;
      }
    }
  }
  // Deliver any refund not yet consumed, so the final state is settled.
  for (const o of orders) for (const { accrual, dueFen, postings } of planClawbacks(o.accruals, nets(o))) {
    accrual.clawedFen += dueFen;
    post(postings);
  }
  return { orders, entries, balances, nets, batches };
}

describe('commission ledger properties', () => {
  it(`holds over ${RUNS} random sequences of orders, refunds, releases, payouts and redeliveries`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), (ops) => {
        const { orders, entries, balances, nets, batches } = simulate(ops);
        // Every journal entry sums to zero.
        for (const e of entries) expect(sumsToZero(e)).toBe(true);
        // Balances kept as we went equal a replay of the journal, and each one adds up.
        const replayed = balanceDeltas(entries.flat());
        for (const who of new Set([...balances.keys(), ...replayed.keys()])) {
          const b = balances.get(who) ?? emptyBalance();
          expect(b).toEqual(replayed.get(who) ?? emptyBalance());
          expect(b.earnedFen).toBe(b.pendingFen + b.availableFen + b.inPayoutFen + b.paidFen);
          expect(b.pendingFen).toBeGreaterThanOrEqual(0);
          expect(b.inPayoutFen).toBeGreaterThanOrEqual(0);
          expect(b.paidFen).toBeGreaterThanOrEqual(0);
        }
        // An oracle that never reads a posting: each person's figures from the accruals and batches alone.
        const oracle = new Map<string, Balance>();
        const at = (who: string) => oracle.get(who) ?? oracle.set(who, emptyBalance()).get(who)!;
        for (const o of orders) for (const a of o.accruals) {
          const held = a.accruedFen - a.clawedFen;
          at(a.beneficiaryId).earnedFen += held;
          if (a.released) at(a.beneficiaryId).availableFen += held;
          else at(a.beneficiaryId).pendingFen += held;
        }
        for (const batch of batches) for (const i of batch.items) {
          if (batch.status === 'canceled') continue;
          at(i.who).availableFen -= i.amount;
          if (batch.status === 'open') at(i.who).inPayoutFen += i.amount;
          else at(i.who).paidFen += i.amount;
        }
        for (const who of new Set([...balances.keys(), ...oracle.keys()])) expect(balances.get(who) ?? emptyBalance()).toEqual(oracle.get(who) ?? emptyBalance());
        for (const o of orders) {
          const n = nets(o);
          const fullyRefunded = o.lines.every((l) => l.refundedQuantity === l.quantity);
          for (const l of o.lines) {
            const mine = o.accruals.filter((a) => a.orderLineId === l.id).sort((x, y) => COMMISSION_SLOTS.indexOf(x.slot) - COMMISSION_SLOTS.indexOf(y.slot));
            // What is held on a line is what its rules give on its net amount now, capped together at that amount.
            let left = n.get(l.id)!.netFen;
            for (const a of mine) {
              expect(a.clawedFen).toBeLessThanOrEqual(a.accruedFen);
              const exact = a.rule.method === 'rate' ? Math.floor((n.get(l.id)!.netFen * a.rule.rateBps) / 10_000) : a.rule.fixedFen * n.get(l.id)!.netUnits;
              const due = Math.min(exact, left);
              left -= due;
              expect(a.accruedFen - a.clawedFen).toBe(Math.min(a.accruedFen, due));
            }
            expect(mine.reduce((sum, a) => sum + a.accruedFen - a.clawedFen, 0)).toBeLessThanOrEqual(n.get(l.id)!.netFen);
            if (fullyRefunded) for (const a of mine) expect(a.accruedFen - a.clawedFen).toBe(0);
          }
          // A full refund nets the order to zero for every beneficiary, in the journal itself.
          if (fullyRefunded) {
            const perPerson = new Map<string, number>();
            for (const p of entries.flat()) if (p.orderId === o.id && p.account === 'expense') perPerson.set(p.beneficiaryId, (perPerson.get(p.beneficiaryId) ?? 0) + p.amountFen);
            for (const v of perPerson.values()) expect(v).toBe(0);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`splits by largest remainder: parts sum to the whole, each within one fen of its exact share (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = allocate(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        const sum = weights.reduce((a, b) => a + b, 0);
        parts.forEach((p, i) => expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThan(1));
      }),
      { numRuns: RUNS },
    );
  });

  it('never earns more when the net shrinks, and nothing on nothing', () => {
    fc.assert(
      fc.property(ruleArb, fc.nat({ max: 10_000_000 }), fc.nat({ max: 100 }), fc.nat({ max: 10_000_000 }), fc.nat({ max: 100 }), (rule, fen, units, lessFen, lessUnits) => {
        const more = entitlement(rule, { netFen: fen, netUnits: units });
        const less = entitlement(rule, { netFen: Math.max(0, fen - lessFen), netUnits: Math.max(0, units - lessUnits) });
        expect(less).toBeLessThanOrEqual(more);
        expect(more).toBeLessThanOrEqual(fen);
        expect(entitlement(rule, { netFen: 0, netUnits: 0 })).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('caps a line’s slots together at its net amount, leader first', () => {
    const fixed = (fixedFen: number) => ({ method: 'fixed' as const, rateBps: 0, fixedFen });
    const rate = (rateBps: number) => ({ method: 'rate' as const, rateBps, fixedFen: 0 });
    expect(lineTargets([fixed(3000), fixed(3000)], { netFen: 1990, netUnits: 1 })).toEqual([1990, 0]);
    expect(lineTargets([rate(10_000), fixed(100)], { netFen: 1990, netUnits: 1 })).toEqual([1990, 0]);
    expect(lineTargets([rate(300), rate(1000), fixed(50)], { netFen: 5970, netUnits: 3 })).toEqual([179, 597, 150]);
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), fc.nat({ max: 1_000_000 }), fc.nat({ max: 50 }), (rules, netFen, netUnits) => {
        const t = lineTargets(rules, { netFen, netUnits });
        expect(t.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(netFen);
        t.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
      }),
      { numRuns: RUNS },
    );
  });

  it('pays the worked example of the distribution doc', () => {
    // ¥59.70 net, 10% to level 1, 3% to the leader, ¥0.50 per unit to level 2 on 3 units.
    const net = { netFen: 5970, netUnits: 3 };
    expect(entitlement({ method: 'rate', rateBps: 1000, fixedFen: 0 }, net)).toBe(597);
    expect(entitlement({ method: 'rate', rateBps: 300, fixedFen: 0 }, net)).toBe(179);
    expect(entitlement({ method: 'fixed', rateBps: 0, fixedFen: 50 }, net)).toBe(150);
    expect(entitlement({ method: 'fixed', rateBps: 0, fixedFen: 5000 }, net)).toBe(5970); // capped at the net amount
  });
});
