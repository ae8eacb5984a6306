import { and, asc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { insertUnnest, unnestInsert, type Write } from '../../../platform/db';
import { emit, emitMany } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { ORDER_ENTITY, OrderErrors } from '../orders.errors';
import { orderEvents, orderLines, orders, type OrderStatus } from '../orders.schema';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;

/** The order state machine: which status may follow which. Partial refunds keep the status. */
export const TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  pending_payment: ['paid', 'canceled'],
  paid: ['fulfilling', 'ready_for_pickup', 'shipped', 'refunded'],
  fulfilling: ['ready_for_pickup', 'shipped', 'refunded'],
  ready_for_pickup: ['completed', 'refunded'],
  shipped: ['completed', 'refunded'],
  completed: ['refunded'],
  canceled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

const orderKey = (ctx: Ctx, id: string) => and(eq(orders.tenantId, ctx.tenantId), eq(orders.id, id));

/** Locks an order row for a state change; 404 when it is not this tenant's. */
export async function lockOrder(ctx: Ctx, id: string): Promise<OrderRow> {
  const [row] = await ctx.tx.select().from(orders).where(orderKey(ctx, id)).limit(1).for('update');
  if (!row) throw notFound(ORDER_ENTITY);
  return row;
}

export async function loadLines(ctx: Ctx, orderIds: string[]): Promise<Map<string, LineRow[]>> {
  const out = new Map<string, LineRow[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return out;
  const rows = await ctx.tx
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, ctx.tenantId), sql`${orderLines.orderId} = any(${sql.param(orderIds)}::text[])`))
    .orderBy(asc(orderLines.id));
  for (const r of rows) out.get(r.orderId)?.push(r);
  return out;
}

/**
 * Moves an order from one status to another along the state machine, recording the step in the
 * timeline. The update is conditional on the status read, so two racing changes cannot both apply.
 */
export async function transition(ctx: Ctx, order: OrderRow, to: OrderStatus, note: string, set: Partial<typeof orders.$inferInsert> = {}): Promise<OrderRow> {
  if (!canTransition(order.status, to)) throw new AppError(OrderErrors.invalid_transition, { params: { from: order.status, to } });
  const now = new Date();
  if (to === 'completed' && !set.completedAt) set = { ...set, completedAt: now };
  const [after] = await ctx.tx
    .update(orders)
    .set({ ...set, status: to, updatedAt: now })
    .where(and(orderKey(ctx, order.id), eq(orders.status, order.status)))
    .returning();
  if (!after) throw new AppError(OrderErrors.invalid_transition, { params: { from: order.status, to } });
  await recordEvent(ctx, order.id, order.status, to, note);
  if (!['paid', 'canceled', 'refunded'].includes(to)) await emit(ctx, 'order.status_changed', { orderId: order.id, from: order.status, to });
  if (to === 'completed') await emit(ctx, 'order.completed', { orderId: order.id, campaignId: order.campaignId, memberId: order.memberId, completedAt: (after.completedAt ?? now).toISOString() });
  return after;
}

export async function recordEvent(ctx: Ctx, orderId: string, from: string | null, to: string, note: string): Promise<void> {
  await ctx.tx.insert(orderEvents).values({ tenantId: ctx.tenantId, id: newId('orderEvent'), orderId, fromStatus: from, toStatus: to, note, actorType: ctx.actor.type, actorId: ctx.actor.id });
}

export interface NewOrder {
  memberId: string;
  campaignId: string;
  orgUnitId: string | null;
  sellerId: string;
  warehouseId: string;
  fulfilment: 'pickup' | 'delivery';
  address: OrderRow['address'];
  note: string;
  referralCode: string | null;
  groupId?: string | null;
  pickupPointId?: string | null;
  pickupLeaderId?: string | null;
  expiresAt: Date;
  lines: Array<{ campaignItemId: string; skuId: string; title: string; specs: Record<string, string>; unitPriceFen: number; quantity: number }>;
}

/**
 * Pending orders, their lines and the first step of their timelines for a whole checkout batch:
 * three multi-row inserts, built but not run, for the caller to run with the batch's other writes
 * (`runTogether`) in its transaction. The rows come back as they will be written.
 */
