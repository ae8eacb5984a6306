import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, requireRole, type Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { emit } from '../../../platform/events';
import { newId } from '../../../platform/ids';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { getUsersBasic } from '../../identity';
import { campaignGroups, groupAnnouncements, groups, playbookRuns, playbooks, type PlaybookLogEntry, type PlaybookStep } from '../community.schema';
import { CommunityErrors } from '../community.errors';
import type { ZCreatePlaybookRequest, ZPlaybook, ZPlaybookRun } from '../community.validators';
import { groupForStaff, visibleGroups } from './access';
import { groupNames } from './groups';

const PLAYBOOK_ENTITY = { zh: '突发预案', en: 'Playbook' };
const RUN_ENTITY = { zh: '预案执行记录', en: 'Playbook run' };
type PlaybookRow = typeof playbooks.$inferSelect;
type RunRow = typeof playbookRuns.$inferSelect;

async function playbookDtos(ctx: Ctx, rows: PlaybookRow[]): Promise<Array<z.infer<typeof ZPlaybook>>> {
  const staff = await getUsersBasic(ctx, rows.map((r) => r.createdBy));
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, steps: r.steps, active: r.active === 1, createdBy: r.createdBy, createdByName: staff.get(r.createdBy)?.name ?? '', createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

async function runDtos(ctx: Ctx, rows: RunRow[]): Promise<Array<z.infer<typeof ZPlaybookRun>>> {
  const staff = await getUsersBasic(ctx, rows.flatMap((r) => [r.startedBy, ...(r.undoneBy ? [r.undoneBy] : [])]));
  const playbookNames = new Map((await ctx.tx.select({ id: playbooks.id, name: playbooks.name }).from(playbooks).where(and(eq(playbooks.tenantId, ctx.tenantId), sql`${playbooks.id} = any(${sql.param([...new Set(rows.map((r) => r.playbookId)), ''])}::text[])`))).map((p) => [p.id, p.name]));
  const names = await groupNames(ctx, rows.map((r) => r.groupId));
  return rows.map((r) => ({
    id: r.id,
    playbookId: r.playbookId,
    playbookName: playbookNames.get(r.playbookId) ?? '',
    groupId: r.groupId,
    groupName: names.get(r.groupId) ?? '',
    status: r.status,
    log: r.log.map((l) => ({ step: l.step, kind: l.kind, status: l.status, detail: l.detail, undoable: l.undoable, at: l.at })),
    canUndo: r.status === 'done' && r.log.some((l) => l.undoable && l.status === 'done'),
    startedBy: r.startedBy,
    startedByName: staff.get(r.startedBy)?.name ?? '',
    startedAt: r.startedAt.toISOString(),
    undoneBy: r.undoneBy,
    undoneByName: r.undoneBy ? (staff.get(r.undoneBy)?.name ?? '') : '',
    undoneAt: r.undoneAt?.toISOString() ?? null,
  }));
}

/** A named playbook of steps (owners and operators). */
export async function createPlaybook(ctx: Ctx, input: z.infer<typeof ZCreatePlaybookRequest>) {
  requireRole(ctx, 'owner', 'operator', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [row] = await ctx.tx
      .insert(playbooks)
      .values({ tenantId: ctx.tenantId, id: newId('playbook'), name: input.name, description: input.description, steps: input.steps as PlaybookStep[], createdBy: ctx.actor.id })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError(CommunityErrors.playbook_name_taken, { params: { name: input.name }, errors: [{ path: 'name', message: 'already used' }] });
    await audit(ctx, { action: 'playbook.created', entityType: 'playbook', entityId: row.id, data: { name: row.name, steps: row.steps.map((s) => s.kind) } });
    return (await playbookDtos(ctx, [row]))[0]!;
  });
}

export async function listPlaybooks(ctx: Ctx) {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  const rows = await ctx.tx.select().from(playbooks).where(and(eq(playbooks.tenantId, ctx.tenantId), eq(playbooks.active, 1))).orderBy(playbooks.name);
  return { items: await playbookDtos(ctx, rows) };
}

/**
 * Runs a playbook on a group, in one transaction, logging each step: pause the campaigns published
 * to the group (orders from the group are refused while paused), post an announcement (the chat
 * integration posts it), mute the group, notify the operator. Leaders may run one on their groups.
 */
