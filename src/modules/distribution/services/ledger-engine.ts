/**
 * The commission ledger's rules, as pure functions: what an order line earns, and which postings
 * each business event makes. The database layer (`ledger.ts`) only stores what these return, so the
 * property tests that exercise these functions exercise the rules the service runs.
 *
 * Sign convention: a posting's amount is a debit when positive, a credit when negative, and every
 * entry's postings sum to zero. Beneficiary accounts (pending, available, clearing, paid) are
 * credit-normal: what the tenant owes a person is the negated sum of their postings.
 */
import { allocate } from '../../../platform/money';
import { COMMISSION_SLOTS, type CommissionSlot, type LedgerAccount } from '../distribution.schema';

export interface RuleSnapshot {
  method: 'rate' | 'fixed';
  rateBps: number;
  fixedFen: number;
}

/** A line's net state: what was paid for it after discounts and refunds (shipping never counts). */
export interface LineNet {
  netFen: number;
  netUnits: number;
}

/**
 * What one slot earns on one line: a rate of the net paid amount, rounded down to the fen (never
 * more than the policy), or a fixed amount per unit kept, capped at the net amount. Never negative,
 * and never more when the net shrinks: a refund can only lower it.
 */
export function entitlement(rule: RuleSnapshot, line: LineNet): number {
  const netFen = Math.max(0, line.netFen);
  const netUnits = Math.max(0, line.netUnits);
  if (rule.method === 'rate') return Math.floor((netFen * rule.rateBps) / 10_000);
  return Math.min(rule.fixedFen * netUnits, netFen);
}

/**
 * Each line's net paid amount and units now. The order's paid amount is spread over its lines by
 * largest remainder (so an order-level discount is shared exactly), then refunds come off.
 */
export function lineNets(order: { paidFen: number }, lines: Array<{ id: string; lineTotalFen: number; refundedFen: number; quantity: number; refundedQuantity: number }>): Map<string, LineNet> {
  const out = new Map<string, LineNet>();
  if (lines.length === 0) return out;
  const weights = lines.map((l) => l.lineTotalFen);
  const paid = weights.some((w) => w > 0) ? allocate(order.paidFen, weights) : lines.map(() => 0);
  lines.forEach((l, i) => out.set(l.id, { netFen: Math.max(0, paid[i]! - l.refundedFen), netUnits: Math.max(0, l.quantity - l.refundedQuantity) }));
  return out;
}

export interface Posting {
  beneficiaryId: string;
  account: LedgerAccount;
  amountFen: number;
  orderId?: string | null;
  orderLineId?: string | null;
  slot?: CommissionSlot | null;
}

export interface AccrualState {
  orderLineId: string;
  orderId: string;
  slot: CommissionSlot;
  beneficiaryId: string;
  rule: RuleSnapshot;
  accruedFen: number;
  clawedFen: number;
  released: boolean;
}

const line = (a: Pick<AccrualState, 'orderId' | 'orderLineId' | 'slot' | 'beneficiaryId'>) => ({ beneficiaryId: a.beneficiaryId, orderId: a.orderId, orderLineId: a.orderLineId, slot: a.slot });

/** Accrual on payment: the expense is debited, the beneficiary's pending account credited. */
export function accrualPostings(a: Pick<AccrualState, 'orderId' | 'orderLineId' | 'slot' | 'beneficiaryId'>, amountFen: number): Posting[] {
  if (amountFen <= 0) return [];
  return [
    { ...line(a), account: 'expense', amountFen },
    { ...line(a), account: 'pending', amountFen: -amountFen },
  ];
}

/**
 * Claw-back postings: from pending while the commission is not yet released; after release, a
 * negative adjustment on available (which may go below zero and is netted against later earnings).
 */
export function clawbackPostings(a: AccrualState, amountFen: number): Posting[] {
  if (amountFen <= 0) return [];
  const from: LedgerAccount = a.released ? 'available' : 'pending';
  return [
    { ...line(a), account: from, amountFen },
    { ...line(a), account: 'expense', amountFen: -amountFen },
  ];
}

/** Release after the after-sale window: what is still held moves from pending to available. */
export function releasePostings(a: AccrualState): Posting[] {
  const held = a.accruedFen - a.clawedFen;
  if (a.released || held <= 0) return [];
  return [
    { ...line(a), account: 'pending', amountFen: held },
    { ...line(a), account: 'available', amountFen: -held },
  ];
}

/** A payout batch takes a beneficiary's available balance into the clearing account. */
export function payoutPostings(beneficiaryId: string, amountFen: number): Posting[] {
  return [
    { beneficiaryId, account: 'available', amountFen },
    { beneficiaryId, account: 'clearing', amountFen: -amountFen },
  ];
}

/** Marking a batch paid: clearing to paid (the money left through the payment channel). */
export function payoutPaidPostings(beneficiaryId: string, amountFen: number): Posting[] {
  return [
    { beneficiaryId, account: 'clearing', amountFen },
    { beneficiaryId, account: 'paid', amountFen: -amountFen },
  ];
}

