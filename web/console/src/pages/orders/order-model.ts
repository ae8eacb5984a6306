import type { Order, OrderLine, OrderStatus, OrderSummary } from '../../api/types';

export const ORDER_STATUSES: OrderStatus[] = [
  'pending_payment',
  'paid',
  'fulfilling',
  'ready_for_pickup',
  'shipped',
  'completed',
  'canceled',
  'refunded',
];

/** The fulfilment steps staff may take next (the server's state machine, minus refunds and payment). */
const NEXT: Record<OrderStatus, OrderStatus[]> = {
  pending_payment: [],
  paid: ['fulfilling', 'ready_for_pickup', 'shipped'],
  fulfilling: ['ready_for_pickup', 'shipped'],
  ready_for_pickup: ['completed'],
  shipped: ['completed'],
  completed: [],
  canceled: [],
  refunded: [],
};

export type AdvanceStatus = 'fulfilling' | 'ready_for_pickup' | 'shipped' | 'completed';

/** Next steps for this order: pickup orders are never "shipped", delivery orders never "ready for pickup". */
export function nextSteps(order: Pick<Order, 'status' | 'fulfilment'>): AdvanceStatus[] {
  return NEXT[order.status].filter((s) =>
    order.fulfilment === 'pickup' ? s !== 'shipped' : s !== 'ready_for_pickup',
  ) as AdvanceStatus[];
}

const REFUNDABLE: OrderStatus[] = ['paid', 'fulfilling', 'ready_for_pickup', 'shipped', 'completed'];

export function isRefundable(order: Pick<Order, 'status' | 'paidFen' | 'refundedFen'>): boolean {
  return REFUNDABLE.includes(order.status) && order.paidFen - order.refundedFen > 0;
}

/** Units of a line not yet refunded. */
export function refundableQuantity(line: OrderLine): number {
  return line.quantity - line.refundedQuantity;
}

/**
 * What refunding `quantity` units of a line returns, by the server's rule: the last units of a
 * line take whatever fen remain, the others their unit price.
 */
export function lineRefundFen(line: OrderLine, quantity: number): number {
  if (quantity <= 0) return 0;
  return quantity === refundableQuantity(line) ? line.lineTotalFen - line.refundedFen : line.unitPriceFen * quantity;
}

/** "黄桃 500g×2，草莓×1" */
export function linesText(order: Pick<OrderSummary, 'lines'>): string {
  return order.lines.map((l) => `${l.title}×${l.quantity}`).join('，');
}
