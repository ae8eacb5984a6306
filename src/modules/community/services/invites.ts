import crypto from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getMembersBasic, getTenant, getUsersBasic, maskedName } from '../../identity';
import { groupInvites, groupMembers, groups, type JoinSource } from '../community.schema';
import { CommunityErrors, GROUP_ENTITY, INVITE_ENTITY } from '../community.errors';
import type { ZCreateInviteRequest, ZInvite, ZPublicInvite } from '../community.validators';
import { groupForStaff } from './access';
import { groupNames, leadersOf, rosterStats } from './groups';

export type InviteDto = z.infer<typeof ZInvite>;
type InviteRow = typeof groupInvites.$inferSelect;
export interface LinkBase {
  publicBaseUrl: string;
  tenantSlug: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** An 8-character invite code without look-alike characters (no 0/O, 1/I/L). */
export function newInviteCode(): string {
  const bytes = crypto.randomBytes(8);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export function inviteUrl(base: LinkBase, code: string): string {
  return `${base.publicBaseUrl.replace(/\/$/, '')}/m/${encodeURIComponent(base.tenantSlug)}/join/${code}`;
}

/** Why an invite cannot be used now, or null when it can. */
export function inviteProblem(inv: Pick<InviteRow, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, groupStatus: string, now = new Date()): 'revoked' | 'expired' | 'used_up' | 'group_closed' | null {
  if (inv.revokedAt) return 'revoked';
  if (inv.expiresAt && inv.expiresAt <= now) return 'expired';
  if (inv.maxUses !== null && inv.uses >= inv.maxUses) return 'used_up';
  if (groupStatus === 'archived') return 'group_closed';
  return null;
}

async function toDtos(ctx: Ctx, rows: InviteRow[], base: LinkBase): Promise<InviteDto[]> {
  const users = await getUsersBasic(ctx, rows.filter((r) => r.referrerType === 'user').map((r) => r.referrerId!));
  const members = await getMembersBasic(ctx, rows.filter((r) => r.referrerType === 'member').map((r) => r.referrerId!));
  const groupName = await groupNames(ctx, rows.map((r) => r.groupId));
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    groupId: r.groupId,
    groupName: groupName.get(r.groupId) ?? '',
    source: r.source,
    eventName: r.eventName,
    referrer: r.referrerType && r.referrerId ? { type: r.referrerType, id: r.referrerId, name: r.referrerType === 'user' ? (users.get(r.referrerId)?.name ?? '') : maskedName(members.get(r.referrerId) ?? { name: '', phone: '' }) } : null,
    label: r.label,
    maxUses: r.maxUses,
    uses: r.uses,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    url: inviteUrl(base, r.code),
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * An invite link to a group. Staff make links for a channel: official (the default), their own
 * contacts, or an offline event (named); a leader's link always names the leader as referrer. A
 * member in the group gets their own referral link (one per member and group, made once).
 */
export async function createInvite(ctx: Ctx, groupId: string, input: z.infer<typeof ZCreateInviteRequest>, base: LinkBase): Promise<InviteDto> {
  return inTransaction(ctx, async (ctx) => {
    const a = ctx.actor;
    if (a.type === 'member') {
      const [roster] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, groupId), eq(groupMembers.memberId, a.id)));
      if (!roster || (roster.status !== 'active' && roster.status !== 'muted')) throw new AppError(CommunityErrors.not_in_group);
      const [existing] = await ctx.tx
        .select()
        .from(groupInvites)
        .where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.groupId, groupId), eq(groupInvites.referrerType, 'member'), eq(groupInvites.referrerId, a.id), isNull(groupInvites.revokedAt), isNull(groupInvites.expiresAt), isNull(groupInvites.maxUses)));
      if (existing) return (await toDtos(ctx, [existing], base))[0]!;
      const [row] = await ctx.tx
        .insert(groupInvites)
        .values({ tenantId: ctx.tenantId, id: newId('groupInvite'), code: newInviteCode(), groupId, source: 'member_referral', referrerType: 'member', referrerId: a.id, createdByType: 'member', createdBy: a.id })
        .returning();
      return (await toDtos(ctx, [row!], base))[0]!;
    }
    requireRole(ctx, 'owner', 'operator', 'leader', 'system');
    const group = await groupForStaff(ctx, groupId);
    const isLeader = a.role === 'leader';
    const source: JoinSource = input.source ?? (isLeader ? 'operator_contacts' : 'official');
    // Leaders invite their own contacts or people at an event they run, always as the referrer;
    // the brand's official channel is the operators'.
    if (source === 'member_referral' || (isLeader && source === 'official')) throw new AppError(CommunityErrors.invalid_invite_source, { errors: [{ path: 'source', message: isLeader ? 'leaders invite as operator_contacts or offline_event' : 'not for staff links' }] });
    const referrer = a.type === 'user' && (isLeader || source === 'operator_contacts') ? a.id : null;
    const [row] = await ctx.tx
      .insert(groupInvites)
      .values({
        tenantId: ctx.tenantId,
        id: newId('groupInvite'),
        code: newInviteCode(),
        groupId: group.id,
        source,
        eventName: source === 'offline_event' ? input.eventName : '',
        referrerType: referrer ? 'user' : null,
        referrerId: referrer,
        label: input.label,
        maxUses: input.maxUses ?? null,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
        createdByType: a.type,
        createdBy: a.id,
      })
      .returning();
    await audit(ctx, { action: 'group_invite.created', entityType: 'group', entityId: group.id, data: { inviteId: row!.id, source, eventName: row!.eventName } });
    return (await toDtos(ctx, [row!], base))[0]!;
  });
}

