import { eq } from 'drizzle-orm';
import { inTransaction, systemCtx, type BaseCtx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { audit } from '../../../platform/audit';
import { newId } from '../../../platform/ids';
import { IdentityErrors } from '../identity.errors';
import { orgUnits, tenants, users } from '../identity.schema';
import { hashPassword } from '../secrets';

export interface CreateTenantInput {
  slug: string;
  name: string;
  owner: { email: string; name: string; password: string };
}

/**
 * Creates a tenant with its brand (the root org unit) and its first owner, in one transaction.
 * @example await createTenant(ctx, { slug: 'acme', name: 'Acme', owner: { email, name, password } })
 */
export async function createTenant(ctx: BaseCtx, input: CreateTenantInput): Promise<{ tenantId: string; brandId: string; ownerId: string }> {
  const passwordHash = await hashPassword(input.owner.password);
  return inTransaction(ctx, async (ctx) => {
    const [taken] = await ctx.tx.select({ id: tenants.tenantId }).from(tenants).where(eq(tenants.slug, input.slug)).limit(1);
    if (taken) throw new AppError(IdentityErrors.tenant_slug_taken, { params: { slug: input.slug } });
    const tenantId = newId('tenant');
    const brandId = newId('orgUnit');
    const ownerId = newId('user');
    await ctx.tx.insert(tenants).values({ tenantId, slug: input.slug, name: input.name });
    await ctx.tx.insert(orgUnits).values({ tenantId, id: brandId, parentId: null, kind: 'brand', name: input.name, path: [brandId] });
    await ctx.tx.insert(users).values({ tenantId, id: ownerId, email: input.owner.email.toLowerCase(), name: input.owner.name, role: 'owner', passwordHash });
    await audit(systemCtx(ctx, tenantId, 'cli'), { action: 'tenant.created', entityType: 'tenant', entityId: tenantId, data: { slug: input.slug, ownerEmail: input.owner.email } });
    return { tenantId, brandId, ownerId };
  });
}
