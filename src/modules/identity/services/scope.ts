import { and, eq, sql } from 'drizzle-orm';
import type { BaseCtx, Scope } from '../../../platform/context';
import { orgUnits } from '../identity.schema';

/**
 * Expands assigned org units to their whole subtrees. An operator of a region sees its stores.
 */
export async function expandScope(ctx: BaseCtx, tenantId: string, assigned: string[]): Promise<Scope> {
  if (assigned.length === 0) return { all: false, orgUnitIds: [] };
  const rows = await ctx.tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, tenantId), sql`${orgUnits.path} && ${sql.param(assigned)}::text[]`));
  return { all: false, orgUnitIds: rows.map((r) => r.id) };
}
