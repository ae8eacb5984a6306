import { eq } from 'drizzle-orm';
import type { BaseCtx } from '../../../platform/context';
import { tenants } from '../identity.schema';

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
}

/** Looks a tenant up by its slug (login, member pages). */
export async function findTenantBySlug(ctx: BaseCtx, slug: string): Promise<TenantInfo | null> {
  const [row] = await ctx.tx.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row ? { id: row.tenantId, slug: row.slug, name: row.name } : null;
}

export async function getTenant(ctx: BaseCtx, tenantId: string): Promise<TenantInfo | null> {
  const [row] = await ctx.tx.select().from(tenants).where(eq(tenants.tenantId, tenantId)).limit(1);
  return row ? { id: row.tenantId, slug: row.slug, name: row.name } : null;
}
