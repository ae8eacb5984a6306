import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination';
import { PICKING_LIST_STATUSES, SHIPMENT_STATUSES } from './fulfilment.schema';

const Id = z.string().min(1).max(40);

export const ZShortLine = z.object({ orderLineId: Id, quantity: z.number().int().min(1).max(10_000) }).strict();
export const ZDispatchRequest = z.object({ shortages: z.array(ZShortLine).max(500).default([]).describe('Lines the warehouse is short of: refunded, not restocked'), note: z.string().trim().max(200).default('') }).strict();
export const ZArrivalRequest = z.object({ shortages: z.array(ZShortLine).max(500).default([]).describe('Lines that did not arrive: refunded') }).strict();
export const ZVerifyPickupRequest = z
  .object({
    code: z.string().trim().regex(/^\d{6}$/, { message: 'a 6-digit code' }),
    pickupPointId: Id.optional().describe('Leaders may omit it (their points); other staff give it'),
    orderId: Id.optional().describe('When the order is known (scanned from its QR): the code must be this order’s'),
  })
  .strict();
export const ZCreateShipmentRequest = z.object({ carrier: z.string().trim().min(1).max(40), trackingNumber: z.string().trim().regex(/^[A-Za-z0-9-]{6,40}$/, { message: '6–40 letters, digits or dashes' }) }).strict();
export const ZUpdateShipmentRequest = z.object({ status: z.enum(['in_transit', 'delivered', 'returned']) }).strict();

export const ZPickingListSummary = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    campaignTitle: z.string(),
    pickupPointId: z.string(),
    pickupPointName: z.string(),
    pickupPointAddress: z.string(),
    leaderId: z.string(),
    leaderName: z.string(),
    status: z.enum(PICKING_LIST_STATUSES),
    orderCount: z.number().int(),
    unitCount: z.number().int(),
    createdAt: z.string(),
    dispatchedAt: z.string().nullable(),
    arrivedAt: z.string().nullable(),
    note: z.string(),
  })
  .meta({ id: 'PickingListSummary' });
export const ZPickingListPage = pageOf(ZPickingListSummary);
export const ZListPickingListsQuery = PageQuery.extend({ campaignId: Id.optional(), status: z.enum(PICKING_LIST_STATUSES).optional(), pickupPointId: Id.optional() });
export const ZPickingList = ZPickingListSummary.extend({
  bySku: z.array(z.object({ skuId: z.string(), title: z.string(), specs: z.record(z.string(), z.string()), quantity: z.number().int(), shortQuantity: z.number().int() })),
  byMember: z.array(
    z.object({
      orderId: z.string(),
      memberName: z.string().describe('In full for staff; for leaders masked (王**) unless the member lets leaders see their contact details (share_contact consent)'),
      phoneTail: z.string(),
      phone: z.string(),
      status: z.string(),
      items: z.array(z.object({ lineId: z.string(), title: z.string(), specs: z.record(z.string(), z.string()), quantity: z.number().int(), refundedQuantity: z.number().int() })),
      pickupCodeIssued: z.boolean(),
      collectedAt: z.string().nullable(),
    }),
  ),
  shortages: z.array(z.object({ orderId: z.string(), orderLineId: z.string(), title: z.string(), quantity: z.number().int(), stage: z.enum(['dispatch', 'arrival']), createdAt: z.string() })),
}).meta({ id: 'PickingList' });
export const ZGenerateResult = z.object({ lists: z.array(z.string()), ordersAdded: z.number().int(), unassigned: z.number().int().describe('Paid pickup orders with no pickup point') });
export const ZShipment = z
  .object({ id: z.string(), orderId: z.string(), carrier: z.string(), trackingNumber: z.string(), status: z.enum(SHIPMENT_STATUSES), createdAt: z.string(), updatedAt: z.string(), deliveredAt: z.string().nullable() })
  .meta({ id: 'Shipment' });
export const ZPickupCode = z.object({ orderId: z.string(), code: z.string(), qrSvg: z.string(), issuedAt: z.string(), usedAt: z.string().nullable() }).meta({ id: 'PickupCode' });
export const ZNotice = z.object({ id: z.string(), kind: z.string(), title: z.string(), body: z.string(), orderId: z.string().nullable(), createdAt: z.string(), readAt: z.string().nullable() }).meta({ id: 'MemberNotice' });
export const ZNoticePage = pageOf(ZNotice).extend({ unread: z.number().int() });
export const ZUncollectedQuery = PageQuery.pick({ limit: true }).extend({ days: z.coerce.number().int().min(0).max(90).default(3).describe('Flag orders waiting longer than this') });
export const ZUncollected = z.object({
  items: z.array(z.object({ orderId: z.string(), campaignTitle: z.string(), memberName: z.string().describe("Masked for leaders unless the member shares their contact details"), phone: z.string(), pickupPointId: z.string(), pickupPointName: z.string(), leaderName: z.string(), arrivedAt: z.string(), daysWaiting: z.number().int() })),
});
