import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { CrmErrors, PROFILE_ENTITY, TAG_ENTITY, TAG_GROUP_ENTITY } from '../crm.errors';
import { crmTagGroups, crmTags } from '../crm.schema';
import type { ZApplyTagRequest, ZCreateTagRequest, ZTag, ZUpdateTagRequest } from '../crm.validators';
import type { RuleGroup } from '../segment-rule';
import { isUniqueViolation } from './unique';
import { requireCrm, visibleProfiles } from './access';
import { checkRule } from './check-rule';
import { markDirty } from './queue';
import { compileEnv, syncRuleTag } from './rules';
import { getSegmentRow } from './segments';
import { appendEvents } from './timeline';

type TagDto = z.infer<typeof ZTag>;
type TagRow = typeof crmTags.$inferSelect;


async function tagRow(ctx: Ctx, id: string): Promise<TagRow> {
  const [row] = await ctx.tx.select().from(crmTags).where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.id, id)));
  if (!row) throw notFound(TAG_ENTITY);
  return row;
}

async function assertGroup(ctx: Ctx, groupId: string | null): Promise<void> {
  if (!groupId) return;
  const [row] = await ctx.tx.select({ id: crmTagGroups.id }).from(crmTagGroups).where(and(eq(crmTagGroups.tenantId, ctx.tenantId), eq(crmTagGroups.id, groupId)));
  if (!row) throw notFound(TAG_GROUP_ENTITY, [{ path: 'groupId', message: 'no such tag group' }]);
}

/** Creates a tag group (a heading tags sit under, e.g. 兴趣 or 渠道). */
export async function createTagGroup(ctx: Ctx, input: { name: string }): Promise<TagGroupDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const id = newId('tagGroup');
    const [row] = await groupNameUnique(input.name, () => ctx.tx.insert(crmTagGroups).values({ tenantId: ctx.tenantId, id, name: input.name }).returning());
    await audit(ctx, { action: 'crm.tag_group.created', entityType: 'crm_tag_group', entityId: id, data: { name: input.name } });
    return { id, name: row!.name, createdAt: row!.createdAt.toISOString() };
  });
}

/** Renames a tag group. */
export async function updateTagGroup(ctx: Ctx, id: string, input: { name: string }): Promise<TagGroupDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const key = and(eq(crmTagGroups.tenantId, ctx.tenantId), eq(crmTagGroups.id, id));
    const [before] = await ctx.tx.select().from(crmTagGroups).where(key).for('update');
    if (!before) throw notFound(TAG_GROUP_ENTITY);
    const [row] = await groupNameUnique(input.name, () => ctx.tx.update(crmTagGroups).set({ name: input.name }).where(key).returning());
    await audit(ctx, { action: 'crm.tag_group.renamed', entityType: 'crm_tag_group', entityId: id, data: { before: before.name, after: input.name } });
    return { id, name: row!.name, createdAt: row!.createdAt.toISOString() };
  });
}

/** Deletes a tag group; its tags stay, ungrouped (no profile loses a tag). */
export async function deleteTagGroup(ctx: Ctx, id: string): Promise<{ ungroupedTags: number }> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx.delete(crmTagGroups).where(and(eq(crmTagGroups.tenantId, ctx.tenantId), eq(crmTagGroups.id, id))).returning();
    if (!row) throw notFound(TAG_GROUP_ENTITY);
    const moved = await ctx.tx.update(crmTags).set({ groupId: null }).where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.groupId, id))).returning({ id: crmTags.id });
    await audit(ctx, { action: 'crm.tag_group.deleted', entityType: 'crm_tag_group', entityId: id, data: { name: row.name, ungroupedTags: moved.map((m) => m.id) } });
    return { ungroupedTags: moved.length };
  });
}

type TagGroupDto = { id: string; name: string; createdAt: string };

async function groupNameUnique<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'crm_tag_groups_name_key')) throw new AppError(CrmErrors.tag_group_name_taken, { params: { name }, errors: [{ path: 'name', message: 'taken' }] });
    throw err;
  }
}

/**
 * Creates a tag. A rule tag is put on every profile its rule matches at once, then kept current by
 * the refresher as people's facts change (and by the periodic full check).
 */
