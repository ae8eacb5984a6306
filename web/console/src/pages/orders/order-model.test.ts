import { describe, expect, it } from 'vitest';
import type { OrderLine } from '../../api/types';
import { isRefundable, lineRefundFen, nextSteps, refundableQuantity } from './order-model';

const line = (over: Partial<OrderLine> = {}): OrderLine => ({
  id: 'orl_1',
  campaignItemId: 'cmi_1',
  skuId: 'sku_1',
  title: '黄桃',
  specs: {},
  unitPriceFen: 333,
  quantity: 3,
  lineTotalFen: 1000,
  refundedQuantity: 0,
  refundedFen: 0,
  ...over,
});

describe('order model', () => {
  it('computes a refund the way the server does: the last units take what remains of the line', () => {
    expect(lineRefundFen(line(), 0)).toBe(0);
    expect(lineRefundFen(line(), 1)).toBe(333);
    expect(lineRefundFen(line(), 2)).toBe(666);
    // All three: the line's 1000 fen, not 3 × 333.
    expect(lineRefundFen(line(), 3)).toBe(1000);
    // After one unit was refunded, the remaining two return the rest.
    const partly = line({ refundedQuantity: 1, refundedFen: 333 });
    expect(refundableQuantity(partly)).toBe(2);
    expect(lineRefundFen(partly, 2)).toBe(667);
  });

  it('offers only the fulfilment steps that fit the order', () => {
    expect(nextSteps({ status: 'paid', fulfilment: 'pickup' })).toEqual(['fulfilling', 'ready_for_pickup']);
    expect(nextSteps({ status: 'paid', fulfilment: 'delivery' })).toEqual(['fulfilling', 'shipped']);
    expect(nextSteps({ status: 'ready_for_pickup', fulfilment: 'pickup' })).toEqual(['completed']);
    expect(nextSteps({ status: 'pending_payment', fulfilment: 'pickup' })).toEqual([]);
    expect(nextSteps({ status: 'refunded', fulfilment: 'delivery' })).toEqual([]);
  });

  it('refunds only paid orders with something left', () => {
    expect(isRefundable({ status: 'paid', paidFen: 1000, refundedFen: 0 })).toBe(true);
    expect(isRefundable({ status: 'completed', paidFen: 1000, refundedFen: 999 })).toBe(true);
    expect(isRefundable({ status: 'completed', paidFen: 1000, refundedFen: 1000 })).toBe(false);
    expect(isRefundable({ status: 'pending_payment', paidFen: 0, refundedFen: 0 })).toBe(false);
  });
});
