import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { BaseCtx, Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { OrderErrors } from '../orders.errors';
import { orderLines, orders, type OrderStatus } from '../orders.schema';
import type { LineRow } from './order-store';

/** Ids of a campaign's orders in some statuses, oldest first. */
export async function orderIdsOfCampaign(ctx: Ctx, campaignId: string, statuses: OrderStatus[]): Promise<string[]> {
  const rows = await ctx.tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), eq(orders.campaignId, campaignId), inArray(orders.status, statuses)))
    .orderBy(asc(orders.id));
  return rows.map((r) => r.id);
}

/** Unpaid orders past their payment deadline, across tenants. */
export async function expiredOrders(base: BaseCtx, limit = 100): Promise<Array<{ tenantId: string; id: string }>> {
  return base.tx
    .select({ tenantId: orders.tenantId, id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), sql`${orders.expiresAt} <= now()`))
    .orderBy(asc(orders.expiresAt))
    .limit(limit);
}

export interface RefundLine {
  lineId: string;
  quantity: number;
  amountFen: number;
  campaignItemId: string;
  skuId: string;
}

/**
 * Works out a refund: the lines and quantities asked for (or everything not yet refunded), priced
 * at what was paid per unit. More than remains is a 409 and nothing changes.
 */
export function planRefund(lines: LineRow[], asked: Array<{ lineId: string; quantity: number }> | undefined): RefundLine[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const wanted = asked ?? lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.refundedQuantity })).filter((x) => x.quantity > 0);
  const merged = new Map<string, number>();
  for (const w of wanted) merged.set(w.lineId, (merged.get(w.lineId) ?? 0) + w.quantity);
  const plan: RefundLine[] = [];
  for (const [lineId, quantity] of merged) {
    const line = byId.get(lineId);
    if (!line) throw new AppError(OrderErrors.line_not_in_order, { params: { lineId }, errors: [{ path: 'lines', message: `${lineId} is not in this order` }] });
    const left = line.quantity - line.refundedQuantity;
    if (quantity > left) {
      throw new AppError(OrderErrors.refund_exceeds_paid, { params: { detail: `${line.title}: ${left} left to refund, ${quantity} asked` }, errors: [{ path: 'lines', message: `${left} left to refund on ${lineId}` }] });
    }
    // The last units of a line take whatever fen remain, so a line never refunds more than it cost.
    const amountFen = quantity === left ? line.lineTotalFen - line.refundedFen : line.unitPriceFen * quantity;
    plan.push({ lineId, quantity, amountFen, campaignItemId: line.campaignItemId, skuId: line.skuId });
  }
  if (plan.length === 0) throw new AppError(OrderErrors.refund_exceeds_paid, { params: { detail: 'nothing left to refund' } });
  return plan;
}

/** Applies a refund to the order's lines and totals; returns whether everything is now refunded. */
export async function applyRefund(ctx: Ctx, orderId: string, plan: RefundLine[]): Promise<{ fully: boolean }> {
  for (const p of plan) {
    const rows = await ctx.tx
      .update(orderLines)
      .set({ refundedQuantity: sql`${orderLines.refundedQuantity} + ${p.quantity}`, refundedFen: sql`${orderLines.refundedFen} + ${p.amountFen}` })
      .where(and(eq(orderLines.tenantId, ctx.tenantId), eq(orderLines.id, p.lineId), sql`${orderLines.refundedQuantity} + ${p.quantity} <= ${orderLines.quantity}`))
      .returning({ id: orderLines.id });
    if (rows.length === 0) throw new AppError(OrderErrors.refund_exceeds_paid, { params: { detail: p.lineId } });
  }
  const total = plan.reduce((s, p) => s + p.amountFen, 0);
  const [o] = await ctx.tx
    .update(orders)
    .set({ refundedFen: sql`${orders.refundedFen} + ${total}`, updatedAt: new Date() })
    .where(and(eq(orders.tenantId, ctx.tenantId), eq(orders.id, orderId), sql`${orders.refundedFen} + ${total} <= ${orders.paidFen}`))
    .returning({ refundedFen: orders.refundedFen, paidFen: orders.paidFen });
  if (!o) throw new AppError(OrderErrors.refund_exceeds_paid, { params: { detail: `${total} fen` } });
  return { fully: o.refundedFen === o.paidFen };
}

/** A campaign's paid pickup orders, with where each is collected (picking lists are made from these). */
export async function paidPickupOrders(ctx: Ctx, campaignId: string): Promise<Array<{ id: string; pickupPointId: string | null; memberId: string }>> {
  return ctx.tx
    .select({ id: orders.id, pickupPointId: orders.pickupPointId, memberId: orders.memberId })
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), eq(orders.campaignId, campaignId), eq(orders.status, 'paid'), eq(orders.fulfilment, 'pickup')))
    .orderBy(asc(orders.id));
}

export interface OrderFact {
  id: string;
  memberId: string;
  campaignId: string;
  status: OrderStatus;
  paidAt: Date;
  paidFen: number;
  refundedFen: number;
  orgUnitId: string | null;
  groupId: string | null;
}

/** Every order of these members that was ever paid: what the CRM counts as buying. */
export async function orderFactsOfMembers(ctx: Ctx, memberIds: string[]): Promise<OrderFact[]> {
  if (memberIds.length === 0) return [];
  const rows = await ctx.tx
    .select({ id: orders.id, memberId: orders.memberId, campaignId: orders.campaignId, status: orders.status, paidAt: orders.paidAt, paidFen: orders.paidFen, refundedFen: orders.refundedFen, orgUnitId: orders.orgUnitId, groupId: orders.groupId })
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.memberId} = any(${sql.param([...new Set(memberIds)])}::text[])`, sql`${orders.paidAt} is not null`));
  return rows.map((r) => ({ ...r, paidAt: r.paidAt! }));
}

/**
 * Erasure: a person's orders stay (accounting keeps them: amounts, items, dates), but the delivery
 * address keeps only its region and the order note goes.
 */
export async function pseudonymiseOrders(ctx: Ctx, memberIds: string[]): Promise<number> {
  if (memberIds.length === 0) return 0;
  const rows = await ctx.tx
    .update(orders)
    .set({ address: sql`case when ${orders.address} is null then null else jsonb_build_object('name', '', 'phone', '', 'region', ${orders.address}->>'region', 'detail', '') end`, note: '' })
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.memberId} = any(${sql.param(memberIds)}::text[])`))
    .returning({ id: orders.id });
  return rows.length;
}

/** Paid orders (not fully refunded) placed through each referral code (a sharer's links): code → orders. */
export async function paidOrdersByReferralCode(ctx: Ctx): Promise<Map<string, number>> {
  const rows = await ctx.tx
    .select({ code: orders.referralCode, n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.referralCode} is not null`, sql`${orders.paidAt} is not null`, sql`${orders.status} not in ('refunded', 'canceled')`))
    .groupBy(orders.referralCode);
  return new Map(rows.map((r) => [r.code!, r.n]));
}
