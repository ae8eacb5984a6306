import { and, asc, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { CatalogErrors } from '../catalog.errors';
import { memberTiers } from '../catalog.schema';
import type { z } from 'zod';
import type { ZTier } from '../catalog.validators';

export type TierDto = z.infer<typeof ZTier>;

/** The tenant's member tiers, lowest rank first. */
export async function listMemberTiers(ctx: Ctx): Promise<TierDto[]> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const rows = await ctx.tx.select().from(memberTiers).where(eq(memberTiers.tenantId, ctx.tenantId)).orderBy(asc(memberTiers.rank));
  return rows.map((r) => ({ id: r.id, name: r.name, rank: r.rank }));
}

/** Defines a named tier level (e.g. 银卡, 金卡). Owners only. */
export async function createMemberTier(ctx: Ctx, input: { name: string; rank: number }): Promise<TierDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const id = newId('tier');
    const [row] = await ctx.tx.insert(memberTiers).values({ tenantId: ctx.tenantId, id, name: input.name, rank: input.rank }).onConflictDoNothing().returning();
    if (!row) throw new AppError(CatalogErrors.tier_name_taken, { params: { name: input.name }, errors: [{ path: 'name', message: 'name or rank already used' }] });
    await audit(ctx, { action: 'member_tier.created', entityType: 'member_tier', entityId: id, data: input });
    return { id: row.id, name: row.name, rank: row.rank };
  });
}

/** Throws 404 naming the first tier id that is not this tenant's. */
export async function assertTiersExist(ctx: Ctx, tierIds: string[]): Promise<void> {
  if (tierIds.length === 0) return;
  const rows = await ctx.tx
    .select({ id: memberTiers.id })
    .from(memberTiers)
    .where(and(eq(memberTiers.tenantId, ctx.tenantId), sql`${memberTiers.id} = any(${sql.param(tierIds)}::text[])`));
  const found = new Set(rows.map((r) => r.id));
  const missing = tierIds.find((t) => !found.has(t));
  if (missing) throw new AppError(CatalogErrors.unknown_tier, { params: { tierId: missing } });
}

/** Tier names by id, for labelling (no access check: callers show a member their own tier). */
export async function tierNamesOf(ctx: Ctx, tierIds: string[]): Promise<Map<string, string>> {
  if (tierIds.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: memberTiers.id, name: memberTiers.name })
    .from(memberTiers)
    .where(and(eq(memberTiers.tenantId, ctx.tenantId), sql`${memberTiers.id} = any(${sql.param([...new Set(tierIds)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r.name]));
}
