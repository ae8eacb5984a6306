import { describe, expect, it } from 'vitest';
import { PICKING_LIST_STATUSES, SHIPMENT_STATUSES, type PickingMemberLine, type ShipmentStatus } from '../../api/fulfilment-types';
import type { Role } from '../../api/types';
import { ApiError } from '../../../../shared/http';
import {
  canShipOrder,
  isCompleteCode,
  manualSteps,
  normalizeCode,
  pickingListActions,
  pickingListCounts,
  shipmentNextStatuses,
  shortableLines,
  shortageBody,
  shortageSummary,
  TRACKING_NUMBER,
  uncollectedDays,
  validateShortages,
  verifyFailure,
  withLocalizedFieldErrors,
} from './fulfilment-model';

const member = (over: Partial<PickingMemberLine> = {}): PickingMemberLine => ({
  orderId: 'ord_1',
  memberName: '陈**',
  phoneTail: '0001',
  phone: '138****0001',
  status: 'fulfilling',
  items: [
    { lineId: 'ln_orange', title: '赣南脐橙 10 斤', specs: { 规格: '10斤' }, quantity: 2, refundedQuantity: 0 },
    { lineId: 'ln_milk', title: '鲜牛奶 12 盒', specs: {}, quantity: 1, refundedQuantity: 1 },
  ],
  pickupCodeIssued: false,
  collectedAt: null,
  ...over,
});

describe('picking list actions', () => {
  // Who may do what, by the server's fulfilment.flow.ts: dispatch is owner/operator on an open
  // list; arrival is owner/operator/the list's leader on a dispatched list.
  const SERVER: Record<'dispatch' | 'arrive', { from: string; roles: Role[]; ownLeaderOnly?: boolean }> = {
    dispatch: { from: 'open', roles: ['owner', 'operator'] },
    arrive: { from: 'dispatched', roles: ['owner', 'operator', 'leader'], ownLeaderOnly: true },
  };

  it('offers exactly what the server allows for each status and role', () => {
    for (const status of PICKING_LIST_STATUSES) {
      for (const role of ['owner', 'operator', 'leader', 'distributor', 'member'] as Role[]) {
        for (const own of [true, false]) {
          const actor = { role, id: 'usr_me' };
          const list = { status, leaderId: own ? 'usr_me' : 'usr_other' };
          const expected = (Object.keys(SERVER) as Array<'dispatch' | 'arrive'>).filter((a) => {
            const rule = SERVER[a];
            if (rule.from !== status || !rule.roles.includes(role)) return false;
            return role !== 'leader' || !rule.ownLeaderOnly || own;
          });
          expect(pickingListActions(list, actor), `${status} ${role} own=${own}`).toEqual(expected);
        }
      }
    }
  });

  it('offers nothing on an arrived list', () => {
    expect(pickingListActions({ status: 'arrived', leaderId: 'usr_me' }, { role: 'owner', id: 'usr_x' })).toEqual([]);
  });
});