export async function runPlaybook(ctx: Ctx, playbookId: string, groupId: string) {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const group = await groupForStaff(ctx, groupId, { lock: true });
    const [pb] = await ctx.tx.select().from(playbooks).where(and(eq(playbooks.tenantId, ctx.tenantId), eq(playbooks.id, playbookId), eq(playbooks.active, 1)));
    if (!pb) throw notFound(PLAYBOOK_ENTITY);
    const runId = newId('playbookRun');
    const log: PlaybookLogEntry[] = [];
    const at = () => new Date().toISOString();
    for (const [i, step] of pb.steps.entries()) {
      switch (step.kind) {
        case 'pause_campaigns': {
          const paused = await ctx.tx
            .update(campaignGroups)
            .set({ pausedAt: new Date(), pausedByRun: runId })
            .where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.groupId, group.id), isNull(campaignGroups.pausedAt)))
            .returning({ campaignId: campaignGroups.campaignId });
          const ids = paused.map((p) => p.campaignId);
          log.push({ step: i, kind: step.kind, status: ids.length ? 'done' : 'skipped', detail: ids.length ? `paused ${ids.length} campaign(s) in this group` : 'no campaign to pause', undo: { campaignIds: ids }, undoable: ids.length > 0, at: at() });
          break;
        }
        case 'post_announcement': {
          const text = step.text ?? '';
          const id = newId('announcement');
          await ctx.tx.insert(groupAnnouncements).values({ tenantId: ctx.tenantId, id, groupId: group.id, text, runId, postedBy: ctx.actor.id });
          await emit(ctx, 'group.announcement', { groupId: group.id, externalGroupId: group.externalId, announcementId: id, text });
          log.push({ step: i, kind: step.kind, status: 'done', detail: text.slice(0, 200), undoable: false, at: at() });
          break;
        }
        case 'mute_group': {
          if (group.status !== 'active') {
            log.push({ step: i, kind: step.kind, status: 'skipped', detail: `group is ${group.status}`, undoable: false, at: at() });
            break;
          }
          await ctx.tx.update(groups).set({ status: 'muted', updatedAt: new Date() }).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, group.id)));
          await emit(ctx, 'group.status_changed', { groupId: group.id, externalGroupId: group.externalId, from: group.status, to: 'muted' });
          log.push({ step: i, kind: step.kind, status: 'done', detail: `group muted (was ${group.status})`, undo: { previousStatus: group.status }, undoable: true, at: at() });
          break;
        }
        case 'notify_operator': {
          await emit(ctx, 'playbook.operator_notified', { groupId: group.id, playbookId: pb.id, runId, text: step.text ?? '', by: ctx.actor.id });
          log.push({ step: i, kind: step.kind, status: 'done', detail: step.text ?? '', undoable: false, at: at() });
          break;
        }
      }
    }
    const [run] = await ctx.tx.insert(playbookRuns).values({ tenantId: ctx.tenantId, id: runId, playbookId: pb.id, groupId: group.id, log, startedBy: ctx.actor.id }).returning();
    await audit(ctx, { action: 'playbook.run', entityType: 'group', entityId: group.id, data: { playbookId: pb.id, runId, steps: log.map((l) => `${l.kind}:${l.status}`) } });
    return (await runDtos(ctx, [run!]))[0]!;
  });
}

/**
 * Undoes what a run can undo: resumes the campaigns it paused (those still paused by it) and
 * restores the group's status if the run muted it and it is still muted. Announcements sent and
 * operators notified stay as they were; the log says so.
 */
export async function undoPlaybookRun(ctx: Ctx, runId: string) {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  return inTransaction(ctx, async (ctx) => {
    const [run] = await ctx.tx.select().from(playbookRuns).where(and(eq(playbookRuns.tenantId, ctx.tenantId), eq(playbookRuns.id, runId))).for('update');
    if (!run) throw notFound(RUN_ENTITY);
    const group = await groupForStaff(ctx, run.groupId, { lock: true }).catch(() => Promise.reject(notFound(RUN_ENTITY)));
    if (run.status === 'undone') throw new AppError(CommunityErrors.run_already_undone);
    const at = new Date().toISOString();
    const log: PlaybookLogEntry[] = [];
    for (const entry of run.log) {
      if (!entry.undoable || entry.status !== 'done') {
        log.push(entry);
        continue;
      }
      if (entry.kind === 'pause_campaigns') {
        const resumed = await ctx.tx
          .update(campaignGroups)
          .set({ pausedAt: null, pausedByRun: null })
          .where(and(eq(campaignGroups.tenantId, ctx.tenantId), eq(campaignGroups.groupId, run.groupId), eq(campaignGroups.pausedByRun, run.id)))
          .returning({ id: campaignGroups.campaignId });
        log.push({ ...entry, status: 'undone', detail: `${entry.detail}; resumed ${resumed.length}`, at });
      } else if (entry.kind === 'mute_group') {
        const previous = entry.undo?.previousStatus ?? 'active';
        if (group.status === 'muted') {
          await ctx.tx.update(groups).set({ status: previous as 'active', updatedAt: new Date() }).where(and(eq(groups.tenantId, ctx.tenantId), eq(groups.id, group.id)));
          await emit(ctx, 'group.status_changed', { groupId: group.id, externalGroupId: group.externalId, from: 'muted', to: previous });
          log.push({ ...entry, status: 'undone', detail: `${entry.detail}; restored to ${previous}`, at });
        } else log.push({ ...entry, status: 'undone', detail: `${entry.detail}; no longer muted, left as ${group.status}`, at });
      } else log.push(entry);
    }
    const [after] = await ctx.tx.update(playbookRuns).set({ status: 'undone', log, undoneBy: ctx.actor.id, undoneAt: new Date() }).where(and(eq(playbookRuns.tenantId, ctx.tenantId), eq(playbookRuns.id, runId))).returning();
    await audit(ctx, { action: 'playbook.undone', entityType: 'group', entityId: run.groupId, data: { runId } });
    return (await runDtos(ctx, [after!]))[0]!;
  });
}

/** Runs on the groups the actor sees, newest first, optionally for one group. */
export async function listPlaybookRuns(ctx: Ctx, q: { limit: number; cursor?: string | undefined; groupId?: string | undefined }): Promise<Page<z.infer<typeof ZPlaybookRun>>> {
  requireRole(ctx, 'owner', 'operator', 'leader', 'system');
  if (q.groupId) await groupForStaff(ctx, q.groupId);
  const conds = [eq(playbookRuns.tenantId, ctx.tenantId)];
  if (q.groupId) conds.push(eq(playbookRuns.groupId, q.groupId));
  conds.push(sql`exists (select 1 from ${groups} where ${visibleGroups(ctx)} and ${groups.id} = ${playbookRuns.groupId})`);
  if (q.cursor) conds.push(lt(playbookRuns.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(playbookRuns).where(and(...conds)).orderBy(desc(playbookRuns.id)).limit(q.limit + 1);
  const page = toPage(rows, q.limit, (r) => [r.id]);
  return { items: await runDtos(ctx, page.items), nextCursor: page.nextCursor };
}
