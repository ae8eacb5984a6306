import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { campaignTitles } from '../../campaigns';
import { pickupPointsByIds } from '../../community';
import { getMembersBasic, maskPhone, maskedName } from '../../identity';
import { ordersByIds } from '../../orders';
import { pickingListOrders, pickingLists, pickupCodes } from '../fulfilment.schema';
import { visibleLists } from './access';

/**
 * Orders that arrived at their pickup point more than `days` ago and are still not collected —
 * flagged for the operator (and the leader) to chase. Oldest first.
 */
export async function listUncollected(ctx: Ctx, q: { days: number; limit: number }) {
  const rows = await ctx.tx
    .select({ orderId: pickupCodes.orderId, pickupPointId: pickupCodes.pickupPointId, issuedAt: pickupCodes.issuedAt })
    .from(pickupCodes)
    .innerJoin(pickingListOrders, and(eq(pickingListOrders.tenantId, pickupCodes.tenantId), eq(pickingListOrders.orderId, pickupCodes.orderId)))
    .innerJoin(pickingLists, and(eq(pickingLists.tenantId, pickingListOrders.tenantId), eq(pickingLists.id, pickingListOrders.listId)))
    .where(and(visibleLists(ctx), isNull(pickupCodes.usedAt), sql`${pickupCodes.issuedAt} < now() - make_interval(days => ${q.days})`))
    .orderBy(asc(pickupCodes.issuedAt))
    .limit(q.limit);
  const orders = await ordersByIds(ctx, rows.map((r) => r.orderId));
  const waiting = rows.filter((r) => orders.get(r.orderId)?.status === 'ready_for_pickup');
  const people = await getMembersBasic(ctx, waiting.map((r) => orders.get(r.orderId)!.memberId));
  const points = await pickupPointsByIds(ctx, waiting.map((r) => r.pickupPointId));
  const titles = await campaignTitles(ctx, waiting.map((r) => orders.get(r.orderId)!.campaignId));
  const leader = ctx.actor.role === 'leader';
  return {
    items: waiting.map((r) => {
      const o = orders.get(r.orderId)!;
      const m = people.get(o.memberId) ?? { name: '', phone: '', contactShared: false };
      return {
        orderId: r.orderId,
        campaignTitle: titles.get(o.campaignId) ?? '',
        memberName: leader && !m.contactShared ? maskedName(m) : m.name,
        phone: ctx.actor.role === 'owner' || ctx.actor.role === 'system' ? m.phone : maskPhone(m.phone),
        pickupPointId: r.pickupPointId,
        pickupPointName: points.get(r.pickupPointId)?.name ?? '',
        leaderName: points.get(r.pickupPointId)?.leaderName ?? '',
        arrivedAt: r.issuedAt.toISOString(),
        daysWaiting: Math.floor((Date.now() - r.issuedAt.getTime()) / 86_400_000),
      };
    }),
  };
}