describe('short lines', () => {
  it('lists the lines with units left, skipping refunded lines and closed orders', () => {
    const lines = shortableLines([
      member(),
      member({ orderId: 'ord_2', status: 'completed', items: [{ lineId: 'ln_done', title: 'x', specs: {}, quantity: 1, refundedQuantity: 0 }] }),
      member({ orderId: 'ord_3', status: 'refunded', items: [{ lineId: 'ln_ref', title: 'y', specs: {}, quantity: 1, refundedQuantity: 0 }] }),
    ]);
    expect(lines.map((l) => [l.lineId, l.left])).toEqual([['ln_orange', 2]]);
    expect(lines[0]).toMatchObject({ orderId: 'ord_1', memberName: '陈**', phoneTail: '0001' });
  });

  const lines = shortableLines([member(), member({ orderId: 'ord_2', items: [{ lineId: 'ln_straw', title: '草莓礼盒', specs: {}, quantity: 1, refundedQuantity: 0 }] })]);

  it('accepts rows within what is left', () => {
    expect(validateShortages([{ orderLineId: 'ln_orange', quantity: 2 }, { orderLineId: 'ln_straw', quantity: 1 }], lines)).toEqual([]);
    expect(validateShortages([], lines)).toEqual([]);
  });

  it('marks a missing line, a line not on the list and a missing or non-positive quantity', () => {
    expect(validateShortages([{ quantity: 1 }], lines)).toEqual([{ index: 0, field: 'orderLineId', kind: 'required' }]);
    expect(validateShortages([{ orderLineId: 'ln_milk', quantity: 1 }], lines)).toEqual([{ index: 0, field: 'orderLineId', kind: 'unknown' }]);
    expect(validateShortages([{ orderLineId: 'ln_orange', quantity: null }], lines)).toEqual([{ index: 0, field: 'quantity', kind: 'required' }]);
    expect(validateShortages([{ orderLineId: 'ln_orange', quantity: 0 }], lines)).toEqual([{ index: 0, field: 'quantity', kind: 'min' }]);
    expect(validateShortages([{ orderLineId: 'ln_orange', quantity: 1.5 }], lines)).toEqual([{ index: 0, field: 'quantity', kind: 'min' }]);
  });

  it('caps a line at what is left, adding up rows for the same line as the server does', () => {
    expect(validateShortages([{ orderLineId: 'ln_orange', quantity: 3 }], lines)).toEqual([{ index: 0, field: 'quantity', kind: 'tooMany', max: 2 }]);
    expect(
      validateShortages(
        [
          { orderLineId: 'ln_orange', quantity: 1 },
          { orderLineId: 'ln_orange', quantity: 2 },
        ],
        lines,
      ),
    ).toEqual([{ index: 1, field: 'quantity', kind: 'tooMany', max: 1 }]);
  });

  it('sends complete rows only and sums them per item for the summary', () => {
    const entries = [{ orderLineId: 'ln_orange', quantity: 1 }, { orderLineId: '', quantity: 1 }, { orderLineId: 'ln_straw', quantity: 1 }, { orderLineId: 'ln_orange', quantity: 1 }];
    expect(shortageBody(entries)).toEqual([
      { orderLineId: 'ln_orange', quantity: 1 },
      { orderLineId: 'ln_straw', quantity: 1 },
      { orderLineId: 'ln_orange', quantity: 1 },
    ]);
    expect(shortageSummary(entries, lines)).toEqual([
      { title: '赣南脐橙 10 斤', quantity: 2 },
      { title: '草莓礼盒', quantity: 1 },
    ]);
  });

  it('counts collected and waiting bags', () => {
    expect(
      pickingListCounts({
        byMember: [member({ status: 'completed', collectedAt: '2025-01-01T00:00:00Z' }), member({ status: 'ready_for_pickup' }), member({ status: 'ready_for_pickup' }), member({ status: 'refunded' })],
      }),
    ).toEqual({ orders: 4, collected: 1, waiting: 2 });
  });
});

