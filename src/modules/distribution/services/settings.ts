import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { distributionSettings } from '../distribution.schema';
import type { ZSettings, ZSettingsPatch } from '../distribution.validators';
import type { z } from 'zod';

export type Settings = z.infer<typeof ZSettings>;

/** The tenant's distribution rules; the defaults until an owner changes them. */
export async function getSettings(ctx: Ctx): Promise<Settings> {
  const [row] = await ctx.tx.select().from(distributionSettings).where(eq(distributionSettings.tenantId, ctx.tenantId)).limit(1);
  const r = row ?? { bindingMode: 'first_touch' as const, protectionDays: 30, afterSaleDays: 7, level2Enabled: true, membersEarn: false, payoutMinimumFen: 100 };
  return { bindingMode: r.bindingMode, protectionDays: r.protectionDays, afterSaleDays: r.afterSaleDays, level2Enabled: r.level2Enabled, membersEarn: r.membersEarn, payoutMinimumFen: r.payoutMinimumFen };
}

/** Owners change the rules; they apply to orders placed (binding, levels) or paid (accrual) from now on. */
export async function updateSettings(ctx: Ctx, patch: z.infer<typeof ZSettingsPatch>): Promise<Settings> {
  requireRole(ctx, 'owner');
  return inTransaction(ctx, async (ctx) => {
    const before = await getSettings(ctx);
    const next = { ...before, ...patch };
    await ctx.tx
      .insert(distributionSettings)
      .values({ tenantId: ctx.tenantId, ...next, updatedBy: ctx.actor.id, updatedAt: new Date() })
      .onConflictDoUpdate({ target: distributionSettings.tenantId, set: { ...next, updatedBy: ctx.actor.id, updatedAt: new Date() } });
    await audit(ctx, { action: 'distribution.settings_updated', entityType: 'distribution_settings', entityId: ctx.tenantId, data: { before, after: next } });
    return next;
  });
}
