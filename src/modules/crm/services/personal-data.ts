import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { forgetReplies, scrubTenantText } from '../../../platform/personal-data';
import { importFactsOfMembers, membershipsOfMembers, pseudonymiseCommunity } from '../../community';
import { distributorOf, pseudonymiseDistributors } from '../../distribution';
import { eraseMembers, membersForCrm } from '../../identity';
import { loadLines, orderFactsOfMembers, ordersByIds, pseudonymiseOrders } from '../../orders';
import { CrmErrors } from '../crm.errors';
import { requireCrm } from './access';
import { consentHistory } from './consent';
import { getProfile, visibleProfileStatus } from './profiles';
import { markDirty } from './queue';
import { leaveSegments } from './rules';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

async function memberIdsOf(ctx: Ctx, profileId: string): Promise<string[]> {
  const merged = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${ctx.tenantId} and merged_into = ${profileId}`);
  return [profileId, ...merged.map((m) => m.id)];
}

/**
 * Everything Tuan holds about a person, for a data subject request: identity, the CRM profile and
 * the ids they go by elsewhere, consents with their history, every timeline event, every order with
 * its lines and address, group memberships, import records and the distributor record.
 */
export async function exportPersonData(ctx: Ctx, profileId: string): Promise<Record<string, unknown>> {
  requireCrm(ctx);
  await visibleProfileStatus(ctx, profileId);
  const ids = await memberIdsOf(ctx, profileId);
  const people = await membersForCrm(ctx, ids);
  const facts = await orderFactsOfMembers(ctx, ids);
  const orders = await ordersByIds(ctx, facts.map((f) => f.id));
  const lines = await loadLines(ctx, [...orders.keys()]);
  const events = await queryRows<{ type: string; occurred_at: Date | string; origin: string; channel: string | null; subject_id: string | null; properties: unknown; member_id: string }>(
    ctx.tx,
    sql`select type, occurred_at, origin, channel, subject_id, properties, member_id from crm_events where tenant_id = ${ctx.tenantId} and profile_id = ${profileId} order by occurred_at, id`,
  );
  const distributors = (await Promise.all(ids.map((id) => distributorOf(ctx, id)))).filter(Boolean);
  await audit(ctx, { action: 'crm.person.exported', entityType: 'crm_profile', entityId: profileId, data: { members: ids.length } });
  return {
    exportedAt: new Date().toISOString(),
    members: [...people.values()].map((m) => ({ id: m.id, phone: m.phone, name: m.name, source: m.source, status: m.status, tierId: m.tierId, registeredAt: iso(m.createdAt) })),
    profile: await getProfile(ctx, profileId),
    consents: await consentHistory(ctx, profileId),
    events: events.map((e) => ({ type: e.type, at: new Date(e.occurred_at).toISOString(), origin: e.origin, channel: e.channel, subjectId: e.subject_id, memberId: e.member_id, properties: e.properties })),
    orders: [...orders.values()].map((o) => ({
      id: o.id,
      memberId: o.memberId,
      campaignId: o.campaignId,
      status: o.status,
      fulfilment: o.fulfilment,
      address: o.address,
      note: o.note,
      totalFen: o.totalFen,
      paidFen: o.paidFen,
      refundedFen: o.refundedFen,
      placedAt: iso(o.placedAt),
      paidAt: iso(o.paidAt),
      lines: (lines.get(o.id) ?? []).map((l) => ({ title: l.title, specs: l.specs, quantity: l.quantity, unitPriceFen: l.unitPriceFen, lineTotalFen: l.lineTotalFen, refundedQuantity: l.refundedQuantity })),
    })),
    groups: (await membershipsOfMembers(ctx, ids)).map((m) => ({ groupId: m.groupId, status: m.status, source: m.source, joinedAt: iso(m.joinedAt) })),
    imports: (await importFactsOfMembers(ctx, ids)).map((i) => ({ channel: i.channel, externalId: i.externalId, firstOrderAt: iso(i.firstOrderAt), lastOrderAt: iso(i.lastOrderAt) })),
    distributor: distributors.map((d) => ({ status: d!.status, realName: d!.realName, payoutAccount: d!.payoutAccount, createdAt: iso(d!.createdAt) })),
  };
}

/** The same export as a workbook: one sheet per section, one row per record. */
export async function personDataWorkbook(ctx: Ctx, profileId: string): Promise<{ wb: ExcelJS.Workbook; name: string }> {
  const data = await exportPersonData(ctx, profileId);
  const wb = new ExcelJS.Workbook();
  for (const [section, value] of Object.entries(data)) {
    if (section === 'exportedAt') continue;
    const rows = (Array.isArray(value) ? value : [value]) as Array<Record<string, unknown>>;
    const ws = wb.addWorksheet(section);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.columns = keys.map((k) => ({ header: k, key: k, width: 18 }));
    for (const r of rows) ws.addRow(Object.fromEntries(keys.map((k) => [k, typeof r[k] === 'object' && r[k] !== null ? JSON.stringify(r[k]) : r[k]])));
  }
  return { wb, name: `person-${profileId}` };
}

/**
 * Erases a person (owners only): their phone and name are replaced everywhere by a pseudonym
 * (member, profile, kept orders' addresses, event payloads, audit entries, import reports), their
 * timeline, external ids, tags and segment memberships are deleted, their account is blocked and
 * signed out. Orders stay, with their amounts, for accounting; consents stay as proof. Irreversible.
 */
export async function erasePerson(ctx: Ctx, profileId: string, input: { reason: string }): Promise<{ profileId: string; members: number; cellsScrubbed: number }> {
  requireCrm(ctx);
  requireRole(ctx, 'owner', 'system');
  return inTransaction(ctx, async (ctx) => {
    const status = await visibleProfileStatus(ctx, profileId);
    if (status.status !== 'active') throw new AppError(CrmErrors.profile_not_active, { params: { status: status.status } });
    const ids = await memberIdsOf(ctx, profileId);
    const orderIds = (await orderFactsOfMembers(ctx, ids)).map((o) => o.id);
    await forgetReplies(ctx, [...ids, ...orderIds]);
    const before = await eraseMembers(ctx, ids);
    await pseudonymiseOrders(ctx, ids);
    await pseudonymiseCommunity(ctx, ids);
    await pseudonymiseDistributors(ctx, ids);
    const t = ctx.tenantId;
    const invitees = await queryRows<{ id: string }>(ctx.tx, sql`select id from crm_profiles where tenant_id = ${t} and referrer_id = any(${sql.param(ids)}::text[])`);
    await ctx.tx.execute(sql`delete from crm_events where tenant_id = ${t} and profile_id = ${profileId}`);
    await ctx.tx.execute(sql`delete from crm_identities where tenant_id = ${t} and profile_id = ${profileId}`);
    await leaveSegments(ctx, [profileId]);
    await ctx.tx.execute(sql`delete from crm_dirty where tenant_id = ${t} and profile_id = any(${sql.param(ids)}::text[])`);
    await ctx.tx.execute(sql`
      update crm_profiles set status = 'erased', merged_into = null, phone = null, name = '', tag_ids = '{}', group_ids = '{}', channels = '{}', recheck_at = null,
        consent_marketing = false, consent_share_contact = false, erased_at = now()
      where tenant_id = ${t} and id = ${profileId}`);
    await ctx.tx.execute(sql`update crm_profiles set status = 'erased', merged_into = null, phone = null, name = '', erased_at = now() where tenant_id = ${t} and merged_into = ${profileId}`);
    const needles = before.flatMap((m) => [m.phone, m.name]);
    const cellsScrubbed = await scrubTenantText(ctx, needles, `erased:${profileId.slice(-6)}`);
    await markDirty(ctx, invitees.map((i) => i.id));
    await audit(ctx, { action: 'crm.person.erased', entityType: 'crm_profile', entityId: profileId, data: { members: ids, reason: input.reason, cellsScrubbed } });
    return { profileId, members: ids.length, cellsScrubbed };
  });
}
