import { sql, type SQL } from 'drizzle-orm';
import { requireRole, type Ctx } from '../../../platform/context';
import { maskPhone } from '../../identity';

/** The CRM is for owners and operators (and integrations with their tokens); leaders keep their own member pages. */
export function requireCrm(ctx: Ctx): void {
  requireRole(ctx, 'owner', 'operator', 'system');
}

/**
 * The profiles the actor may see, as a predicate over `crm_profiles p`: all of the tenant's for
 * owners; for an operator scoped to org units, the people connected to them (by a group or an order).
 */
export function visibleProfiles(ctx: Ctx): SQL {
  const a = ctx.actor;
  if ((a.type === 'user' || a.type === 'token') && !a.scope.all) {
    return sql`p.tenant_id = ${ctx.tenantId} and p.org_unit_ids && ${sql.param(a.scope.orgUnitIds)}::text[]`;
  }
  return sql`p.tenant_id = ${ctx.tenantId}`;
}

/** Phones in full for owners, operators and the system; masked for anyone else. */
export function phoneShown(ctx: Ctx, phone: string | null): string | null {
  if (phone === null) return null;
  const r = ctx.actor.role;
  return r === 'owner' || r === 'operator' || r === 'system' ? phone : maskPhone(phone);
}
