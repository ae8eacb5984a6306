import type { Ctx } from './context';
import { newId } from './ids';
import { insertUnnest, unnestInsert, type Write } from './db';
import { outboxEvents } from './platform.schema';

/** Typed domain events; modules add theirs here as they land. */
export interface DomainEvents {
  'product.created': { productId: string };
  'product.updated': { productId: string; changes: string[] };
  'sku.created': { skuId: string; productId: string };
  'sku.updated': { skuId: string; productId: string };
  'stock.adjusted': { warehouseId: string; skuId: string; delta: number; quantityAfter: number };
  'member.registered': { memberId: string; phone: string; source: string };
  /** Many members registered at once (an import): one event for the batch, not one per member. */
  'members.registered': { source: string; members: Array<{ memberId: string; phone: string }> };
  'user.created': { userId: string; role: string };
  'campaign.published': { campaignId: string };
  'campaign.succeeded': { campaignId: string; participants: number; units: number };
  'campaign.failed': { campaignId: string; participants: number; units: number; threshold: { kind: string; value: number } };
  'campaign.canceled': { campaignId: string };
  'order.placed': { orderId: string; campaignId: string; memberId: string; totalFen: number; referralCode: string | null; lines: Array<{ lineId: string; skuId: string; quantity: number; lineTotalFen: number }> };
  'order.paid': { orderId: string; campaignId: string; memberId: string; paidFen: number; paymentId: string };
  'order.canceled': { orderId: string; campaignId: string; memberId: string; reason: string };
  'order.refunded': { orderId: string; campaignId: string; memberId: string; refundId: string; amountFen: number; full: boolean; lines: Array<{ lineId: string; quantity: number; amountFen: number }> };
  'order.completed': { orderId: string; campaignId: string; memberId: string; completedAt: string };
  'order.status_changed': { orderId: string; from: string; to: string };
  'group.member_joined': { groupId: string; memberId: string; source: string; eventName: string; referrerType: 'user' | 'member' | null; referrerId: string | null; inviteId: string | null; rejoined: boolean };
  /** Many members joined a group at once (an import chunk). */
  'group.members_joined': { groupId: string; source: string; importId: string | null; memberIds: string[]; rejoinedIds: string[] };
  'group.member_status_changed': { groupId: string; memberId: string; from: string; to: string; reason: string };
  'picking_list.created': { listId: string; campaignId: string; pickupPointId: string; orders: number };
  'picking_list.dispatched': { listId: string; campaignId: string; pickupPointId: string; orders: number };
  'pickup.ready': { orderId: string; memberId: string; pickupPointId: string; listId: string };
  'pickup.collected': { orderId: string; memberId: string; pickupPointId: string };
  'shipment.created': { shipmentId: string; orderId: string; carrier: string; trackingNumber: string };
  'group.announcement': { groupId: string; externalGroupId: string | null; announcementId: string; text: string };
  'group.status_changed': { groupId: string; externalGroupId: string | null; from: string; to: string };
  'playbook.operator_notified': { groupId: string; playbookId: string; runId: string; text: string; by: string };
  /** A member was first tied to whoever invited them (the referral tree gained an edge). */
  'referral.bound': { memberId: string; invitedBy: string };
  'leader.approved': { leaderId: string; userId: string; memberId: string | null };
}

/**
 * Writes a domain event to the outbox in the caller's transaction: the event exists if and only if
 * the change it reports committed. Subscribers read the outbox after commit.
 */
export async function emit<K extends keyof DomainEvents>(ctx: Ctx, type: K, payload: DomainEvents[K]): Promise<string> {
  const id = newId('event');
  await ctx.tx.insert(outboxEvents).values({ tenantId: ctx.tenantId, id, type, payload: payload as Record<string, unknown> });
  return id;
}

/** Writes several events in one statement, in the caller's transaction (a checkout batch). */
export async function emitMany(ctx: Ctx, events: EventList): Promise<void> {
  if (events.length === 0) return;
  if (events.length === 1) {
    await ctx.tx.insert(outboxEvents).values({ tenantId: ctx.tenantId, id: newId('event'), type: events[0]!.type, payload: events[0]!.payload as Record<string, unknown> });
    return;
  }
  await insertUnnest(ctx.tx, 'outbox_events', eventColumns(ctx, events));
}

type EventList = Array<{ [K in keyof DomainEvents]: { type: K; payload: DomainEvents[K] } }[keyof DomainEvents]>;

/** `emitMany`'s statement, built but not run: for `runTogether` with the writes the events report. */
export function eventsWrite(ctx: Ctx, events: EventList): Write {
  const q = unnestInsert(ctx.tx, 'outbox_events', eventColumns(ctx, events));
  return q && { sql: q };
}

function eventColumns(ctx: Ctx, events: EventList) {
  return [
    { name: 'tenant_id', type: 'text' as const, values: events.map(() => ctx.tenantId) },
    { name: 'id', type: 'text' as const, values: events.map(() => newId('event')) },
    { name: 'type', type: 'text' as const, values: events.map((e) => e.type) },
    { name: 'payload', type: 'jsonb' as const, values: events.map((e) => e.payload) },
  ];
}
