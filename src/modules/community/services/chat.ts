import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, systemCtx, type BaseCtx, type Ctx } from '../../../platform/context';
import { AppError } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { checkSignature } from '../../../platform/signing';
import { ensureMember, findTenantBySlug } from '../../identity';
import { chatEvents, chatIdentities, chatIntegrations, groupInvites, groupMembers, groups } from '../community.schema';
import { CommunityErrors } from '../community.errors';
import { inviteProblem } from './invites';
import { checkMessage } from './moderation';
import { addToRoster, markLeft } from './roster';

export const CHAT_TOLERANCE_SECONDS = 300;

/** What a chat platform adapter sends (one event per call). */
export const ZChatEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('member_joined'),
    eventId: z.string().min(1).max(100),
    groupExternalId: z.string().min(1).max(120),
    member: z.object({ externalUserId: z.string().min(1).max(120), phone: z.string().regex(/^1[3-9]\d{9}$/).optional(), name: z.string().max(60).optional() }),
    inviteCode: z.string().max(40).optional().describe('The invite the member scanned, when the platform passes it through (its state parameter)'),
    at: z.string().optional(),
  }),
  z.object({ type: z.literal('member_left'), eventId: z.string().min(1).max(100), groupExternalId: z.string().min(1).max(120), member: z.object({ externalUserId: z.string().min(1).max(120) }), at: z.string().optional() }),
  z.object({
    type: z.literal('message_posted'),
    eventId: z.string().min(1).max(100),
    groupExternalId: z.string().min(1).max(120),
    member: z.object({ externalUserId: z.string().min(1).max(120) }),
    text: z.string().max(5000),
    at: z.string().optional(),
  }),
]);
export type ChatEvent = z.infer<typeof ZChatEvent>;

/** Sets up (or rotates) the tenant's chat integration: a new signing secret, shown once. Owners. */
export async function rotateChatSecret(ctx: Ctx, platform: string): Promise<{ secret: string; platform: string }> {
  requireRole(ctx, 'owner', 'system');
  const secret = `chat_${crypto.randomBytes(24).toString('base64url')}`;
  await inTransaction(ctx, async (ctx) => {
    await ctx.tx
      .insert(chatIntegrations)
      .values({ tenantId: ctx.tenantId, platform, secret, createdBy: ctx.actor.id })
      .onConflictDoUpdate({ target: [chatIntegrations.tenantId], set: { platform, secret, createdBy: ctx.actor.id, rotatedAt: new Date() } });
    await audit(ctx, { action: 'chat_integration.secret_rotated', entityType: 'chat_integration', entityId: ctx.tenantId, data: { platform } });
  });
  return { secret, platform };
}

export type ChatOutcome = { handled: boolean; duplicate?: boolean; action?: 'allow' | 'warn' | 'block' | 'remove'; detail: string };

/**
 * The inbound webhook: checks the signature with the tenant's secret (a bad or stale one is 401 and
 * nothing is read), then applies the event once — a resent event id answers what it answered the
 * first time. Joins put the person on the roster (their phone makes them a member; the platform's
 * id is remembered), leaves mark them left, messages go through moderation and the answer says what
 * to do with the message.
 */
export async function handleChatEvent(base: BaseCtx, tenantSlug: string, signature: string | undefined, rawBody: string): Promise<ChatOutcome> {
  const tenant = await findTenantBySlug(base, tenantSlug);
  if (!tenant) throw new AppError(CommunityErrors.chat_bad_signature);
  const ctx = systemCtx(base, tenant.id, 'chat integration');
  const [integration] = await ctx.tx.select().from(chatIntegrations).where(eq(chatIntegrations.tenantId, tenant.id));
  if (!integration) throw new AppError(CommunityErrors.chat_bad_signature);
  if (checkSignature(integration.secret, signature, rawBody, CHAT_TOLERANCE_SECONDS) !== 'ok') throw new AppError(CommunityErrors.chat_bad_signature);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError(CommunityErrors.chat_bad_event, { errors: [{ path: 'body', message: 'not JSON' }] });
  }
  const parsed = ZChatEvent.safeParse(json);
  if (!parsed.success) throw new AppError(CommunityErrors.chat_bad_event, { errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  const event = parsed.data;
  const claimed = await inTransaction(ctx, async (ctx) => {
    // Claim the event id first: a copy arriving at the same time waits on this row, then sees it taken.
    const [claim] = await ctx.tx.insert(chatEvents).values({ tenantId: ctx.tenantId, eventId: event.eventId, type: event.type, outcome: {} }).onConflictDoNothing().returning();
    if (!claim) return null;
    const [group] = await ctx.tx.select().from(groups).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.externalId, event.groupExternalId))).for('update');
    const { retry, ...outcome } = group ? await apply(ctx, event, group) : { handled: false, detail: `no group is linked to ${event.groupExternalId}`, retry: true };
    // An answer that may change once things are set up (the chat linked to a group, the person to a
    // member, room in the group) is not kept: the adapter's retry with the same id is applied afresh.
    if (retry) await ctx.tx.delete(chatEvents).where(and(eq(chatEvents.tenantId, ctx.tenantId), eq(chatEvents.eventId, event.eventId)));
    else await ctx.tx.update(chatEvents).set({ groupId: group?.id ?? null, outcome }).where(and(eq(chatEvents.tenantId, ctx.tenantId), eq(chatEvents.eventId, event.eventId)));
    return outcome;
  });
  if (claimed) return claimed;
  const [seen] = await ctx.tx.select().from(chatEvents).where(and(eq(chatEvents.tenantId, ctx.tenantId), eq(chatEvents.eventId, event.eventId)));
  return { ...(seen!.outcome as ChatOutcome), duplicate: true };
}