describe('pickup codes', () => {
  it('keeps the digits a person or a scanner typed, at most six', () => {
    expect(normalizeCode(' 12 34-56 ')).toBe('123456');
    expect(normalizeCode('１２３４５６')).toBe('123456');
    expect(normalizeCode('1234567')).toBe('123456');
    expect(normalizeCode('abc')).toBe('');
    expect(isCompleteCode('123456')).toBe(true);
    expect(isCompleteCode('12345')).toBe(false);
  });

  it('reads the tries left of a wrong code from its field error', () => {
    const err = new ApiError({ status: 409, code: 'fulfilment.wrong_code', detail: '提货码不对（还可以再试 4 次）', errors: [{ path: 'code', message: 'wrong code, 4 tries left' }] });
    expect(verifyFailure(err)).toEqual({ kind: 'wrong', triesLeft: 4 });
    expect(verifyFailure(new ApiError({ status: 409, code: 'fulfilment.wrong_code', detail: 'That pickup code is wrong (0 tries left)' }))).toEqual({ kind: 'wrong', triesLeft: 0 });
    expect(verifyFailure(new ApiError({ status: 409, code: 'fulfilment.wrong_code' }))).toEqual({ kind: 'wrong', triesLeft: null });
  });

  it('reads when a used code was used and how long a lock-out lasts', () => {
    expect(verifyFailure(new ApiError({ status: 409, code: 'fulfilment.code_used', detail: '这个提货码已经用过了（2025-05-02T08:30:00.000Z）' }))).toEqual({ kind: 'used', usedAt: '2025-05-02T08:30:00.000Z' });
    expect(verifyFailure(new ApiError({ status: 409, code: 'fulfilment.code_used', detail: 'used' }))).toEqual({ kind: 'used', usedAt: null });
    expect(verifyFailure(new ApiError({ status: 429, code: 'fulfilment.pickup_locked', detail: '提货码错误次数过多，请 15 分钟后再试' }))).toEqual({ kind: 'locked', minutes: 15 });
    expect(verifyFailure(new ApiError({ status: 404, code: 'common.not_found' }))).toEqual({ kind: 'notFound' });
    expect(verifyFailure(new ApiError({ status: 400, code: 'common.validation_failed' }))).toEqual({ kind: 'other' });
  });

  it('puts a fulfilment refusal’s own explanation on its fields', () => {
    const err = new ApiError({ status: 409, code: 'fulfilment.tracking_taken', detail: '运单号 SF1 已被其他订单使用', errors: [{ path: 'trackingNumber', message: 'already used' }] });
    expect((withLocalizedFieldErrors(err) as ApiError).fieldErrors).toEqual([{ path: 'trackingNumber', message: '运单号 SF1 已被其他订单使用' }]);
    const other = new ApiError({ status: 400, code: 'common.validation_failed', errors: [{ path: 'x', message: 'bad' }] });
    expect(withLocalizedFieldErrors(other)).toBe(other);
  });
});

describe('shipments', () => {
  // The server's shipments.ts NEXT table.
  const SERVER: Record<ShipmentStatus, ShipmentStatus[]> = { shipped: ['in_transit', 'delivered', 'returned'], in_transit: ['delivered', 'returned'], delivered: [], returned: [] };

  it('moves a parcel on exactly as the server allows', () => {
    for (const s of SHIPMENT_STATUSES) expect(shipmentNextStatuses(s)).toEqual(SERVER[s]);
  });

  it('ships paid delivery orders only', () => {
    expect(canShipOrder({ fulfilment: 'delivery', status: 'paid' })).toBe(true);
    expect(canShipOrder({ fulfilment: 'delivery', status: 'fulfilling' })).toBe(true);
    expect(canShipOrder({ fulfilment: 'delivery', status: 'shipped' })).toBe(false);
    expect(canShipOrder({ fulfilment: 'pickup', status: 'paid' })).toBe(false);
  });

  it('leaves shipping and pickup readiness to their own flows', () => {
    const steps = ['fulfilling', 'ready_for_pickup', 'shipped', 'completed'];
    expect(manualSteps(steps, { pickupPointId: null }, true)).toEqual(['fulfilling', 'ready_for_pickup', 'completed']);
    expect(manualSteps(steps, { pickupPointId: null }, false)).toEqual(steps);
    expect(manualSteps(steps, { pickupPointId: 'pp_1' }, false)).toEqual(['fulfilling', 'shipped', 'completed']);
  });

  it('takes tracking numbers the server takes', () => {
    expect(TRACKING_NUMBER.test('SF1402871163')).toBe(true);
    expect(TRACKING_NUMBER.test('JD-0001-22')).toBe(true);
    expect(TRACKING_NUMBER.test('SF12')).toBe(false);
    expect(TRACKING_NUMBER.test('SF 1402871163')).toBe(false);
  });
});

describe('uncollected days', () => {
  it('reads a whole number of days from the URL, else 3', () => {
    expect(uncollectedDays(null)).toBe(3);
    expect(uncollectedDays('')).toBe(3);
    expect(uncollectedDays('0')).toBe(0);
    expect(uncollectedDays('7')).toBe(7);
    expect(uncollectedDays('91')).toBe(3);
    expect(uncollectedDays('-1')).toBe(3);
    expect(uncollectedDays('2.5')).toBe(3);
  });
});
