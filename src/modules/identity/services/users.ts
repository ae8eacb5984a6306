import crypto from 'node:crypto';
import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { IdentityErrors } from '../identity.errors';
import { userOrgUnits, users, type StaffRole } from '../identity.schema';
import type { CreateUserRequest, ZUser } from '../identity.validators';
import { hashPassword } from '../secrets';
import type { z } from 'zod';
import { ORG_UNIT_ENTITY, missingOrgUnits } from './org-units';

export type UserDto = z.infer<typeof ZUser>;

async function orgUnitsOf(ctx: Ctx, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await ctx.tx
    .select()
    .from(userOrgUnits)
    .where(and(eq(userOrgUnits.tenantId, ctx.tenantId), sql`${userOrgUnits.userId} = any(${sql.param(userIds)}::text[])`));
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.orgUnitId]);
  return out;
}

function toDto(u: typeof users.$inferSelect, orgUnitIds: string[]): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    status: u.status,
    orgUnitIds,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** Creates a staff user. Owners only; operators and leaders must be scoped to at least one org unit. */
export async function createUser(ctx: Ctx, input: CreateUserRequest): Promise<UserDto> {
  requireRole(ctx, 'owner', 'system');
  const orgUnitIds = [...new Set(input.orgUnitIds)];
  if ((input.role === 'operator' || input.role === 'leader') && orgUnitIds.length === 0) {
    throw new AppError(IdentityErrors.scope_required, { errors: [{ path: 'orgUnitIds', message: 'at least one org unit' }] });
  }
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (ctx) => {
    const missing = await missingOrgUnits(ctx, orgUnitIds);
    if (missing.length) throw notFound(ORG_UNIT_ENTITY);
    const id = newId('user');
    const inserted = await ctx.tx
      .insert(users)
      .values({ tenantId: ctx.tenantId, id, email: input.email, name: input.name, role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!inserted[0]) throw new AppError(IdentityErrors.email_taken, { params: { email: input.email }, errors: [{ path: 'email', message: 'already in use' }] });
    if (orgUnitIds.length) await ctx.tx.insert(userOrgUnits).values(orgUnitIds.map((orgUnitId) => ({ tenantId: ctx.tenantId, userId: id, orgUnitId })));
    await audit(ctx, { action: 'user.created', entityType: 'user', entityId: id, data: { email: input.email, role: input.role, orgUnitIds } });
    await emit(ctx, 'user.created', { userId: id, role: input.role });
    return toDto(inserted[0], orgUnitIds);
  });
}

/** Staff users, newest first, filterable by role and a search over name and email. Owners only. */
export async function listUsers(ctx: Ctx, q: { limit: number; cursor?: string | undefined; role?: StaffRole | undefined; q?: string | undefined }): Promise<Page<UserDto>> {
  requireRole(ctx, 'owner');
  const conds = [eq(users.tenantId, ctx.tenantId)];
  if (q.role) conds.push(eq(users.role, q.role));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(users.email, like), ilike(users.name, like))!);
  }
  if (q.cursor) conds.push(lt(users.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(users).where(and(...conds)).orderBy(desc(users.id)).limit(q.limit + 1);
  const units = await orgUnitsOf(ctx, rows.map((r) => r.id));
  return toPage(rows, q.limit, (r) => [r.id], (r) => toDto(r, units.get(r.id) ?? []));
}

export interface UserBasic {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  status: 'active' | 'disabled';
}

/** Staff users by id, for labelling (leaders on statements, sellers on orders). */
export async function getUsersBasic(ctx: Ctx, ids: string[]): Promise<Map<string, UserBasic>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, status: users.status })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), sql`${users.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Gives an approved leader a console account (role leader, scoped to one org unit) with a random
 * password the caller shows once. The caller checks who may do this; the email must be free.
 */
export async function provisionLeaderAccount(ctx: Ctx, input: { email: string; name: string; orgUnitId: string }): Promise<{ userId: string; password: string }> {
  const password = crypto.randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const id = newId('user');
  const inserted = await ctx.tx.insert(users).values({ tenantId: ctx.tenantId, id, email: input.email, name: input.name, role: 'leader', passwordHash }).onConflictDoNothing().returning({ id: users.id });
  if (!inserted[0]) throw new AppError(IdentityErrors.email_taken, { params: { email: input.email }, errors: [{ path: 'email', message: 'already in use' }] });
  await ctx.tx.insert(userOrgUnits).values({ tenantId: ctx.tenantId, userId: id, orgUnitId: input.orgUnitId });
  await audit(ctx, { action: 'user.created', entityType: 'user', entityId: id, data: { email: input.email, role: 'leader', orgUnitIds: [input.orgUnitId], via: 'leader_approval' } });
  await emit(ctx, 'user.created', { userId: id, role: 'leader' });
  return { userId: id, password };
}

/**
 * Disables or re-enables a staff account (a suspended leader, say): a disabled user cannot sign in
 * and their sessions stop working (within the session cache's few seconds). The caller checks who
 * may do this and audits it.
 */
export async function setUserStatus(ctx: Ctx, userId: string, status: 'active' | 'disabled'): Promise<void> {
  await ctx.tx.update(users).set({ status, updatedAt: new Date() }).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, userId)));
}

/** The org units a staff user is assigned to (not expanded). */
export async function userOrgUnitIds(ctx: Ctx, userId: string): Promise<string[]> {
  return (await orgUnitsOf(ctx, [userId])).get(userId) ?? [];
}
