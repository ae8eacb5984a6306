import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inRetriedTransaction, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError, notFound } from '../../../platform/errors';
import { CrmErrors, PROFILE_ENTITY } from '../crm.errors';
import type { ZMergePreview, ZProfile } from '../crm.validators';
import { requireCrm, visibleProfiles } from './access';
import { PROFILE_SUMMARY_COLUMNS, getProfile, summaryOf, type SummaryRow } from './profiles';
import { mirrorContactConsent } from './consent';
import { markDirty } from './queue';
import { refreshProfiles } from './refresh';
import { leaveSegments } from './rules';
import { appendEvents } from './timeline';

interface Pair {
  target: SummaryRow & { status: string; group_ids: string[] };
  source: SummaryRow & { status: string; group_ids: string[] };
}

async function loadPair(ctx: Ctx, input: { targetId: string; sourceId: string }, lock: boolean): Promise<Pair> {
  if (input.targetId === input.sourceId) throw new AppError(CrmErrors.merge_same_profile, { errors: [{ path: 'sourceId', message: 'same as targetId' }] });
  const rows = await queryRows<Pair['target']>(
    ctx.tx,
    sql`select ${PROFILE_SUMMARY_COLUMNS}, p.status, p.group_ids from crm_profiles p where ${visibleProfiles(ctx)} and p.id = any(${sql.param([input.targetId, input.sourceId])}::text[]) order by p.id ${lock ? sql`for update` : sql``}`,
  );
  const target = rows.find((r) => r.id === input.targetId);
  const source = rows.find((r) => r.id === input.sourceId);
  if (!target) throw notFound(PROFILE_ENTITY, [{ path: 'targetId', message: 'no such profile' }]);
  if (!source) throw notFound(PROFILE_ENTITY, [{ path: 'sourceId', message: 'no such profile' }]);
  for (const [path, p] of [['targetId', target], ['sourceId', source]] as const) {
    if (p.status !== 'active') throw new AppError(CrmErrors.profile_not_active, { params: { status: p.status }, errors: [{ path, message: p.status }] });
  }
  return { target, source };
}

/** What merging `sourceId` into `targetId` would move, and the totals after: shown before anyone confirms. */
export async function previewMerge(ctx: Ctx, input: { targetId: string; sourceId: string }): Promise<z.infer<typeof ZMergePreview>> {
  requireCrm(ctx);
  const { target, source } = await loadPair(ctx, input, false);
  const [counts] = await queryRows<{ events: number; identities: number }>(
    ctx.tx,
    sql`select (select count(*) from crm_events where tenant_id = ${ctx.tenantId} and profile_id = ${source.id})::int as events,
               (select count(*) from crm_identities where tenant_id = ${ctx.tenantId} and profile_id = ${source.id})::int as identities`,
  );
  return {
    target: summaryOf(ctx, target),
    source: summaryOf(ctx, source),
    moves: { events: counts!.events, identities: counts!.identities, orders: source.order_count, groups: source.group_ids.length, tags: source.tag_ids.filter((t) => !target.tag_ids.includes(t)).length },
    after: {
      orderCount: target.order_count + source.order_count,
      spendFen: Number(target.spend_fen) + Number(source.spend_fen),
      tagIds: [...new Set([...target.tag_ids, ...source.tag_ids])],
      groupIds: [...new Set([...target.group_ids, ...source.group_ids])],
    },
  };
}

/**
 * Merges a duplicate profile into the one that stays. Nothing is deleted: the source's events,
 * external ids and manual tags move to the target; its orders and group memberships count for the
 * target from now on (they stay recorded under the member who made them); the source's row stays,
 * marked merged, so its links and later events resolve to the target.
 */
export async function mergeProfiles(ctx: Ctx, input: { targetId: string; sourceId: string }): Promise<z.infer<typeof ZProfile>> {
  requireCrm(ctx);
  // A merge locks both profiles, their events and their invitees' rows; the refresher may hold some
  // of them in another order. A deadlock between the two rolls the merge back: it is run again.
  return inRetriedTransaction(ctx, async (ctx) => {
    const { target, source } = await loadPair(ctx, input, true);
    const t = ctx.tenantId;
    await ctx.tx.execute(sql`update crm_events set profile_id = ${target.id} where tenant_id = ${t} and profile_id = ${source.id}`);
    await ctx.tx.execute(sql`update crm_identities set profile_id = ${target.id} where tenant_id = ${t} and profile_id = ${source.id}`);
    await ctx.tx.execute(sql`update crm_profiles set merged_into = ${target.id} where tenant_id = ${t} and merged_into = ${source.id}`);
    await ctx.tx.execute(sql`
      update crm_profiles set tag_ids = array(select distinct unnest(tag_ids || ${sql.param(source.tag_ids)}::text[]) order by 1)
      where tenant_id = ${t} and id = ${target.id}`);
    await leaveSegments(ctx, [source.id]);
    await ctx.tx.execute(sql`update crm_profiles set status = 'merged', merged_into = ${target.id}, tag_ids = '{}', recheck_at = null where tenant_id = ${t} and id = ${source.id}`);
    const invitees = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${t} and referrer_id = ${source.id}`);
    await appendEvents(ctx, [{ memberId: target.id, type: 'merged', occurredAt: new Date(), origin: 'console', subjectId: source.id, properties: { from: source.id, fromName: source.name, by: ctx.actor.name } }]);
    await refreshProfiles(ctx, [target.id]);
    // The person's consent is the profile's that stays; leaders see the merged member's name by it too.
    await mirrorContactConsent(ctx, [target.id]);
    await markDirty(ctx, invitees.map((i) => i.id));
    await audit(ctx, { action: 'crm.profile.merged', entityType: 'crm_profile', entityId: target.id, data: { sourceId: source.id, sourceName: source.name, sourcePhone: source.phone } });
    return getProfile(ctx, target.id);
  });
}