/** Canceling an open batch: clearing back to available. */
export function payoutCanceledPostings(beneficiaryId: string, amountFen: number): Posting[] {
  return [
    { beneficiaryId, account: 'clearing', amountFen },
    { beneficiaryId, account: 'available', amountFen: -amountFen },
  ];
}

export interface Balance {
  earnedFen: number;
  pendingFen: number;
  availableFen: number;
  inPayoutFen: number;
  paidFen: number;
}

export const emptyBalance = (): Balance => ({ earnedFen: 0, pendingFen: 0, availableFen: 0, inPayoutFen: 0, paidFen: 0 });

const FIELD: Record<LedgerAccount, keyof Balance> = { expense: 'earnedFen', pending: 'pendingFen', available: 'availableFen', clearing: 'inPayoutFen', paid: 'paidFen' };

/** How postings change each beneficiary's balances (the expense account is debit-normal, the rest credit-normal). */
export function balanceDeltas(postings: Posting[]): Map<string, Balance> {
  const out = new Map<string, Balance>();
  for (const p of postings) {
    const b = out.get(p.beneficiaryId) ?? out.set(p.beneficiaryId, emptyBalance()).get(p.beneficiaryId)!;
    b[FIELD[p.account]] += p.account === 'expense' ? p.amountFen : -p.amountFen;
  }
  return out;
}

export function sumsToZero(postings: Posting[]): boolean {
  return postings.reduce((s, p) => s + p.amountFen, 0) === 0;
}

export interface PlannedAccrual {
  orderLineId: string;
  slot: CommissionSlot;
  beneficiaryId: string;
  rule: RuleSnapshot;
  net: LineNet;
  amountFen: number;
}

/**
 * What an order accrues when it is paid: for each attributed line and slot with a rule and an
 * eligible beneficiary, the entitlement on the line's net amount now. Nothing for zero amounts.
 */
export function planAccrual(
  lines: Array<{ id: string; net: LineNet; who: Partial<Record<CommissionSlot, string | null>>; rules: Partial<Record<CommissionSlot, RuleSnapshot>> }>,
  eligible: (beneficiaryId: string) => boolean,
): PlannedAccrual[] {
  const out: PlannedAccrual[] = [];
  for (const l of lines) {
    const paying = COMMISSION_SLOTS.flatMap((slot) => {
      const beneficiaryId = l.who[slot];
      const rule = l.rules[slot];
      return beneficiaryId && rule && eligible(beneficiaryId) ? [{ slot, beneficiaryId, rule }] : [];
    });
    const amounts = lineTargets(paying.map((p) => p.rule), l.net);
    paying.forEach((p, i) => {
      if (amounts[i]! > 0) out.push({ orderLineId: l.id, slot: p.slot, beneficiaryId: p.beneficiaryId, rule: p.rule, net: l.net, amountFen: amounts[i]! });
    });
  }
  return out;
}

/**
 * What each paying slot of one line earns on its net amount, in slot order (leader, level 1,
 * level 2), each capped at what the earlier ones left: together they never pass the net paid amount,
 * whatever the policy (two fixed amounts above the price, a 100% rate beside a fixed one).
 */
export function lineTargets(rules: RuleSnapshot[], net: LineNet): number[] {
  let left = Math.max(0, net.netFen);
  return rules.map((rule) => {
    const amount = Math.min(entitlement(rule, net), left);
    left -= amount;
    return amount;
  });
}

/**
 * The claw-backs a refund calls for, accrual by accrual: each line's accruals (in slot order) are held
 * to what they earn on the line's net amount now, capped together as at accrual. State-based, so a
 * second call finds nothing.
 */
export function planClawbacks(accruals: AccrualState[], nets: Map<string, LineNet>): Array<{ accrual: AccrualState; dueFen: number; postings: Posting[] }> {
  const byLine = new Map<string, AccrualState[]>();
  for (const a of accruals) (byLine.get(a.orderLineId) ?? byLine.set(a.orderLineId, []).get(a.orderLineId)!).push(a);
  const target = new Map<AccrualState, number>();
  for (const [lineId, list] of byLine) {
    const ordered = [...list].sort((x, y) => COMMISSION_SLOTS.indexOf(x.slot) - COMMISSION_SLOTS.indexOf(y.slot));
    const t = lineTargets(ordered.map((a) => a.rule), nets.get(lineId) ?? { netFen: 0, netUnits: 0 });
    ordered.forEach((a, i) => target.set(a, t[i]!));
  }
  return accruals.map((a) => {
    const held = a.accruedFen - a.clawedFen;
    const dueFen = Math.max(0, held - Math.min(held, target.get(a)!));
    return { accrual: a, dueFen, postings: clawbackPostings(a, dueFen) };
  });
}
