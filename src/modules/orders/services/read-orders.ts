import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { AppError, CommonErrors, notFound } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { campaignTitles } from '../../campaigns';
import { getMembersBasic, maskPhone, maskedName } from '../../identity';
import { ORDER_ENTITY } from '../orders.errors';
import { orderEvents, orderLines, orders } from '../orders.schema';
import type { OrderDto, OrderSummaryDto } from '../orders.validators';
import { loadLines, type LineRow, type OrderRow } from './order-store';

/** Orders an actor may see: members their own; owners all; operators their org units'; leaders the sales they run. */
export function visibleOrders(ctx: Ctx): SQL[] {
  const conds: SQL[] = [eq(orders.tenantId, ctx.tenantId)];
  const a = ctx.actor;
  if (a.type === 'member') conds.push(eq(orders.memberId, a.id));
  else if (a.type === 'system') return conds;
  else {
    requireRole(ctx, 'owner', 'operator', 'leader');
    // A leader sees the sales they run and the orders collected at their pickup points.
    if (a.role === 'leader') conds.push(or(eq(orders.sellerId, a.id), eq(orders.pickupLeaderId, a.id))!);
    else if (!a.scope.all) conds.push(or(isNull(orders.orgUnitId), sql`${orders.orgUnitId} = any(${sql.param(a.scope.orgUnitIds)}::text[])`)!);
  }
  return conds;
}

/** The JSON shape of an order line. */
export function lineDto(l: LineRow) {
  return {
    id: l.id,
    campaignItemId: l.campaignItemId,
    skuId: l.skuId,
    title: l.title,
    specs: l.specs,
    unitPriceFen: l.unitPriceFen,
    quantity: l.quantity,
    lineTotalFen: l.lineTotalFen,
    refundedQuantity: l.refundedQuantity,
    refundedFen: l.refundedFen,
  };
}

/** Full phone numbers only for owners and the member themselves; everyone else sees 138****0001. */
function phoneFor(ctx: Ctx, phone: string): string {
  return ctx.actor.role === 'owner' || ctx.actor.role === 'member' || ctx.actor.role === 'system' ? phone : maskPhone(phone);
}

async function summaries(ctx: Ctx, rows: OrderRow[]): Promise<OrderSummaryDto[]> {
  const lines = await loadLines(ctx, rows.map((r) => r.id));
  const members = await getMembersBasic(ctx, rows.map((r) => r.memberId));
  const titles = await campaignTitles(ctx, rows.map((r) => r.campaignId));
  return rows.map((o) => orderSummaryDto(o, lines.get(o.id) ?? [], { campaignTitle: titles.get(o.campaignId) ?? '', memberPhone: phoneFor(ctx, members.get(o.memberId)?.phone ?? '') }));
}

/** The JSON shape of an order without its timeline, from its row, lines and labels. */
export function orderSummaryDto(o: OrderRow, lines: LineRow[], labels: { campaignTitle: string; memberPhone: string }): OrderSummaryDto {
  return {
    id: o.id,
    campaignId: o.campaignId,
    campaignTitle: labels.campaignTitle,
    memberId: o.memberId,
    memberPhone: labels.memberPhone,
    status: o.status,
    fulfilment: o.fulfilment,
    address: o.address,
    note: o.note,
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    refundedFen: o.refundedFen,
    referralCode: o.referralCode,
    groupId: o.groupId,
    pickupPointId: o.pickupPointId,
    placedAt: o.placedAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    paidAt: o.paidAt?.toISOString() ?? null,
    canceledAt: o.canceledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    lines: lines.map(lineDto),
  };
}

/** One order with its lines and status timeline; 404 unless the actor may see it. */
export async function getOrder(ctx: Ctx, id: string): Promise<OrderDto> {
  const [row] = await ctx.tx.select().from(orders).where(and(...visibleOrders(ctx), eq(orders.id, id))).limit(1);
  if (!row) throw notFound(ORDER_ENTITY);
  const [summary] = await summaries(ctx, [row]);
  const events = await ctx.tx.select().from(orderEvents).where(and(eq(orderEvents.tenantId, ctx.tenantId), eq(orderEvents.orderId, id))).orderBy(asc(orderEvents.id));
  return { ...summary!, timeline: events.map((e) => ({ from: e.fromStatus, to: e.toStatus, note: e.note, actorType: e.actorType, at: e.createdAt.toISOString() })) };
}

