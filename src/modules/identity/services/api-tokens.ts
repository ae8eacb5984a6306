import { and, desc, eq, lt } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { apiTokens } from '../identity.schema';
import { API_TOKEN_PREFIX, formatCredential, hashSecret, newSecret } from '../secrets';
import type { z } from 'zod';
import type { ZApiToken } from '../identity.validators';

const TOKEN_ENTITY = { zh: 'API 令牌', en: 'API token' };

export type ApiTokenDto = z.infer<typeof ZApiToken>;

function toDto(r: typeof apiTokens.$inferSelect): ApiTokenDto {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    prefix: r.prefix,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a bearer token for an integration. The token itself is returned once and never stored. */
export async function createApiToken(ctx: Ctx, input: { name: string; role: 'owner' | 'operator' }): Promise<ApiTokenDto & { token: string }> {
  requireRole(ctx, 'owner');
  return inTransaction(ctx, async (ctx) => {
    const id = newId('apiToken');
    const secret = newSecret();
    const token = API_TOKEN_PREFIX + formatCredential(ctx.tenantId, id, secret);
    const [row] = await ctx.tx
      .insert(apiTokens)
      .values({ tenantId: ctx.tenantId, id, name: input.name, role: input.role, secretHash: hashSecret(secret), prefix: `${API_TOKEN_PREFIX}…${secret.slice(-4)}`, createdBy: ctx.actor.id })
      .returning();
    await audit(ctx, { action: 'api_token.created', entityType: 'api_token', entityId: id, data: { name: input.name, role: input.role } });
    return { ...toDto(row!), token };
  });
}

/** Revokes a token; revoking twice is harmless and returns the same record. */
export async function revokeApiToken(ctx: Ctx, id: string): Promise<ApiTokenDto> {
  requireRole(ctx, 'owner');
  return inTransaction(ctx, async (ctx) => {
    const key = and(eq(apiTokens.tenantId, ctx.tenantId), eq(apiTokens.id, id));
    const [row] = await ctx.tx.select().from(apiTokens).where(key).limit(1);
    if (!row) throw notFound(TOKEN_ENTITY);
    if (row.revokedAt) return toDto(row);
    const [after] = await ctx.tx.update(apiTokens).set({ revokedAt: new Date(), revokedBy: ctx.actor.id }).where(key).returning();
    await audit(ctx, { action: 'api_token.revoked', entityType: 'api_token', entityId: id, data: { name: row.name } });
    return toDto(after!);
  });
}

export async function listApiTokens(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<ApiTokenDto>> {
  requireRole(ctx, 'owner');
  const conds = [eq(apiTokens.tenantId, ctx.tenantId)];
  if (q.cursor) conds.push(lt(apiTokens.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(apiTokens).where(and(...conds)).orderBy(desc(apiTokens.id)).limit(q.limit + 1);
  return toPage(rows, q.limit, (r) => [r.id], toDto);
}