export async function createTag(ctx: Ctx, input: z.infer<typeof ZCreateTagRequest>): Promise<TagDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    await assertGroup(ctx, input.groupId);
    const id = newId('tag');
    if (input.rule) await checkRule(ctx, input.rule, { forRuleTag: id });
    try {
      await ctx.tx.insert(crmTags).values({ tenantId: ctx.tenantId, id, groupId: input.groupId, name: input.name, color: input.color, kind: input.kind, rule: input.rule ?? null, createdBy: ctx.actor.id });
    } catch (err) {
      if (isUniqueViolation(err, 'crm_tags_name_key')) throw new AppError(CrmErrors.tag_name_taken, { params: { name: input.name }, errors: [{ path: 'name', message: 'taken' }] });
      throw err;
    }
    if (input.rule) await fullSyncRuleTag(ctx, { id, rule: input.rule });
    await audit(ctx, { action: 'crm.tag.created', entityType: 'crm_tag', entityId: id, data: { name: input.name, kind: input.kind } });
    return getTag(ctx, id);
  });
}

async function fullSyncRuleTag(ctx: Ctx, tag: { id: string; rule: RuleGroup }): Promise<number> {
  const env = await compileEnv(ctx, [tag.rule]);
  const changed = await syncRuleTag(ctx, tag, env, null);
  await ctx.tx.update(crmTags).set({ refreshedAt: new Date() }).where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.id, tag.id)));
  return changed;
}

/** Renames, regroups or recolours a tag, or changes a rule tag's rule (its members follow at once). */
export async function updateTag(ctx: Ctx, id: string, input: z.infer<typeof ZUpdateTagRequest>): Promise<TagDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const row = await tagRow(ctx, id);
    if (input.rule && row.kind !== 'rule') throw new AppError(CrmErrors.invalid_rule, { params: { detail: 'a manual tag has no rule' }, errors: [{ path: 'rule', message: 'a manual tag has no rule' }] });
    if (input.groupId !== undefined) await assertGroup(ctx, input.groupId);
    if (input.rule) await checkRule(ctx, input.rule, { forRuleTag: id });
    try {
      await ctx.tx
        .update(crmTags)
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.groupId !== undefined ? { groupId: input.groupId } : {}), ...(input.color ? { color: input.color } : {}), ...(input.rule ? { rule: input.rule } : {}) })
        .where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.id, id)));
    } catch (err) {
      if (isUniqueViolation(err, 'crm_tags_name_key')) throw new AppError(CrmErrors.tag_name_taken, { params: { name: input.name ?? '' }, errors: [{ path: 'name', message: 'taken' }] });
      throw err;
    }
    if (input.rule) await fullSyncRuleTag(ctx, { id, rule: input.rule });
    await audit(ctx, { action: 'crm.tag.updated', entityType: 'crm_tag', entityId: id, data: { ...input } });
    return getTag(ctx, id);
  });
}

/** Deletes a tag: it leaves every profile, and segments and rule tags that name it must drop it first. */
export async function deleteTag(ctx: Ctx, id: string): Promise<void> {
  requireCrm(ctx);
  await inTransaction(ctx, async (ctx) => {
    const row = await tagRow(ctx, id);
    const users = await queryRows<{ name: string }>(
      ctx.tx,
      sql`select name from crm_segments where tenant_id = ${ctx.tenantId} and rule::text like ${'%"' + id + '"%'}
          union all select name from crm_tags where tenant_id = ${ctx.tenantId} and kind = 'rule' and rule::text like ${'%"' + id + '"%'}`,
    );
    if (users.length) throw new AppError(CrmErrors.invalid_rule, { params: { detail: `still used by ${users.map((u) => u.name).join(', ')}` }, errors: [{ path: 'id', message: `used by ${users.map((u) => u.name).join(', ')}` }] });
    const touched = await queryRows<{ id: string }>(ctx.tx, sql`update crm_profiles set tag_ids = array_remove(tag_ids, ${id}) where tenant_id = ${ctx.tenantId} and tag_ids @> array[${id}]::text[] returning id`);
    await markDirty(ctx, touched.map((t) => t.id));
    await ctx.tx.delete(crmTags).where(and(eq(crmTags.tenantId, ctx.tenantId), eq(crmTags.id, id)));
    await audit(ctx, { action: 'crm.tag.deleted', entityType: 'crm_tag', entityId: id, data: { name: row.name, profiles: touched.length } });
  });
}

/** One tag with its group's name and how many profiles carry it. */
export async function getTag(ctx: Ctx, id: string): Promise<TagDto> {
  requireCrm(ctx);
  const list = await listTags(ctx, [id]);
  if (!list.items[0]) throw notFound(TAG_ENTITY);
  return list.items[0];
}

