import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { requireRole, type Ctx } from '../../../platform/context';
import { crmSettings } from '../crm.schema';
import { DEFAULT_LIFECYCLE, ZLifecycleSettings, type LifecycleSettings } from './lifecycle';

/** The tenant's lifecycle thresholds (defaults until an owner sets them). */
export async function lifecycleSettings(ctx: Ctx): Promise<LifecycleSettings> {
  const [row] = await ctx.tx.select({ lifecycle: crmSettings.lifecycle }).from(crmSettings).where(eq(crmSettings.tenantId, ctx.tenantId));
  if (!row) return DEFAULT_LIFECYCLE;
  const parsed = ZLifecycleSettings.safeParse(row.lifecycle);
  return parsed.success ? parsed.data : DEFAULT_LIFECYCLE;
}

/** Sets the lifecycle thresholds; every profile's stage is recomputed by the caller (a full refresh). */
export async function setLifecycleSettings(ctx: Ctx, input: LifecycleSettings): Promise<LifecycleSettings> {
  requireRole(ctx, 'owner', 'system');
  await ctx.tx
    .insert(crmSettings)
    .values({ tenantId: ctx.tenantId, lifecycle: input, updatedBy: ctx.actor.id })
    .onConflictDoUpdate({ target: crmSettings.tenantId, set: { lifecycle: input, updatedAt: new Date(), updatedBy: ctx.actor.id } });
  await audit(ctx, { action: 'crm.lifecycle_settings.set', entityType: 'crm_settings', entityId: ctx.tenantId, data: { ...input } });
  return input;
}
