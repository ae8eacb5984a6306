import { and, eq } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { AppError, CommonErrors } from '../../../platform/errors';
import { members, userOrgUnits, users } from '../identity.schema';
import { maskPhone } from '../secrets';
import { getTenant } from './find-tenant';

/** Who is calling, and in which tenant. */
export async function getMe(ctx: Ctx) {
  const tenant = await getTenant(ctx, ctx.tenantId);
  if (!tenant) throw new AppError(CommonErrors.unauthenticated);
  const a = ctx.actor;
  if (a.type === 'member') {
    const [m] = await ctx.tx.select().from(members).where(and(eq(members.tenantId, ctx.tenantId), eq(members.id, a.id))).limit(1);
    return { actor: { type: 'member' as const, id: a.id, name: a.name, role: 'member' as const, phone: m ? maskPhone(m.phone) : undefined, referralCode: m?.referralCode ?? undefined }, tenant };
  }
  if (a.type === 'user') {
    const [u] = await ctx.tx.select().from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, a.id))).limit(1);
    const units = await ctx.tx.select({ id: userOrgUnits.orgUnitId }).from(userOrgUnits).where(and(eq(userOrgUnits.tenantId, ctx.tenantId), eq(userOrgUnits.userId, a.id)));
    return { actor: { type: 'user' as const, id: a.id, name: a.name, role: a.role, email: u?.email, orgUnitIds: units.map((x) => x.id) }, tenant };
  }
  if (a.type === 'token') return { actor: { type: 'token' as const, id: a.id, name: a.name, role: a.role }, tenant };
  throw new AppError(CommonErrors.forbidden);
}
