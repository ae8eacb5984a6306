import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../../platform/context';
import { insertUnnest, queryRows } from '../../../platform/db';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { members, users } from '../identity.schema';
import { newReferralCode } from './member-code';

export interface MemberBasic {
  id: string;
  phone: string;
  name: string;
  referralCode: string | null;
  /** The member's tier (kept by the CRM's tier rules, or set by hand), for tier prices. */
  tierId: string | null;
  /** The member lets leaders see their name (share_contact consent). */
  contactShared: boolean;
}

/** Members by id, for labelling orders and lists. Callers mask phones for anyone but owners. */
export async function getMembersBasic(ctx: Ctx, ids: string[]): Promise<Map<string, MemberBasic>> {
  if (ids.length === 0) return new Map();
  // Raw SQL (every checkout batch reads its members: see queryRows); the columns are all text or boolean.
  const rows = await queryRows<MemberBasic>(
    ctx.tx,
    sql`select id, phone, name, referral_code as "referralCode", tier_id as "tierId", contact_shared as "contactShared"
        from members where tenant_id = ${ctx.tenantId} and id = any(${sql.param([...new Set(ids)])}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** 王** for a name, 138****0001 when there is none: how the 接龙 list shows people. */
export function maskedName(m: { name: string; phone: string }): string {
  const name = m.name.trim();
  if (name) return `${[...name][0]}**`;
  return m.phone.length >= 7 ? `${m.phone.slice(0, 3)}****${m.phone.slice(-4)}` : '**';
}

/**
 * Registers a member by phone, or returns the one already registered (phones are unique per
 * tenant). Used by imports and the demo; members also register themselves at first code login.
 */
export async function ensureMember(ctx: Ctx, input: { phone: string; name?: string; source: string }): Promise<MemberBasic> {
  const inserted = await ctx.tx
    .insert(members)
    .values({ tenantId: ctx.tenantId, id: newId('member'), phone: input.phone, name: input.name ?? '', source: input.source, referralCode: newReferralCode() })
    .onConflictDoNothing()
    .returning({ id: members.id, phone: members.phone, name: members.name, referralCode: members.referralCode, tierId: members.tierId, contactShared: members.contactShared });
  if (inserted[0]) {
    await emit(ctx, 'member.registered', { memberId: inserted[0].id, phone: input.phone, source: input.source });
    return inserted[0];
  }
  const [row] = await ctx.tx
    .select({ id: members.id, phone: members.phone, name: members.name, referralCode: members.referralCode, tierId: members.tierId, contactShared: members.contactShared })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), eq(members.phone, input.phone)));
  return row!;
}

/** Members by the referral codes their share links carry: code → member id. */
export async function membersByReferralCode(ctx: Ctx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: members.id, code: members.referralCode })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.referralCode} = any(${sql.param([...new Set(codes)])}::text[])`));
  return new Map(rows.map((r) => [r.code!, r.id]));
}

/** Ids of members and staff whose phone, name or email matches a search, at most `max`. */
export async function searchPartyIds(ctx: Ctx, q: string, max = 500): Promise<string[]> {
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const m = await ctx.tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`(${members.phone} like ${like} or ${members.name} ilike ${like})`))
    .limit(max);
  const u = await ctx.tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, ctx.tenantId), sql`(${users.name} ilike ${like} or ${users.email} ilike ${like})`))
    .limit(max);
  return [...m, ...u].map((r) => r.id);
}

/** The member with this phone in the tenant, if any. */
export async function memberIdByPhone(ctx: Ctx, phone: string): Promise<string | null> {
  return (await memberIdsByPhone(ctx, [phone])).get(phone) ?? null;
}

/**
 * Registers many members by phone at once (imports): new phones become members, known phones are
 * matched, and a known member without a name takes the one given. One insert and one select per
 * call, and one `members.registered` event for the new ones. Phones must be distinct and normalised.
 */
