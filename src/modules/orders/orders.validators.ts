import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';
import { ORDER_STATUSES } from './orders.schema';

const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, { message: 'a mainland mobile number' });

export const ZAddress = z.object({
  name: z.string().trim().min(1).max(50),
  phone: Phone,
  region: z.string().trim().min(1).max(100).describe('省市区'),
  detail: z.string().trim().min(1).max(200),
});

export const ZPlaceOrderRequest = z.object({
  campaignId: z.string().max(40),
  items: z
    .array(z.object({ itemId: z.string().max(40), quantity: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(50),
  fulfilment: z.enum(['pickup', 'delivery']),
  address: ZAddress.optional().describe('Required for delivery'),
  note: z.string().trim().max(200).default(''),
  referralCode: z.string().trim().regex(/^[A-Za-z0-9]{4,16}$/, { message: '4–16 letters or digits' }).optional().describe('From the share link (?ref=)'),
  groupId: z.string().max(40).optional().describe('The group the member ordered from (they must be in it)'),
  pickupPointId: z.string().max(40).optional().describe('Where a pickup order is collected'),
});

export const ZOrderLine = z
  .object({
    id: z.string(),
    campaignItemId: z.string(),
    skuId: z.string(),
    title: z.string(),
    specs: z.record(z.string(), z.string()),
    unitPriceFen: z.number().int(),
    quantity: z.number().int(),
    lineTotalFen: z.number().int(),
    refundedQuantity: z.number().int(),
    refundedFen: z.number().int(),
  })
  .meta({ id: 'OrderLine' });

export const ZOrderEvent = z.object({ from: z.string().nullable(), to: z.string(), note: z.string(), actorType: z.string(), at: z.string() }).meta({ id: 'OrderEvent' });

export const ZOrder = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    campaignTitle: z.string(),
    memberId: z.string(),
    memberPhone: z.string().describe('Masked except for owners and the member'),
    status: z.enum(ORDER_STATUSES),
    fulfilment: z.enum(['pickup', 'delivery']),
    address: ZAddress.nullable(),
    note: z.string(),
    totalFen: z.number().int(),
    paidFen: z.number().int(),
    refundedFen: z.number().int(),
    referralCode: z.string().nullable(),
    groupId: z.string().nullable(),
    pickupPointId: z.string().nullable(),
    placedAt: z.string(),
    expiresAt: z.string(),
    paidAt: z.string().nullable(),
    canceledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    lines: z.array(ZOrderLine),
    timeline: z.array(ZOrderEvent),
  })
  .meta({ id: 'Order' });
export const ZOrderSummary = ZOrder.omit({ timeline: true }).meta({ id: 'OrderSummary' });

export const ZListOrdersQuery = PageQuery.extend({
  campaignId: z.string().max(40).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Placed at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('Placed before'),
  memberId: z.string().max(40).optional(),
});
export const ZOrderPage = pageOf(ZOrderSummary);

export const ZRefundRequest = z.object({
  lines: z
    .array(z.object({ lineId: z.string().max(40), quantity: z.number().int().min(1) }))
    .min(1)
    .max(50)
    .optional()
    .describe('Lines and quantities to refund; omit for a full refund of what remains'),
  reason: z.string().trim().min(1).max(300),
});

export const ZAdvanceOrderRequest = z.object({
  status: z.enum(['fulfilling', 'ready_for_pickup', 'shipped', 'completed']),
  note: z.string().trim().max(300).default(''),
});

export const ZCampaignEntry = z
  .object({
    seq: z.number().int().describe('Place in the 接龙 list, from 1'),
    name: z.string().describe('Masked: 王** or 138****0001'),
    items: z.array(z.object({ title: z.string(), quantity: z.number().int() })),
    at: z.string(),
  })
  .meta({ id: 'CampaignEntry' });

export type PlaceOrderRequest = z.infer<typeof ZPlaceOrderRequest>;
export type OrderDto = z.infer<typeof ZOrder>;
export type OrderSummaryDto = z.infer<typeof ZOrderSummary>;
export type RefundRequest = z.infer<typeof ZRefundRequest>;