/** A group's invite links, newest first. */
export async function listInvites(ctx: Ctx, groupId: string, q: { limit: number; cursor?: string | undefined }, base: LinkBase): Promise<Page<InviteDto>> {
  await groupForStaff(ctx, groupId);
  const conds = [eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.groupId, groupId)];
  if (ctx.actor.role === 'leader') conds.push(sql`(${groupInvites.referrerType} is distinct from 'user' or ${groupInvites.referrerId} = ${ctx.actor.id} or ${groupInvites.createdBy} = ${ctx.actor.id})`);
  if (q.cursor) conds.push(lt(groupInvites.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(groupInvites).where(and(...conds)).orderBy(desc(groupInvites.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await toDtos(ctx, page.items, base), nextCursor: page.nextCursor };
}

/** Stops an invite link working (staff who see the group; a member their own). */
export async function revokeInvite(ctx: Ctx, inviteId: string, base: LinkBase): Promise<InviteDto> {
  return inTransaction(ctx, async (ctx) => {
    const inv = await inviteFor(ctx, inviteId);
    const [row] = await ctx.tx
      .update(groupInvites)
      .set({ revokedAt: inv.revokedAt ?? new Date() })
      .where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.id, inviteId)))
      .returning();
    if (!inv.revokedAt) await audit(ctx, { action: 'group_invite.revoked', entityType: 'group', entityId: inv.groupId, data: { inviteId } });
    return (await toDtos(ctx, [row!], base))[0]!;
  });
}

/** An invite the actor may use as its owner: staff who see its group, or the member it refers for. */
async function inviteFor(ctx: Ctx, inviteId: string): Promise<InviteRow> {
  const [inv] = await ctx.tx.select().from(groupInvites).where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.id, inviteId)));
  if (!inv) throw notFound(INVITE_ENTITY);
  if (ctx.actor.type === 'member') {
    if (inv.referrerType !== 'member' || inv.referrerId !== ctx.actor.id) throw notFound(INVITE_ENTITY);
  } else {
    await groupForStaff(ctx, inv.groupId);
    // A leader manages the links they made or that name them, not a co-leader's or the brand's.
    if (ctx.actor.role === 'leader' && inv.createdBy !== ctx.actor.id && inv.referrerId !== ctx.actor.id) throw notFound(INVITE_ENTITY);
  }
  return inv;
}

/** The invite's QR code (PNG or SVG) of its join-page link, for posters and chat. */
export async function inviteQr(ctx: Ctx, inviteId: string, format: 'png' | 'svg', size: number, base: LinkBase): Promise<{ body: Buffer | string; contentType: string; filename: string }> {
  const inv = await inviteFor(ctx, inviteId);
  const url = inviteUrl(base, inv.code);
  if (format === 'svg') return { body: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: size }), contentType: 'image/svg+xml', filename: `invite-${inv.code}.svg` };
  return { body: await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: size }), contentType: 'image/png', filename: `invite-${inv.code}.png` };
}

/** What the join page shows before joining: the group, its purpose and rules, who invited. */
export async function publicInvite(ctx: Ctx, code: string): Promise<z.infer<typeof ZPublicInvite>> {
  const [inv] = await ctx.tx.select().from(groupInvites).where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.code, code.toUpperCase())));
  if (!inv) throw notFound(INVITE_ENTITY);
  const [g] = await ctx.tx.select().from(groups).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, inv.groupId)));
  if (!g) throw notFound(GROUP_ENTITY);
  const { counts } = (await rosterStats(ctx, [g.id])).get(g.id)!;
  const leaders = (await leadersOf(ctx, [g.id])).get(g.id) ?? [];
  let referrerName: string | null = null;
  if (inv.referrerType === 'user') referrerName = (await getUsersBasic(ctx, [inv.referrerId!])).get(inv.referrerId!)?.name ?? null;
  if (inv.referrerType === 'member') {
    const m = (await getMembersBasic(ctx, [inv.referrerId!])).get(inv.referrerId!);
    referrerName = m ? maskedName(m) : null;
  }
  const problem = inviteProblem(inv, g.status);
  return {
    code: inv.code,
    group: { id: g.id, name: g.name, type: g.type, purpose: g.purpose, rules: g.rules, memberCount: counts.active + counts.muted, capacity: g.capacity, leaders: leaders.map((l) => l.name) },
    referrerName,
    eventName: inv.source === 'offline_event' ? inv.eventName : '',
    brandName: (await getTenant(ctx, ctx.tenantId))?.name ?? '',
    valid: problem === null,
    invalidReason: problem,
  };
}