export interface OrderFilter {
  limit: number;
  cursor?: string | undefined;
  campaignId?: string | undefined;
  status?: OrderRow['status'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  memberId?: string | undefined;
}

function filterConds(ctx: Ctx, q: OrderFilter): SQL[] {
  const conds = visibleOrders(ctx);
  if (q.campaignId) conds.push(eq(orders.campaignId, q.campaignId));
  if (q.status) conds.push(eq(orders.status, q.status));
  if (q.from) conds.push(gte(orders.placedAt, new Date(q.from)));
  if (q.to) conds.push(lt(orders.placedAt, new Date(q.to)));
  if (q.memberId) conds.push(eq(orders.memberId, q.memberId));
  return conds;
}

/** Orders, newest first, filtered by campaign, status, member and placement time. */
export async function listOrders(ctx: Ctx, q: OrderFilter): Promise<Page<OrderSummaryDto>> {
  const conds = filterConds(ctx, q);
  if (q.cursor) conds.push(lt(orders.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(orders).where(and(...conds)).orderBy(desc(orders.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await summaries(ctx, page.items), nextCursor: page.nextCursor };
}

/** Every order matching a filter, in batches, for export. */
export async function* iterateOrders(ctx: Ctx, q: Omit<OrderFilter, 'limit' | 'cursor'>, batch = 500): AsyncGenerator<OrderSummaryDto[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listOrders(ctx, { ...q, limit: batch, cursor });
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * The 接龙 list of a campaign: paid orders in the order they were paid, numbered from 1, with
 * masked names. Public: no access check beyond the tenant.
 */
export async function listCampaignEntries(ctx: Ctx, campaignId: string, q: { limit: number; cursor?: string | undefined; groupId?: string | undefined }) {
  const conds: SQL[] = [eq(orders.tenantId, ctx.tenantId), eq(orders.campaignId, campaignId), inArray(orders.status, PAID_STATUSES)];
  if (q.groupId) conds.push(eq(orders.groupId, q.groupId));
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor, 2);
    conds.push(sql`(${orders.paidAt}, ${orders.id}) > (${new Date(String(at))}, ${String(id)})`);
  }
  const rows = await ctx.tx.select().from(orders).where(and(...conds)).orderBy(asc(orders.paidAt), asc(orders.id)).limit(q.limit + 1);
  const kept = rows.slice(0, q.limit);
  // The sequence number is the count of earlier entries, so pages number on from where they left.
  let seq = 0;
  if (kept[0]) {
    const [c] = await ctx.tx
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(eq(orders.tenantId, ctx.tenantId), eq(orders.campaignId, campaignId), inArray(orders.status, PAID_STATUSES), ...(q.groupId ? [eq(orders.groupId, q.groupId)] : []), sql`(${orders.paidAt}, ${orders.id}) < (${kept[0].paidAt}, ${kept[0].id})`));
    seq = Number(c?.n ?? 0);
  }
  const lines = await loadLines(ctx, kept.map((r) => r.id));
  const members = await getMembersBasic(ctx, kept.map((r) => r.memberId));
  const page = toPage(rows, q.limit, (r) => [r.paidAt!.toISOString(), r.id]);
  return {
    items: kept.map((o) => ({
      seq: ++seq,
      name: maskedName(members.get(o.memberId) ?? { name: '', phone: '' }),
      items: (lines.get(o.id) ?? []).map((l) => ({ title: l.title, quantity: l.quantity })),
      at: o.paidAt!.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

export const PAID_STATUSES: OrderRow['status'][] = ['paid', 'fulfilling', 'ready_for_pickup', 'shipped', 'completed'];

export interface CampaignSales {
  participants: number;
  paidOrders: number;
  unitsSold: number;
  gmvFen: number;
}

/** Sales figures per campaign: paying members, paid orders, units and GMV (paid minus refunded). */
export async function campaignSales(ctx: Ctx, campaignIds: string[]): Promise<Map<string, CampaignSales>> {
  const out = new Map<string, CampaignSales>(campaignIds.map((id) => [id, { participants: 0, paidOrders: 0, unitsSold: 0, gmvFen: 0 }]));
  if (campaignIds.length === 0) return out;
  const paidOrRefunded = [...PAID_STATUSES, 'refunded' as const];
  const rows = await ctx.tx
    .select({
      campaignId: orders.campaignId,
      participants: sql<number>`count(distinct ${orders.memberId}) filter (where ${orders.status} <> 'refunded')::int`,
      paidOrders: sql<number>`count(*) filter (where ${orders.status} <> 'refunded')::int`,
      gmvFen: sql<number>`coalesce(sum(${orders.paidFen} - ${orders.refundedFen}), 0)::bigint`,
    })
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.campaignId} = any(${sql.param(campaignIds)}::text[])`, inArray(orders.status, paidOrRefunded)))
    .groupBy(orders.campaignId);
  for (const r of rows) out.set(r.campaignId, { participants: Number(r.participants), paidOrders: Number(r.paidOrders), unitsSold: 0, gmvFen: Number(r.gmvFen) });
  const units = await ctx.tx
    .select({ campaignId: orders.campaignId, units: sql<number>`coalesce(sum(${orderLines.quantity} - ${orderLines.refundedQuantity}), 0)::int` })
    .from(orderLines)
    .innerJoin(orders, and(eq(orders.tenantId, orderLines.tenantId), eq(orders.id, orderLines.orderId)))
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.campaignId} = any(${sql.param(campaignIds)}::text[])`, inArray(orders.status, PAID_STATUSES)))
    .groupBy(orders.campaignId);
  for (const u of units) out.get(u.campaignId)!.unitsSold = Number(u.units);
  return out;
}

/**
 * Who may change an order (refund, cancel, fulfil), beyond seeing it: owners any; operators those
 * of campaigns in their org units (brand-wide campaigns' orders are the owners'); leaders those of
 * their own campaigns; members their own.
 */
export function assertCanManageOrder(ctx: Ctx, order: Pick<OrderRow, 'orgUnitId' | 'sellerId' | 'memberId'>): void {
  const a = ctx.actor;
  if (a.type === 'system' || a.role === 'owner') return;
  if (a.type === 'member' && order.memberId === a.id) return;
  // A pickup point's leader sees the orders collected there but changes them only through
  // fulfilment (arrival, the pickup code), never directly.
  if (a.role === 'leader' && order.sellerId === a.id) return;
  if (a.role === 'operator' && (a.type === 'user' || a.type === 'token') && (a.scope.all || (order.orgUnitId !== null && a.scope.orgUnitIds.includes(order.orgUnitId)))) return;
  throw new AppError(CommonErrors.forbidden);
}
