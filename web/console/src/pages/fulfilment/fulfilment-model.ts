import type { Actor, Order } from '../../api/types';
import type { PickingList, PickingListStatus, PickingMemberLine, ShipmentStatus, ShortLine } from '../../api/fulfilment-types';
import { ApiError } from '../../../../shared/http';

/** What can be done to a picking list next, by whom (the server's fulfilment.flow.ts enforces the same). */
export type PickingListAction = 'dispatch' | 'arrive';

/**
 * The warehouse (owners, operators) dispatches an open list; the point's leader, or staff, confirm
 * a dispatched list arrived. An arrived list is done.
 */
export function pickingListActions(list: { status: PickingListStatus; leaderId: string }, actor: Pick<Actor, 'role' | 'id'>): PickingListAction[] {
  const staff = actor.role === 'owner' || actor.role === 'operator';
  if (list.status === 'open') return staff ? ['dispatch'] : [];
  if (list.status === 'dispatched') return staff || (actor.role === 'leader' && list.leaderId === actor.id) ? ['arrive'] : [];
  return [];
}

/** The three steps of a list with the time each was reached, for a progress display. */
export function pickingListStep(status: PickingListStatus): number {
  return status === 'open' ? 0 : status === 'dispatched' ? 1 : 2;
}

/** A member's order line that can still be marked short: units neither refunded nor handed over. */
export interface ShortableLine {
  lineId: string;
  orderId: string;
  memberName: string;
  phoneTail: string;
  title: string;
  specs: Record<string, string>;
  /** Units that may still be short. */
  left: number;
}

/** Orders that have left the list's batch (refunded, canceled, collected) cannot be short any more. */
const CLOSED_ORDER = new Set(['refunded', 'canceled', 'completed']);

/** Every line of the list that may be marked short, member by member, in the list's order. */
export function shortableLines(byMember: PickingMemberLine[]): ShortableLine[] {
  const out: ShortableLine[] = [];
  for (const m of byMember) {
    if (CLOSED_ORDER.has(m.status)) continue;
    for (const item of m.items) {
      const left = item.quantity - item.refundedQuantity;
      if (left <= 0) continue;
      out.push({ lineId: item.lineId, orderId: m.orderId, memberName: m.memberName, phoneTail: m.phoneTail, title: item.title, specs: item.specs, left });
    }
  }
  return out;
}

export interface ShortageEntry {
  orderLineId?: string | null;
  quantity?: number | null;
}

export type ShortageProblem =
  | { index: number; field: 'orderLineId'; kind: 'required' | 'unknown' }
  | { index: number; field: 'quantity'; kind: 'required' | 'min' }
  | { index: number; field: 'quantity'; kind: 'tooMany'; max: number };

/**
 * Checks the short lines a person entered before they are sent: each row names a line on this list
 * and a whole quantity of at least 1, and the rows for one line together stay within what is left
 * of it (the server adds them up the same way). Answers one problem per field at fault.
 */
export function validateShortages(entries: ShortageEntry[], lines: ShortableLine[]): ShortageProblem[] {
  const left = new Map(lines.map((l) => [l.lineId, l.left]));
  const used = new Map<string, number>();
  const problems: ShortageProblem[] = [];
  entries.forEach((e, index) => {
    const id = e.orderLineId ?? '';
    if (!id) problems.push({ index, field: 'orderLineId', kind: 'required' });
    else if (!left.has(id)) problems.push({ index, field: 'orderLineId', kind: 'unknown' });
    const q = e.quantity;
    if (q === null || q === undefined || Number.isNaN(q)) {
      problems.push({ index, field: 'quantity', kind: 'required' });
      return;
    }
    if (!Number.isInteger(q) || q < 1) {
      problems.push({ index, field: 'quantity', kind: 'min' });
      return;
    }
    if (!id || !left.has(id)) return;
    const max = left.get(id)! - (used.get(id) ?? 0);
    if (q > max) problems.push({ index, field: 'quantity', kind: 'tooMany', max: Math.max(0, max) });
    used.set(id, (used.get(id) ?? 0) + q);
  });
  return problems;
}

/** The request body's short lines: complete rows only. */
export function shortageBody(entries: ShortageEntry[]): ShortLine[] {
  return entries
    .filter((e): e is { orderLineId: string; quantity: number } => Boolean(e.orderLineId) && typeof e.quantity === 'number' && e.quantity >= 1)
    .map((e) => ({ orderLineId: e.orderLineId, quantity: e.quantity }));
}

/** Units short per SKU title, for a summary under the shortage form ("脐橙 ×2"). */
export function shortageSummary(entries: ShortageEntry[], lines: ShortableLine[]): Array<{ title: string; quantity: number }> {
  const byLine = new Map(lines.map((l) => [l.lineId, l]));
  const totals = new Map<string, number>();
  for (const e of shortageBody(entries)) {
    const line = byLine.get(e.orderLineId);
    if (line) totals.set(line.title, (totals.get(line.title) ?? 0) + e.quantity);
  }
  return [...totals].map(([title, quantity]) => ({ title, quantity }));
}