async function memberOf(ctx: Ctx, externalUserId: string): Promise<string | null> {
  const [row] = await ctx.tx.select().from(chatIdentities).where(and(eq(chatIdentities.tenantId, ctx.tenantId), eq(chatIdentities.externalUserId, externalUserId)));
  return row?.memberId ?? null;
}

async function apply(ctx: Ctx, event: ChatEvent, group: typeof groups.$inferSelect): Promise<ChatOutcome & { retry?: boolean }> {
  switch (event.type) {
    case 'member_joined': {
      let memberId = await memberOf(ctx, event.member.externalUserId);
      if (!memberId && event.member.phone) {
        memberId = (await ensureMember(ctx, { phone: event.member.phone, name: event.member.name ?? '', source: 'chat' })).id;
        await ctx.tx.insert(chatIdentities).values({ tenantId: ctx.tenantId, externalUserId: event.member.externalUserId, memberId }).onConflictDoNothing();
      }
      if (!memberId) return { handled: false, detail: 'unknown person: the platform gave no phone and this id is not linked to a member', retry: true };
      const [inv] = event.inviteCode ? await ctx.tx.select().from(groupInvites).where(and(eq(groupInvites.tenantId, ctx.tenantId), eq(groupInvites.code, event.inviteCode.toUpperCase()))) : [];
      const invite = inv && inv.groupId === group.id && !inviteProblem(inv, group.status) ? inv : null;
      const self = invite?.referrerType === 'member' && invite.referrerId === memberId;
      try {
        await addToRoster(ctx, group, {
          memberId,
          source: invite && !self ? invite.source : 'official',
          eventName: invite?.eventName ?? '',
          referrerType: invite && !self ? invite.referrerType : null,
          referrerId: invite && !self ? invite.referrerId : null,
          inviteId: invite?.id ?? null,
        });
      } catch (e) {
        // A banned person who got into the chat anyway: the adapter removes them again.
        if (e instanceof AppError) return { handled: false, detail: e.code, ...(e.code === 'community.banned' ? { action: 'remove' as const } : { retry: e.code === 'community.group_full' }) };
        throw e;
      }
      return { handled: true, detail: 'joined' };
    }
    case 'member_left': {
      const memberId = await memberOf(ctx, event.member.externalUserId);
      if (!memberId) return { handled: false, detail: 'unknown person', retry: true };
      // Only people in the group leave it: a banned or removed person leaving the chat (the adapter
      // removing them) must not turn into an ordinary "left" that could join again.
      const [row] = await ctx.tx.select().from(groupMembers).where(and(eq(groupMembers.tenantId, ctx.tenantId), eq(groupMembers.groupId, group.id), eq(groupMembers.memberId, memberId))).for('update');
      if (!row || (row.status !== 'active' && row.status !== 'muted')) return { handled: false, detail: row ? `already ${row.status}` : 'not on the roster' };
      await markLeft(ctx, row, 'left the chat');
      return { handled: true, detail: 'left' };
    }
    case 'message_posted': {
      const memberId = await memberOf(ctx, event.member.externalUserId);
      const result = await checkMessage(ctx, { groupId: group.id, ...(memberId ? { memberId } : {}), text: event.text });
      return { handled: true, action: result.action, detail: result.muted ? 'sender muted' : result.matches.map((m) => m.keyword).join(', ') };
    }
  }
}
