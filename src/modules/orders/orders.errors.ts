import { defineErrors } from '../../platform/errors';

export const OrderErrors = defineErrors('orders', {
  invalid_transition: { status: 409, zh: '订单不能从「{from}」变为「{to}」', en: 'An order cannot go from {from} to {to}' },
  not_payable: { status: 409, zh: '订单当前状态（{status}）不能支付', en: 'An order that is {status} cannot be paid' },
  refund_exceeds_paid: { status: 409, zh: '退款超过可退金额：{detail}', en: 'The refund is more than what can be refunded: {detail}' },
  not_refundable: { status: 409, zh: '订单当前状态（{status}）不能退款', en: 'An order that is {status} cannot be refunded' },
  address_required: { status: 400, zh: '配送订单需要收货地址', en: 'Delivery orders need an address' },
  total_too_large: { status: 400, zh: '订单金额超出上限 ¥{max}', en: 'The order total is over the limit of ¥{max}' },
  managed_by_fulfilment: { status: 409, zh: '自提点订单通过拣货单、到货确认和提货码履约，不能直接改状态', en: 'Orders collected at a pickup point move through picking lists, arrival and the pickup code, not by hand' },
  line_not_in_order: { status: 400, zh: '订单中没有明细 {lineId}', en: 'Line {lineId} is not part of this order' },
});

export const ORDER_ENTITY = { zh: '订单', en: 'Order' };