export async function ensureMembersBulk(ctx: Ctx, input: Array<{ phone: string; name: string }>, source: string): Promise<Map<string, { id: string; created: boolean }>> {
  const out = new Map<string, { id: string; created: boolean }>();
  if (input.length === 0) return out;
  const insert = (rows: typeof input) =>
    insertUnnest<{ id: string; phone: string }>(
      ctx.tx,
      'members',
      [
        { name: 'tenant_id', type: 'text', values: rows.map(() => ctx.tenantId) },
        { name: 'id', type: 'text', values: rows.map(() => newId('member')) },
        { name: 'phone', type: 'text', values: rows.map((m) => m.phone) },
        { name: 'name', type: 'text', values: rows.map((m) => m.name) },
        { name: 'source', type: 'text', values: rows.map(() => source) },
        { name: 'referral_code', type: 'text', values: rows.map(() => newReferralCode()) },
      ],
      sql`on conflict do nothing returning id, phone`,
    );
  const inserted = await insert(input);
  for (const r of inserted) out.set(r.phone, { id: r.id, created: true });
  // A row skipped with its phone still free lost a referral-code draw to an existing member: draw again.
  for (let round = 0; round < 5; round++) {
    const pending = input.filter((m) => !out.has(m.phone));
    if (pending.length === 0) break;
    const taken = new Set((await memberIdsByPhone(ctx, pending.map((m) => m.phone))).keys());
    const free = pending.filter((m) => !taken.has(m.phone));
    if (free.length === 0) break;
    const again = await insert(free);
    for (const r of again) out.set(r.phone, { id: r.id, created: true });
    inserted.push(...again);
  }
  const known = input.filter((m) => !out.has(m.phone));
  if (known.length) {
    const rows = await ctx.tx
      .select({ id: members.id, phone: members.phone, name: members.name })
      .from(members)
      .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.phone} = any(${sql.param(known.map((m) => m.phone))}::text[])`));
    for (const r of rows) out.set(r.phone, { id: r.id, created: false });
    const named = known.filter((m) => m.name && rows.some((r) => r.phone === m.phone && r.name === ''));
    if (named.length) {
      await ctx.tx.execute(sql`
        update members set name = v.name
        from unnest(${sql.param(named.map((m) => m.phone))}::text[], ${sql.param(named.map((m) => m.name))}::text[]) as v(phone, name)
        where members.tenant_id = ${ctx.tenantId} and members.phone = v.phone and members.name = ''`);
    }
  }
  if (inserted.length) await emit(ctx, 'members.registered', { source, members: inserted.map((r) => ({ memberId: r.id, phone: r.phone })) });
  return out;
}

/** Members by phone: phone → member id, for the phones that are registered. */
export async function memberIdsByPhone(ctx: Ctx, phones: string[]): Promise<Map<string, string>> {
  if (phones.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: members.id, phone: members.phone })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.phone} = any(${sql.param(phones)}::text[])`));
  return new Map(rows.map((r) => [r.phone, r.id]));
}

export interface MemberForCrm {
  id: string;
  phone: string;
  name: string;
  source: string;
  tierId: string | null;
  status: string;
  createdAt: Date;
}

/** What the CRM projects from members: identity, first source, tier and registration time. */
export async function membersForCrm(ctx: Ctx, ids: string[]): Promise<Map<string, MemberForCrm>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: members.id, phone: members.phone, name: members.name, source: members.source, tierId: members.tierId, status: members.status, createdAt: members.createdAt })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Member ids in id order after `afterId`, a page at a time (the CRM's backfill walks them all). */
export async function memberIdsAfter(ctx: Ctx, afterId: string, limit: number): Promise<string[]> {
  const rows = await ctx.tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.id} > ${afterId}`))
    .orderBy(members.id)
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Pseudonymises members being erased: the phone becomes `erased:<id>` (still unique), the name goes,
 * the account is blocked, and their sessions and login codes are deleted. Orders keep the member id.
 */
export async function eraseMembers(ctx: Ctx, ids: string[]): Promise<Array<{ id: string; phone: string; name: string }>> {
  if (ids.length === 0) return [];
  const before = await ctx.tx
    .select({ id: members.id, phone: members.phone, name: members.name })
    .from(members)
    .where(and(eq(members.tenantId, ctx.tenantId), sql`${members.id} = any(${sql.param(ids)}::text[])`));
  await ctx.tx.execute(sql`update members set phone = 'erased:' || id, name = '', status = 'blocked', contact_shared = false where tenant_id = ${ctx.tenantId} and id = any(${sql.param(ids)}::text[])`);
  await ctx.tx.execute(sql`delete from sessions where tenant_id = ${ctx.tenantId} and actor_type = 'member' and actor_id = any(${sql.param(ids)}::text[])`);
  await ctx.tx.execute(sql`delete from member_otps where tenant_id = ${ctx.tenantId} and phone = any(${sql.param(before.map((b) => b.phone))}::text[])`);
  return before;
}

/** Mirrors the CRM's share_contact consent onto members: whether leaders may see their name. */
export async function setContactShared(ctx: Ctx, changes: Array<{ memberId: string; shared: boolean }>): Promise<void> {
  if (changes.length === 0) return;
  await ctx.tx.execute(sql`
    update members set contact_shared = v.shared
    from unnest(${sql.param(changes.map((c) => c.memberId))}::text[], ${sql.param(changes.map((c) => c.shared))}::boolean[]) as v(id, shared)
    where members.tenant_id = ${ctx.tenantId} and members.id = v.id and members.contact_shared <> v.shared`);
}

/** Sets members' tiers (the CRM moves people between tiers; tier prices follow the member's tier). */
export async function setMemberTiers(ctx: Ctx, changes: Array<{ memberId: string; tierId: string | null }>): Promise<void> {
  if (changes.length === 0) return;
  await ctx.tx.execute(sql`
    update members set tier_id = v.tier_id
    from unnest(${sql.param(changes.map((c) => c.memberId))}::text[], ${sql.param(changes.map((c) => c.tierId))}::text[]) as v(id, tier_id)
    where members.tenant_id = ${ctx.tenantId} and members.id = v.id and members.tier_id is distinct from v.tier_id`);
}
