import { defineErrors } from '../../platform/errors';

export const FulfilmentErrors = defineErrors('fulfilment', {
  campaign_not_closed: { status: 409, zh: '团购还没有截单成团（{status}），不能生成拣货单', en: 'The campaign has not closed as a success ({status}): no picking lists yet' },
  list_not_in_state: { status: 409, zh: '拣货单当前状态（{status}）不能{action}', en: 'A picking list that is {status} cannot be {action}' },
  shortage_invalid: { status: 400, zh: '缺货明细有误：{detail}', en: 'The shortage is not valid: {detail}' },
  wrong_code: { status: 409, zh: '提货码不对（还可以再试 {left} 次）', en: 'That pickup code is wrong ({left} tries left)' },
  code_used: { status: 409, zh: '这个提货码已经用过了（{at}）', en: 'This pickup code was already used ({at})' },
  pickup_locked: { status: 429, zh: '提货码错误次数过多，请 {minutes} 分钟后再试', en: 'Too many wrong pickup codes: try again in {minutes} minutes' },
  not_ready: { status: 409, zh: '订单还不能提货（{status}）', en: 'The order is not ready for pickup ({status})' },
  not_delivery: { status: 409, zh: '只有配送订单可以发货', en: 'Only delivery orders are shipped' },
  shipment_not_allowed: { status: 409, zh: '订单当前状态（{status}）不能发货', en: 'An order that is {status} cannot be shipped' },
  shipment_status: { status: 409, zh: '包裹已{status}，不能改为{to}', en: 'A parcel that is {status} cannot become {to}' },
  tracking_taken: { status: 409, zh: '运单号 {trackingNumber} 已被其他订单使用', en: 'Tracking number {trackingNumber} is already used by another order' },
});

export const PICKING_LIST_ENTITY = { zh: '拣货单', en: 'Picking list' };
export const SHIPMENT_ENTITY = { zh: '包裹', en: 'Shipment' };