/** Totals shown in a list's header: members on it, collected, waiting. */
export function pickingListCounts(list: Pick<PickingList, 'byMember'>): { orders: number; collected: number; waiting: number } {
  let collected = 0;
  let waiting = 0;
  for (const m of list.byMember) {
    if (m.collectedAt) collected++;
    else if (m.status === 'ready_for_pickup') waiting++;
  }
  return { orders: list.byMember.length, collected, waiting };
}

/** Units still handed over on a member's line ("×2"), or 0 when all were refunded. */
export function unitsLeft(item: { quantity: number; refundedQuantity: number }): number {
  return Math.max(0, item.quantity - item.refundedQuantity);
}

/**
 * A fulfilment refusal that names a field (a short line, a tracking number already used) explains
 * itself in the problem's detail, in the UI language; its field entries only say where, in English.
 * Puts the detail on those fields so a form shows it where it belongs.
 */
export function withLocalizedFieldErrors(err: unknown): unknown {
  if (!(err instanceof ApiError) || !err.code?.startsWith('fulfilment.') || err.fieldErrors.length === 0) return err;
  return new ApiError({ ...err.problem, errors: err.fieldErrors.map((f) => ({ path: f.path, message: err.message })) });
}

// ---- Pickup codes ----

/**
 * What a person typed or a scanner sent, as the digits of a code: full-width digits become
 * half-width, everything else is dropped, at most 6 digits kept.
 */
export function normalizeCode(input: string): string {
  return input.normalize('NFKC').replace(/\D/g, '').slice(0, 6);
}

export function isCompleteCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

export type VerifyFailure =
  | { kind: 'wrong'; triesLeft: number | null }
  | { kind: 'used'; usedAt: string | null }
  | { kind: 'locked'; minutes: number | null }
  | { kind: 'notFound' }
  | { kind: 'other' };

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})/;

/**
 * Reads a failed verification. The problem carries its numbers only inside its texts: the tries
 * left in the field error ("wrong code, 3 tries left"), the time a code was used and the minutes of
 * a lock-out in the detail. Unknown shapes give null rather than a wrong number.
 */
export function verifyFailure(err: ApiError): VerifyFailure {
  switch (err.code) {
    case 'fulfilment.wrong_code': {
      const field = err.fieldErrors.find((f) => f.path === 'code')?.message ?? '';
      const m = /(\d+)\s*tries left/i.exec(field) ?? /(\d+)/.exec(err.problem.detail ?? '');
      return { kind: 'wrong', triesLeft: m ? Number(m[1]) : null };
    }
    case 'fulfilment.code_used': {
      const m = ISO.exec(err.problem.detail ?? '');
      return { kind: 'used', usedAt: m ? m[0] : null };
    }
    case 'fulfilment.pickup_locked': {
      const m = /(\d+)/.exec(err.problem.detail ?? '');
      return { kind: 'locked', minutes: m ? Number(m[1]) : null };
    }
    default:
      return err.status === 404 ? { kind: 'notFound' } : { kind: 'other' };
  }
}

// ---- Shipments ----

/** Carriers offered first when shipping (any other name may be typed). */
export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '京东物流', 'EMS'] as const;

const SHIPMENT_NEXT: Record<ShipmentStatus, Array<Exclude<ShipmentStatus, 'shipped'>>> = {
  shipped: ['in_transit', 'delivered', 'returned'],
  in_transit: ['delivered', 'returned'],
  delivered: [],
  returned: [],
};

/** Where a parcel may go next (the server's shipments.ts NEXT). */
export function shipmentNextStatuses(status: ShipmentStatus): Array<Exclude<ShipmentStatus, 'shipped'>> {
  return SHIPMENT_NEXT[status];
}

/** A delivery order is shipped once it is paid (or being prepared). */
export function canShipOrder(order: Pick<Order, 'fulfilment' | 'status'>): boolean {
  return order.fulfilment === 'delivery' && (order.status === 'paid' || order.status === 'fulfilling');
}

export const TRACKING_NUMBER = /^[A-Za-z0-9-]{6,40}$/;

/**
 * The bare status steps the order drawer offers, minus those fulfilment now does with more care: a
 * delivery order is shipped with a carrier and tracking number (by those who may ship), and a
 * pickup order with a pickup point becomes ready through its picking list's arrival, which issues
 * the member's pickup code.
 */
export function manualSteps<S extends string>(steps: S[], order: Pick<Order, 'pickupPointId'>, canShip: boolean): S[] {
  return steps.filter((s) => !(s === 'shipped' && canShip) && !(s === 'ready_for_pickup' && order.pickupPointId));
}

// ---- Uncollected ----

export const DEFAULT_UNCOLLECTED_DAYS = 3;

/** The "waiting longer than N days" of the URL: a whole number 0–90, else the default. */
export function uncollectedDays(param: string | null): number {
  if (param === null || param.trim() === '' || !/^\d+$/.test(param.trim())) return DEFAULT_UNCOLLECTED_DAYS;
  const n = Number(param);
  return n >= 0 && n <= 90 ? n : DEFAULT_UNCOLLECTED_DAYS;
}
