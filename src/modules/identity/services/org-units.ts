import { and, asc, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { IdentityErrors } from '../identity.errors';
import { orgUnits, type OrgUnitKind } from '../identity.schema';
import type { z } from 'zod';
import type { CreateOrgUnitRequest, ZOrgUnit } from '../identity.validators';

export const ORG_UNIT_ENTITY = { zh: '组织', en: 'Org unit' };

/** Which kinds may sit under which: brand → region/dealer → store (a region may hold dealers). */
const ALLOWED_CHILDREN: Record<OrgUnitKind, OrgUnitKind[]> = {
  brand: ['region', 'dealer', 'store'],
  region: ['region', 'dealer', 'store'],
  dealer: ['store'],
  store: [],
};

export type OrgUnitDto = z.infer<typeof ZOrgUnit>;

function toDto(r: typeof orgUnits.$inferSelect): OrgUnitDto {
  return { id: r.id, parentId: r.parentId, kind: r.kind, name: r.name, createdAt: r.createdAt.toISOString() };
}

/** Adds an org unit under a parent. Owners only. */
export async function createOrgUnit(ctx: Ctx, input: CreateOrgUnitRequest): Promise<OrgUnitDto> {
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [parent] = await ctx.tx.select().from(orgUnits).where(and(eq(orgUnits.tenantId, ctx.tenantId), eq(orgUnits.id, input.parentId))).limit(1);
    if (!parent) throw notFound(ORG_UNIT_ENTITY);
    if (!ALLOWED_CHILDREN[parent.kind].includes(input.kind)) {
      throw new AppError(IdentityErrors.invalid_org_unit_parent, {
        params: { kind: input.kind, parentKind: parent.kind },
        errors: [{ path: 'kind', message: `a ${input.kind} cannot sit under a ${parent.kind}` }],
      });
    }
    const [dup] = await ctx.tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, ctx.tenantId), eq(orgUnits.parentId, parent.id), eq(orgUnits.name, input.name)))
      .limit(1);
    if (dup) throw new AppError(IdentityErrors.org_unit_name_taken, { params: { name: input.name }, errors: [{ path: 'name', message: 'already used by a sibling' }] });
    const id = newId('orgUnit');
    const [row] = await ctx.tx
      .insert(orgUnits)
      .values({ tenantId: ctx.tenantId, id, parentId: parent.id, kind: input.kind, name: input.name, path: [...parent.path, id] })
      .returning();
    await audit(ctx, { action: 'org_unit.created', entityType: 'org_unit', entityId: id, data: { name: input.name, kind: input.kind, parentId: parent.id } });
    return toDto(row!);
  });
}

/** The org-unit tree as a flat list: all of it for owners, the actor's subtrees for others. */
export async function listOrgUnits(ctx: Ctx): Promise<OrgUnitDto[]> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'distributor', 'system');
  const conds = [eq(orgUnits.tenantId, ctx.tenantId)];
  if ((ctx.actor.type === 'user' || ctx.actor.type === 'token') && !ctx.actor.scope.all) {
    const ids = ctx.actor.scope.orgUnitIds;
    if (ids.length === 0) return [];
    conds.push(sql`${orgUnits.id} = any(${sql.param(ids)}::text[])`);
  }
  const rows = await ctx.tx.select().from(orgUnits).where(and(...conds)).orderBy(asc(sql`array_length(${orgUnits.path}, 1)`), asc(orgUnits.name));
  return rows.map(toDto);
}

/** Ids among `ids` that are not org units of this tenant. */
export async function missingOrgUnits(ctx: Ctx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenantId), sql`${orgUnits.id} = any(${sql.param(ids)}::text[])`));
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** Org-unit names by id, for labelling records that belong to a unit. */
export async function orgUnitNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  return new Map([...(await orgUnitsBasic(ctx, ids))].map(([id, u]) => [id, u.name]));
}

/** Org units by id with their kind (a leader serves a region, dealer or store, not the brand). */
export async function orgUnitsBasic(ctx: Ctx, ids: string[]): Promise<Map<string, { name: string; kind: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: orgUnits.id, name: orgUnits.name, kind: orgUnits.kind })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenantId), sql`${orgUnits.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
}

/** Each unit's subtree: unit id → its own id and the ids of every unit under it. */
export async function orgUnitSubtrees(ctx: Ctx, ids: string[]): Promise<Map<string, string[]>> {
  const wanted = [...new Set(ids)];
  const out = new Map<string, string[]>(wanted.map((id) => [id, []]));
  if (wanted.length === 0) return out;
  const rows = await ctx.tx
    .select({ id: orgUnits.id, path: orgUnits.path })
    .from(orgUnits)
    .where(and(eq(orgUnits.tenantId, ctx.tenantId), sql`${orgUnits.path} && ${sql.param(wanted)}::text[]`));
  for (const r of rows) for (const a of r.path) out.get(a)?.push(r.id);
  return out;
}
