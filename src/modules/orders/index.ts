// The orders module's public surface: orders, their lines, state machine and timeline.
export { newOrderWrites, lockOrder, loadLines, ordersByIds, transition, transitionMany, recordEvent, canTransition, TRANSITIONS, type OrderRow, type LineRow, type NewOrder } from './services/order-store';
export { getOrder, assertCanManageOrder, orderSummaryDto, listOrders, iterateOrders, listCampaignEntries, campaignSales, visibleOrders, PAID_STATUSES, type CampaignSales, type OrderFilter } from './services/read-orders';
export { orderIdsOfCampaign, paidPickupOrders, expiredOrders, planRefund, applyRefund, orderFactsOfMembers, pseudonymiseOrders, paidOrdersByReferralCode, type RefundLine, type OrderFact } from './services/order-queries';
export { OrderErrors, ORDER_ENTITY } from './orders.errors';
export * from './orders.validators';