/** The tenant's tag groups and tags, each with how many (visible) profiles carry it. */
export async function listTags(ctx: Ctx, only?: string[]): Promise<{ groups: Array<{ id: string; name: string; createdAt: string }>; items: TagDto[] }> {
  requireCrm(ctx);
  const groups = await ctx.tx.select().from(crmTagGroups).where(eq(crmTagGroups.tenantId, ctx.tenantId)).orderBy(asc(crmTagGroups.name));
  const rows = await ctx.tx
    .select()
    .from(crmTags)
    .where(and(eq(crmTags.tenantId, ctx.tenantId), only ? sql`${crmTags.id} = any(${sql.param(only)}::text[])` : undefined))
    .orderBy(asc(crmTags.name));
  const counts = new Map<string, number>();
  if (rows.length) {
    const found = await queryRows<{ tag_id: string; n: number }>(
      ctx.tx,
      sql`select t.id as tag_id, (select count(*) from crm_profiles p where ${visibleProfiles(ctx)} and p.status = 'active' and p.tag_ids @> array[t.id]::text[])::int as n
          from unnest(${sql.param(rows.map((r) => r.id))}::text[]) as t(id)`,
    );
    for (const c of found) counts.set(c.tag_id, c.n);
  }
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return {
    groups: groups.map((g) => ({ id: g.id, name: g.name, createdAt: g.createdAt.toISOString() })),
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      groupId: r.groupId,
      groupName: r.groupId ? (groupName.get(r.groupId) ?? null) : null,
      color: r.color,
      kind: r.kind,
      rule: (r.rule as RuleGroup | null) ?? null,
      profiles: counts.get(r.id) ?? 0,
      createdAt: r.createdAt.toISOString(),
      refreshedAt: r.refreshedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Puts a manual tag on profiles, named one by one or as every member of a saved segment, or takes
 * it off (`remove`). One statement either way; each person's timeline records it, and an audit
 * entry records who did it to how many.
 */
export async function applyTag(ctx: Ctx, id: string, input: z.infer<typeof ZApplyTagRequest>, remove = false): Promise<{ changed: number }> {
  requireCrm(ctx);
  if (!input.profileIds === !input.segmentId) throw new AppError(CrmErrors.apply_target_required, { errors: [{ path: 'profileIds', message: 'name profileIds or segmentId, not both' }] });
  return inTransaction(ctx, async (ctx) => {
    const tag = await tagRow(ctx, id);
    if (tag.kind === 'rule') throw new AppError(CrmErrors.rule_tag_manual_only);
    if (input.segmentId) await getSegmentRow(ctx, input.segmentId);
    const target = input.profileIds
      ? sql`p.id = any(${sql.param(input.profileIds)}::text[])`
      : sql`p.id in (select s.profile_id from crm_segment_members s where s.tenant_id = ${ctx.tenantId} and s.segment_id = ${input.segmentId!})`;
    const has = sql`p.tag_ids @> array[${id}]::text[]`;
    const changed = await queryRows<{ id: string }>(
      ctx.tx,
      remove
        ? sql`update crm_profiles p set tag_ids = array_remove(p.tag_ids, ${id}) where ${visibleProfiles(ctx)} and p.status = 'active' and ${target} and ${has} returning p.id`
        : sql`update crm_profiles p set tag_ids = array_append(p.tag_ids, ${id}) where ${visibleProfiles(ctx)} and p.status = 'active' and ${target} and not ${has} returning p.id`,
    );
    if (input.profileIds && !remove) {
      const seen = await queryRows<{ id: string }>(ctx.tx, sql`select p.id from crm_profiles p where ${visibleProfiles(ctx)} and p.status = 'active' and ${target}`);
      const missing = input.profileIds.filter((pid) => !seen.some((s) => s.id === pid));
      if (missing.length) throw notFound(PROFILE_ENTITY, missing.map((m) => ({ path: `profileIds.${input.profileIds!.indexOf(m)}`, message: `no profile ${m}` })));
    }
    const ids = changed.map((c) => c.id);
    // Tags feed segments: the refresher re-checks these people (their timelines say who did it).
    if (ids.length <= 10_000) {
      await appendEvents(
        ctx,
        ids.map((pid) => ({ memberId: pid, type: remove ? 'tag_removed' : 'tag_applied', occurredAt: new Date(), origin: 'console' as const, subjectId: id, properties: { tag: tag.name, by: ctx.actor.name } })),
      );
    } else await markDirty(ctx, ids);
    await audit(ctx, { action: remove ? 'crm.tag.removed' : 'crm.tag.applied', entityType: 'crm_tag', entityId: id, data: { profiles: ids.length, segmentId: input.segmentId ?? null } });
    return { changed: ids.length };
  });
}