export function newOrderWrites(ctx: Ctx, inputs: Array<NewOrder & { actorType: string }>): { created: Array<{ order: OrderRow; lines: LineRow[]; eventAt: Date }>; writes: Write[] } {
  if (inputs.length === 0) return { created: [], writes: [] };
  const now = new Date();
  const prepared = inputs.map((input) => {
    const id = newId('order');
    const lines = input.lines.map((l) => ({ tenantId: ctx.tenantId, id: newId('orderLine'), orderId: id, ...l, lineTotalFen: l.unitPriceFen * l.quantity, refundedQuantity: 0, refundedFen: 0 }));
    const order = {
      tenantId: ctx.tenantId,
      id,
      memberId: input.memberId,
      campaignId: input.campaignId,
      orgUnitId: input.orgUnitId,
      sellerId: input.sellerId,
      warehouseId: input.warehouseId,
      status: 'pending_payment' as const,
      fulfilment: input.fulfilment,
      address: input.address,
      note: input.note,
      totalFen: lines.reduce((s, l) => s + l.lineTotalFen, 0),
      paidFen: 0,
      refundedFen: 0,
      referralCode: input.referralCode,
      groupId: input.groupId ?? null,
      pickupPointId: input.pickupPointId ?? null,
      pickupLeaderId: input.pickupLeaderId ?? null,
      expiresAt: input.expiresAt,
      placedAt: now,
      paidAt: null,
      canceledAt: null,
      cancelReason: null,
      completedAt: null,
      updatedAt: now,
    };
    return { order, lines, actorType: input.actorType, actorId: input.memberId };
  });
  // One parameter per column (unnest), not one per cell: a checkout batch writes dozens of orders at
  // once, and building a multi-row VALUES list was a large share of the server's CPU under load.
  const os = prepared.map((p) => p.order);
  const col = <K extends keyof (typeof os)[number]>(name: string, type: 'text' | 'int' | 'timestamptz' | 'jsonb', key: K) => ({ name, type, values: os.map((o) => o[key]) });
  const orderInsert = unnestInsert(ctx.tx, 'orders', [
    col('tenant_id', 'text', 'tenantId'),
    col('id', 'text', 'id'),
    col('member_id', 'text', 'memberId'),
    col('campaign_id', 'text', 'campaignId'),
    col('org_unit_id', 'text', 'orgUnitId'),
    col('seller_id', 'text', 'sellerId'),
    col('warehouse_id', 'text', 'warehouseId'),
    col('status', 'text', 'status'),
    col('fulfilment', 'text', 'fulfilment'),
    col('address', 'jsonb', 'address'),
    col('note', 'text', 'note'),
    col('total_fen', 'int', 'totalFen'),
    col('paid_fen', 'int', 'paidFen'),
    col('refunded_fen', 'int', 'refundedFen'),
    col('referral_code', 'text', 'referralCode'),
    col('group_id', 'text', 'groupId'),
    col('pickup_point_id', 'text', 'pickupPointId'),
    col('pickup_leader_id', 'text', 'pickupLeaderId'),
    col('expires_at', 'timestamptz', 'expiresAt'),
    col('placed_at', 'timestamptz', 'placedAt'),
    col('updated_at', 'timestamptz', 'updatedAt'),
  ]);
  const ls = prepared.flatMap((p) => p.lines);
  const lineInsert = unnestInsert(ctx.tx, 'order_lines', [
    { name: 'tenant_id', type: 'text', values: ls.map((l) => l.tenantId) },
    { name: 'id', type: 'text', values: ls.map((l) => l.id) },
    { name: 'order_id', type: 'text', values: ls.map((l) => l.orderId) },
    { name: 'campaign_item_id', type: 'text', values: ls.map((l) => l.campaignItemId) },
    { name: 'sku_id', type: 'text', values: ls.map((l) => l.skuId) },
    { name: 'title', type: 'text', values: ls.map((l) => l.title) },
    { name: 'specs', type: 'jsonb', values: ls.map((l) => l.specs) },
    { name: 'unit_price_fen', type: 'int', values: ls.map((l) => l.unitPriceFen) },
    { name: 'quantity', type: 'int', values: ls.map((l) => l.quantity) },
    { name: 'line_total_fen', type: 'int', values: ls.map((l) => l.lineTotalFen) },
  ]);
  const eventInsert = unnestInsert(ctx.tx, 'order_events', [
    { name: 'tenant_id', type: 'text', values: prepared.map(() => ctx.tenantId) },
    { name: 'id', type: 'text', values: prepared.map(() => newId('orderEvent')) },
    { name: 'order_id', type: 'text', values: prepared.map((p) => p.order.id) },
    { name: 'to_status', type: 'text', values: prepared.map(() => 'pending_payment') },
    { name: 'actor_type', type: 'text', values: prepared.map((p) => p.actorType) },
    { name: 'actor_id', type: 'text', values: prepared.map((p) => p.actorId) },
    { name: 'created_at', type: 'timestamptz', values: prepared.map(() => now) },
  ]);
  return {
    created: prepared.map((p) => ({ order: p.order, lines: p.lines, eventAt: now })),
    writes: [orderInsert, lineInsert, eventInsert].map((q) => q && { sql: q }),
  };
}

/** Orders by id (no access check: for other modules' read models and consumers). */
export async function ordersByIds(ctx: Ctx, ids: string[]): Promise<Map<string, OrderRow>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Moves many orders from one status to another in three statements (the update, the timeline
 * steps, the events), for fulfilment's batches. Only orders still in `from` move; their ids come back.
 * Not for `completed` (its own event carries each order's figures).
 */
export async function transitionMany(ctx: Ctx, orderIds: string[], from: OrderStatus, to: Exclude<OrderStatus, 'completed'>, note: string): Promise<string[]> {
  if (orderIds.length === 0) return [];
  if (!canTransition(from, to)) throw new AppError(OrderErrors.invalid_transition, { params: { from, to } });
  const moved = await ctx.tx
    .update(orders)
    .set({ status: to, updatedAt: new Date() })
    .where(and(eq(orders.tenantId, ctx.tenantId), sql`${orders.id} = any(${sql.param(orderIds)}::text[])`, eq(orders.status, from)))
    .returning({ id: orders.id });
  const ids = moved.map((m) => m.id);
  await insertUnnest(ctx.tx, 'order_events', [
    { name: 'tenant_id', type: 'text', values: ids.map(() => ctx.tenantId) },
    { name: 'id', type: 'text', values: ids.map(() => newId('orderEvent')) },
    { name: 'order_id', type: 'text', values: ids },
    { name: 'from_status', type: 'text', values: ids.map(() => from) },
    { name: 'to_status', type: 'text', values: ids.map(() => to) },
    { name: 'note', type: 'text', values: ids.map(() => note) },
    { name: 'actor_type', type: 'text', values: ids.map(() => ctx.actor.type) },
    { name: 'actor_id', type: 'text', values: ids.map(() => ctx.actor.id) },
  ]);
  if (!['paid', 'canceled', 'refunded'].includes(to)) await emitMany(ctx, ids.map((orderId) => ({ type: 'order.status_changed' as const, payload: { orderId, from, to } })));
  return ids;
}
