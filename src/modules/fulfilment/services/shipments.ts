import { and, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { shipments, type ShipmentStatus } from '../fulfilment.schema';
import { FulfilmentErrors, SHIPMENT_ENTITY } from '../fulfilment.errors';

export type ShipmentRow = typeof shipments.$inferSelect;

export function shipmentDto(s: ShipmentRow) {
  return { id: s.id, orderId: s.orderId, carrier: s.carrier, trackingNumber: s.trackingNumber, status: s.status, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(), deliveredAt: s.deliveredAt?.toISOString() ?? null };
}

export async function insertShipment(ctx: Ctx, orderId: string, input: { carrier: string; trackingNumber: string }): Promise<ShipmentRow> {
  const [row] = await ctx.tx.insert(shipments).values({ tenantId: ctx.tenantId, id: newId('shipment'), orderId, carrier: input.carrier, trackingNumber: input.trackingNumber, createdBy: ctx.actor.id }).onConflictDoNothing().returning();
  if (!row) throw new AppError(FulfilmentErrors.tracking_taken, { params: { trackingNumber: input.trackingNumber }, errors: [{ path: 'trackingNumber', message: 'already used' }] });
  return row;
}

export async function lockShipment(ctx: Ctx, id: string): Promise<ShipmentRow> {
  const [row] = await ctx.tx.select().from(shipments).where(and(eq(shipments.tenantId, ctx.tenantId), eq(shipments.id, id))).for('update');
  if (!row) throw notFound(SHIPMENT_ENTITY);
  return row;
}

const NEXT: Record<ShipmentStatus, ShipmentStatus[]> = { shipped: ['in_transit', 'delivered', 'returned'], in_transit: ['delivered', 'returned'], delivered: [], returned: [] };

export async function setShipmentStatus(ctx: Ctx, s: ShipmentRow, to: ShipmentStatus): Promise<ShipmentRow> {
  if (!NEXT[s.status].includes(to)) throw new AppError(FulfilmentErrors.shipment_status, { params: { status: s.status, to } });
  const [row] = await ctx.tx
    .update(shipments)
    .set({ status: to, updatedAt: new Date(), ...(to === 'delivered' ? { deliveredAt: new Date() } : {}) })
    .where(and(eq(shipments.tenantId, ctx.tenantId), eq(shipments.id, s.id)))
    .returning();
  return row!;
}

export async function shipmentsOfOrders(ctx: Ctx, orderIds: string[]): Promise<ShipmentRow[]> {
  if (orderIds.length === 0) return [];
  return ctx.tx.select().from(shipments).where(and(eq(shipments.tenantId, ctx.tenantId), sql`${shipments.orderId} = any(${sql.param(orderIds)}::text[])`)).orderBy(desc(shipments.id));
}
