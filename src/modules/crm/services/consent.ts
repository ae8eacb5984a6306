import { and, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { notifyMembers } from '../../fulfilment';
import { setContactShared } from '../../identity';
import { CrmErrors } from '../crm.errors';
import { crmConsents, type ConsentPurpose } from '../crm.schema';
import { requireCrm } from './access';
import { visibleProfileStatus } from './profiles';
import { ensureProfiles, profileIdsOf } from './refresh';
import { getSegmentRow } from './segments';
import { appendEvents } from './timeline';

export interface ConsentEntry {
  purpose: ConsentPurpose;
  granted: boolean;
  source: string;
  note: string;
  recordedBy: string;
  at: string;
}

const FLAG: Record<ConsentPurpose, string> = { marketing: 'consent_marketing', share_contact: 'consent_share_contact' };

async function record(ctx: Ctx, profileId: string, memberId: string, input: { purpose: ConsentPurpose; granted: boolean; source: string; note: string }): Promise<void> {
  await ctx.tx.insert(crmConsents).values({ tenantId: ctx.tenantId, id: newId('consent'), profileId, memberId, ...input, recordedBy: `${ctx.actor.type}:${ctx.actor.id}` });
  await ctx.tx.execute(sql`update crm_profiles set ${sql.raw(FLAG[input.purpose])} = ${input.granted} where tenant_id = ${ctx.tenantId} and id = ${profileId}`);
  if (input.purpose === 'share_contact') await mirrorContactConsent(ctx, [profileId]);
  await appendEvents(ctx, [{ memberId, type: input.granted ? 'consent_granted' : 'consent_withdrawn', occurredAt: new Date(), origin: ctx.actor.type === 'member' ? 'api' : 'console', subjectId: input.purpose, properties: { source: input.source } }]);
  await audit(ctx, { action: input.granted ? 'crm.consent.granted' : 'crm.consent.withdrawn', entityType: 'crm_profile', entityId: profileId, data: { purpose: input.purpose, source: input.source } });
}

/**
 * Copies the profiles' share_contact consent onto their members (the survivor's and every merged
 * one's), where the fulfilment lists read it to show leaders a name instead of 王**.
 */
export async function mirrorContactConsent(ctx: Ctx, profileIds: string[]): Promise<void> {
  if (profileIds.length === 0) return;
  const rows = await queryRows<{ id: string; shared: boolean }>(
    ctx.tx,
    sql`select m.id, s.consent_share_contact as shared from crm_profiles m
        join crm_profiles s on s.tenant_id = m.tenant_id and s.id = coalesce(m.merged_into, m.id)
        where m.tenant_id = ${ctx.tenantId} and (m.id = any(${sql.param(profileIds)}::text[]) or m.merged_into = any(${sql.param(profileIds)}::text[]))`,
  );
  await setContactShared(ctx, rows.map((r) => ({ memberId: r.id, shared: r.shared })));
}

/**
 * Staff record a consent given outside Tuan (a signed form at the store, a call) or its withdrawal,
 * with where it came from. Each change is kept; the latest one counts.
 */
export async function recordConsent(ctx: Ctx, profileId: string, input: { purpose: ConsentPurpose; granted: boolean; source: string; note: string }): Promise<ConsentEntry[]> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const p = await visibleProfileStatus(ctx, profileId);
    if (p.status !== 'active') throw new AppError(CrmErrors.profile_not_active, { params: { status: p.status } });
    await record(ctx, profileId, profileId, input);
    return consentHistory(ctx, profileId);
  });
}

/** A member gives or withdraws their own consent on their page. */
export async function setMyConsent(ctx: Ctx, input: { purpose: ConsentPurpose; granted: boolean }): Promise<Record<ConsentPurpose, boolean>> {
  requireRole(ctx, 'member');
  return inTransaction(ctx, async (ctx) => {
    await ensureProfiles(ctx, [ctx.actor.id]);
    const profileId = (await profileIdsOf(ctx, [ctx.actor.id])).get(ctx.actor.id)!;
    await record(ctx, profileId, ctx.actor.id, { ...input, source: 'member_page', note: '' });
    return myConsents(ctx);
  });
}

/** The signed-in member's consents now. */
export async function myConsents(ctx: Ctx): Promise<Record<ConsentPurpose, boolean>> {
  requireRole(ctx, 'member');
  const profileId = (await profileIdsOf(ctx, [ctx.actor.id])).get(ctx.actor.id)!;
  const [row] = await queryRows<{ m: boolean; s: boolean }>(ctx.tx, sql`select consent_marketing as m, consent_share_contact as s from crm_profiles where tenant_id = ${ctx.tenantId} and id = ${profileId}`);
  return { marketing: row?.m ?? false, share_contact: row?.s ?? false };
}

/** Every grant and withdrawal of a profile, newest first. */
export async function consentHistory(ctx: Ctx, profileId: string): Promise<ConsentEntry[]> {
  const rows = await ctx.tx.select().from(crmConsents).where(and(eq(crmConsents.tenantId, ctx.tenantId), eq(crmConsents.profileId, profileId))).orderBy(desc(crmConsents.at), desc(crmConsents.id));
  return rows.map((r) => ({ purpose: r.purpose, granted: r.granted, source: r.source, note: r.note, recordedBy: r.recordedBy, at: r.at.toISOString() }));
}

/**
 * Sends a marketing message (a notice on the member's page) to a saved segment: only to the people
 * whose latest marketing consent is a grant. The others are counted, never messaged.
 */
export async function sendMarketing(ctx: Ctx, segmentId: string, input: { title: string; body: string }): Promise<{ sent: number; withoutConsent: number }> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const seg = await getSegmentRow(ctx, segmentId);
    const rows = await queryRows<{ id: string; ok: boolean }>(
      ctx.tx,
      sql`select p.id, p.consent_marketing as ok from crm_segment_members s join crm_profiles p on p.tenant_id = s.tenant_id and p.id = s.profile_id
          where s.tenant_id = ${ctx.tenantId} and s.segment_id = ${segmentId} and p.status = 'active'`,
    );
    const to = rows.filter((r) => r.ok).map((r) => r.id);
    await notifyMembers(ctx, to.map((memberId) => ({ memberId, kind: 'marketing', title: input.title, body: input.body, orderId: null })));
    await appendEvents(ctx, to.map((memberId) => ({ memberId, type: 'marketing_sent', occurredAt: new Date(), origin: 'console' as const, subjectId: segmentId, properties: { title: input.title } })));
    await audit(ctx, { action: 'crm.marketing.sent', entityType: 'crm_segment', entityId: segmentId, data: { segment: seg.name, title: input.title, sent: to.length, withoutConsent: rows.length - to.length } });
    return { sent: to.length, withoutConsent: rows.length - to.length };
  });
}
