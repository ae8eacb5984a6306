import { and, eq, sql } from 'drizzle-orm';
import type { BaseCtx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { IdentityErrors } from '../identity.errors';
import { userOrgUnits, users } from '../identity.schema';
import type { LoginRequest } from '../identity.validators';
import { burnPasswordCheck, verifyPassword } from '../secrets';
import { findTenantBySlug, type TenantInfo } from './find-tenant';
import { createSession } from './sessions';

export interface LoginResult {
  cookie: string;
  expiresAt: Date;
  tenant: TenantInfo;
  user: { id: string; email: string; name: string; role: 'owner' | 'operator' | 'leader' | 'distributor'; orgUnitIds: string[] };
}

/**
 * Staff password login. Repeated failures lock the account for a while; the failure count is
 * written even though the request fails, because counting failures is the point.
 */
export async function loginStaff(ctx: BaseCtx, input: LoginRequest): Promise<LoginResult> {
  const tenant = await findTenantBySlug(ctx, input.tenant);
  const [user] = tenant
    ? await ctx.tx.select().from(users).where(and(eq(users.tenantId, tenant.id), eq(users.email, input.email))).limit(1)
    : [];
  if (!tenant || !user) {
    await burnPasswordCheck(input.password);
    throw new AppError(IdentityErrors.invalid_credentials);
  }
  const now = Date.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    const seconds = Math.ceil((user.lockedUntil.getTime() - now) / 1000);
    throw new AppError(IdentityErrors.account_locked, { params: { minutes: Math.ceil(seconds / 60) }, headers: { 'retry-after': String(seconds) } });
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  const key = and(eq(users.tenantId, tenant.id), eq(users.id, user.id));
  if (!ok) {
    const lockMs = ctx.config.loginLockMs;
    // One statement, so concurrent failures are all counted.
    const [after] = await ctx.tx
      .update(users)
      .set({
        // A lock that has run out starts the count afresh.
        failedLogins: sql`case when ${users.lockedUntil} <= now() then 1 else ${users.failedLogins} + 1 end`,
        lockedUntil: sql`case when (case when ${users.lockedUntil} <= now() then 1 else ${users.failedLogins} + 1 end) >= ${ctx.config.loginMaxFailures}
          then now() + make_interval(secs => ${lockMs / 1000}) when ${users.lockedUntil} <= now() then null else ${users.lockedUntil} end`,
      })
      .where(key)
      .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
    if (after?.lockedUntil && after.lockedUntil.getTime() > Date.now()) {
      const seconds = Math.ceil((after.lockedUntil.getTime() - Date.now()) / 1000);
      throw new AppError(IdentityErrors.account_locked, { params: { minutes: Math.ceil(seconds / 60) }, headers: { 'retry-after': String(seconds) } });
    }
    throw new AppError(IdentityErrors.invalid_credentials);
  }
  if (user.status !== 'active') throw new AppError(IdentityErrors.account_disabled);
  await ctx.tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(key);
  const session = await createSession(ctx, { tenantId: tenant.id, actorType: 'user', actorId: user.id, ttlMs: ctx.config.sessionTtlMs });
  const units = await ctx.tx
    .select({ id: userOrgUnits.orgUnitId })
    .from(userOrgUnits)
    .where(and(eq(userOrgUnits.tenantId, tenant.id), eq(userOrgUnits.userId, user.id)));
  return {
    ...session,
    tenant,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, orgUnitIds: units.map((u) => u.id) },
  };
}
