import type { Consumer, OutboxEvent } from '../../platform/consumers';
import type { DomainEvents } from '../../platform/events';
import { markDirty } from './services/queue';
import { ensureProfiles, profileIdsOf } from './services/refresh';
import { appendEvents, type NewTimelineEvent } from './services/timeline';

type Payload<K extends keyof DomainEvents> = DomainEvents[K];

/** Timeline entries a domain event becomes: who it happened to, what, and about what. */
export function timelineOf(event: OutboxEvent): NewTimelineEvent[] {
  const at = event.createdAt;
  const base = { occurredAt: at, origin: 'domain' as const, clientEventId: `outbox:${event.id}` };
  switch (event.type) {
    case 'member.registered': {
      const p = event.payload as Payload<'member.registered'>;
      return [{ ...base, memberId: p.memberId, type: 'registered', properties: { source: p.source } }];
    }
    case 'members.registered': {
      const p = event.payload as Payload<'members.registered'>;
      return p.members.map((m, i) => ({ ...base, clientEventId: `outbox:${event.id}:${i}`, memberId: m.memberId, type: 'registered', properties: { source: p.source } }));
    }
    case 'order.paid': {
      const p = event.payload as Payload<'order.paid'>;
      return [{ ...base, memberId: p.memberId, type: 'order_paid', subjectId: p.orderId, properties: { campaignId: p.campaignId, paidFen: p.paidFen } }];
    }
    case 'order.refunded': {
      const p = event.payload as Payload<'order.refunded'>;
      return [{ ...base, memberId: p.memberId, type: 'order_refunded', subjectId: p.orderId, properties: { campaignId: p.campaignId, amountFen: p.amountFen, full: p.full } }];
    }
    case 'order.completed': {
      const p = event.payload as Payload<'order.completed'>;
      return [{ ...base, memberId: p.memberId, type: 'order_completed', subjectId: p.orderId, properties: { campaignId: p.campaignId } }];
    }
    case 'group.member_joined': {
      const p = event.payload as Payload<'group.member_joined'>;
      return [{ ...base, memberId: p.memberId, type: 'joined_group', channel: 'community', subjectId: p.groupId, properties: { source: p.source, eventName: p.eventName, referrerId: p.referrerId, rejoined: p.rejoined } }];
    }
    case 'group.members_joined': {
      const p = event.payload as Payload<'group.members_joined'>;
      return p.memberIds.map((memberId, i) => ({ ...base, clientEventId: `outbox:${event.id}:${i}`, memberId, type: 'joined_group', channel: 'community', subjectId: p.groupId, properties: { source: p.source, importId: p.importId } }));
    }
    case 'group.member_status_changed': {
      const p = event.payload as Payload<'group.member_status_changed'>;
      const gone = p.to === 'left' || p.to === 'removed' || p.to === 'banned';
      return [{ ...base, memberId: p.memberId, type: gone ? 'left_group' : 'group_status_changed', channel: 'community', subjectId: p.groupId, properties: { from: p.from, to: p.to, reason: p.reason } }];
    }
    case 'pickup.collected': {
      const p = event.payload as Payload<'pickup.collected'>;
      return [{ ...base, memberId: p.memberId, type: 'pickup_collected', subjectId: p.orderId, properties: { pickupPointId: p.pickupPointId } }];
    }
    default:
      return [];
  }
}

/**
 * The CRM follows the rest of Tuan: each event it cares about lands on the person's timeline and
 * queues their profile, and the refresher recomputes it from the facts (so an event's payload is
 * never the only record of anything).
 */
export const crmConsumer: Consumer = {
  name: 'crm',
  types: ['member.registered', 'members.registered', 'order.placed', 'order.paid', 'order.refunded', 'order.completed', 'group.member_joined', 'group.members_joined', 'group.member_status_changed', 'pickup.collected', 'referral.bound'],
  async handle(ctx, event) {
    const entries = timelineOf(event);
    if (entries.length) {
      await appendEvents(ctx, entries);
      return;
    }
    // Events that change facts without a timeline entry of their own.
    const memberId = (event.payload as { memberId?: string }).memberId;
    if (!memberId) return;
    await ensureProfiles(ctx, [memberId]);
    await markDirty(ctx, [...(await profileIdsOf(ctx, [memberId])).values()]);
  },
};
