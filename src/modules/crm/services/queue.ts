import { sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';

// The refresher's queue (crm_dirty). Writers add profiles in their own transaction; the refresher
// (refresh.ts) claims and drains them.

/**
 * The condition that a profile is not waiting in the queue already. Rows a refresher has claimed
 * (deleted, not yet committed) are locked and skipped, so a change made while its profile is being
 * refreshed queues it again rather than being lost; rows still waiting are key-share locked, so no
 * refresher takes them before this change commits. Never waits on a refresher.
 */
export function notQueued(tenantId: SQL, profileId: SQL): SQL {
  return sql`not exists (select 1 from crm_dirty d where d.tenant_id = ${tenantId} and d.profile_id = ${profileId} for key share skip locked)`;
}

/** Queues profiles for the refresher (in the caller's transaction, so a rolled-back change queues nothing). */
export async function markDirty(ctx: Ctx, profileIds: string[]): Promise<void> {
  const ids = [...new Set(profileIds)];
  if (ids.length === 0) return;
  await ctx.tx.execute(
    sql`insert into crm_dirty (tenant_id, profile_id)
        select ${ctx.tenantId}, x.id from unnest(${sql.param(ids)}::text[]) as x(id) where ${notQueued(sql`${ctx.tenantId}`, sql`x.id`)}`,
  );
}

/** Queues every active profile of the tenant (settings that change every profile's projection). */
export async function markAllDirty(ctx: Ctx): Promise<void> {
  await ctx.tx.execute(
    sql`insert into crm_dirty (tenant_id, profile_id)
        select p.tenant_id, p.id from crm_profiles p
        where p.tenant_id = ${ctx.tenantId} and p.status = 'active' and ${notQueued(sql`p.tenant_id`, sql`p.id`)}`,
  );
}
