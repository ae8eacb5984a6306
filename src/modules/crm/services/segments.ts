import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { audit } from '../../../platform/audit';
import { inTransaction, type Ctx } from '../../../platform/context';
import { queryRows } from '../../../platform/db';
import { AppError, notFound } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import type { Page } from '../../../platform/pagination';
import { CrmErrors, SEGMENT_ENTITY } from '../crm.errors';
import { crmSegments } from '../crm.schema';
import type { ZCreateSegmentRequest, ZProfileSummary, ZSegment, ZUpdateSegmentRequest } from '../crm.validators';
import type { RuleGroup } from '../segment-rule';
import { firstPage } from './first-page';
import { countFromIndex } from './profile-index-sync';
import { isUniqueViolation } from './unique';
import { requireCrm, visibleProfiles } from './access';
import { checkRule } from './check-rule';
import { listProfiles, NEWEST_FIRST, PROFILE_SUMMARY_COLUMNS, summaryOf, type SummaryRow } from './profiles';
import { compileEnv, matches, syncSegment } from './rules';

type SegmentDto = z.infer<typeof ZSegment>;
type SegmentRow = typeof crmSegments.$inferSelect;

function dto(r: SegmentRow): SegmentDto {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    rule: r.rule as RuleGroup,
    memberCount: r.memberCount,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    refreshedAt: r.refreshedAt?.toISOString() ?? null,
  };
}

export async function getSegmentRow(ctx: Ctx, id: string): Promise<SegmentRow> {
  const [row] = await ctx.tx.select().from(crmSegments).where(and(eq(crmSegments.tenantId, ctx.tenantId), eq(crmSegments.id, id)));
  if (!row) throw notFound(SEGMENT_ENTITY);
  return row;
}

/**
 * Counts the profiles a rule matches right now and returns the first few: what the console shows
 * while the rule is being edited. Nothing is saved. Operators count only the people in their scope.
 * A large tenant's rules without event conditions are counted from the in-memory profile index
 * (caught up with every committed change first, so the count is the same); the rest in SQL.
 */
export async function previewSegment(
  ctx: Ctx,
  input: { rule: RuleGroup; sampleSize: number },
  onePassBelow = ONE_PASS_BELOW,
): Promise<{ count: number; sample: Array<z.infer<typeof ZProfileSummary>>; tookMs: number; countedBy: 'index' | 'database' }> {
  requireCrm(ctx);
  await checkRule(ctx, input.rule);
  const started = performance.now();
  const env = await compileEnv(ctx, [input.rule]);
  const took = () => Math.round((performance.now() - started) * 10) / 10;
  const indexed = await countFromIndex(ctx, input.rule, env, input.sampleSize);
  if (indexed) {
    const rows = indexed.firstIds.length
      ? await queryRows<SummaryRow>(ctx.tx, sql`select ${PROFILE_SUMMARY_COLUMNS} from crm_profiles p where p.tenant_id = ${ctx.tenantId} and p.id = any(${sql.param(indexed.firstIds)}::text[]) order by ${NEWEST_FIRST}`)
      : [];
    return { count: indexed.count, sample: rows.map((r) => summaryOf(ctx, r)), tookMs: took(), countedBy: 'index' };
  }
  const where = sql`${visibleProfiles(ctx)} and p.status = 'active' and ${matches(input.rule, env)}`;
  const page = sql`select ${PROFILE_SUMMARY_COLUMNS} from crm_profiles p where ${where} order by ${NEWEST_FIRST} limit ${input.sampleSize}`;
  let count: number;
  let sample: SummaryRow[];
  if (input.sampleSize > 0 && (await estimatedMatches(ctx, where)) < onePassBelow) {
    // Few matches expected: one pass finds them all, counts them and sorts out the first page
    // (the same bitmap scans would otherwise run twice, once per query).
    const rows = await queryRows<SummaryRow & { total: number }>(
      ctx.tx,
      sql`select ${PROFILE_SUMMARY_COLUMNS}, count(*) over ()::int as total from crm_profiles p where ${where} order by ${NEWEST_FIRST} limit ${input.sampleSize}`,
    );
    count = rows[0]?.total ?? 0;
    sample = rows;
  } else {
    const [row] = await queryRows<{ n: number }>(ctx.tx, sql`select count(*)::int as n from crm_profiles p where ${where}`);
    count = row?.n ?? 0;
    sample = input.sampleSize && count > 0 ? await firstPage<SummaryRow>(ctx, page, count) : [];
  }
  return { count, sample: sample.map((r) => summaryOf(ctx, r)), tookMs: took(), countedBy: 'database' };
}

/**
 * Below how many expected matches a preview counts and pages in one pass. Above it, the pass would
 * sort every match for one page: counting alone and walking the index for the page is cheaper.
 * Only the route depends on the planner's estimate; the count is exact either way.
 */
export const ONE_PASS_BELOW = 20_000;

/** The planner's estimate of how many profiles match (EXPLAIN, no execution: a fraction of a millisecond). */
async function estimatedMatches(ctx: Ctx, where: SQL): Promise<number> {
  const [row] = await queryRows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(ctx.tx, sql`explain (format json) select 1 from crm_profiles p where ${where}`);
  const plan = row?.['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as Array<{ Plan: { 'Plan Rows': number } }>) : plan;
  return parsed?.[0]?.Plan['Plan Rows'] ?? Number.POSITIVE_INFINITY;
}

/** Saves a segment and computes its membership; from then on the refresher keeps it current. */
export async function createSegment(ctx: Ctx, input: z.infer<typeof ZCreateSegmentRequest>): Promise<SegmentDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    await checkRule(ctx, input.rule);
    const id = newId('segment');
    try {
      await ctx.tx.insert(crmSegments).values({ tenantId: ctx.tenantId, id, name: input.name, description: input.description, rule: input.rule, createdBy: ctx.actor.id });
    } catch (err) {
      if (isUniqueViolation(err, 'crm_segments_name_key')) throw new AppError(CrmErrors.segment_name_taken, { params: { name: input.name }, errors: [{ path: 'name', message: 'taken' }] });
      throw err;
    }
    await refreshSegmentFully(ctx, { id, rule: input.rule });
    await audit(ctx, { action: 'crm.segment.created', entityType: 'crm_segment', entityId: id, data: { name: input.name } });
    return dto(await getSegmentRow(ctx, id));
  });
}

/** Renames a segment or changes its rule (membership is recomputed at once). */
export async function updateSegment(ctx: Ctx, id: string, input: z.infer<typeof ZUpdateSegmentRequest>): Promise<SegmentDto> {
  requireCrm(ctx);
  return inTransaction(ctx, async (ctx) => {
    const before = await getSegmentRow(ctx, id);
    if (input.rule) await checkRule(ctx, input.rule);
    try {
      await ctx.tx
        .update(crmSegments)
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}), ...(input.rule ? { rule: input.rule } : {}), updatedAt: new Date() })
        .where(and(eq(crmSegments.tenantId, ctx.tenantId), eq(crmSegments.id, id)));
    } catch (err) {
      if (isUniqueViolation(err, 'crm_segments_name_key')) throw new AppError(CrmErrors.segment_name_taken, { params: { name: input.name ?? '' }, errors: [{ path: 'name', message: 'taken' }] });
      throw err;
    }
    if (input.rule) await refreshSegmentFully(ctx, { id, rule: input.rule });
    await audit(ctx, { action: 'crm.segment.updated', entityType: 'crm_segment', entityId: id, data: { before: { name: before.name, rule: before.rule }, after: input } });
    return dto(await getSegmentRow(ctx, id));
  });
}

export async function deleteSegment(ctx: Ctx, id: string): Promise<void> {
  requireCrm(ctx);
  await inTransaction(ctx, async (ctx) => {
    const row = await getSegmentRow(ctx, id);
    await ctx.tx.execute(sql`delete from crm_segment_members where tenant_id = ${ctx.tenantId} and segment_id = ${id}`);
    await ctx.tx.delete(crmSegments).where(and(eq(crmSegments.tenantId, ctx.tenantId), eq(crmSegments.id, id)));
    await audit(ctx, { action: 'crm.segment.deleted', entityType: 'crm_segment', entityId: id, data: { name: row.name, rule: row.rule } });
  });
}

/** Recomputes a saved segment's whole membership and its exact count (on save, and periodically). */
export async function refreshSegmentFully(ctx: Ctx, segment: { id: string; rule: RuleGroup }, now = new Date()): Promise<void> {
  const env = await compileEnv(ctx, [segment.rule], now);
  const moved = await syncSegment(ctx, segment, env, null);
  // Many rows in at once: give the planner fresh statistics, or the next member list is planned for
  // the tiny table it saw before (measured: 4.4 s instead of milliseconds for 772k new members).
  if (moved.added + moved.removed > 10_000) await ctx.tx.execute(sql`analyze crm_segment_members`);
  await ctx.tx.execute(sql`
    update crm_segments set member_count = (select count(*) from crm_segment_members s where s.tenant_id = ${ctx.tenantId} and s.segment_id = ${segment.id}), refreshed_at = ${now.toISOString()}::timestamptz
    where tenant_id = ${ctx.tenantId} and id = ${segment.id}`);
}

export async function getSegment(ctx: Ctx, id: string): Promise<SegmentDto> {
  requireCrm(ctx);
  return dto(await getSegmentRow(ctx, id));
}

export async function listSegments(ctx: Ctx): Promise<{ items: SegmentDto[] }> {
  requireCrm(ctx);
  const rows = await ctx.tx.select().from(crmSegments).where(eq(crmSegments.tenantId, ctx.tenantId)).orderBy(asc(crmSegments.name));
  return { items: rows.map(dto) };
}

/** The segment's current members, as the profile list (sortable, paged; operators see their scope). */
export async function listSegmentMembers(ctx: Ctx, id: string, q: Omit<Parameters<typeof listProfiles>[1], 'segmentId'>): Promise<Page<z.infer<typeof ZProfileSummary>>> {
  requireCrm(ctx);
  await getSegmentRow(ctx, id);
  return listProfiles(ctx, { ...q, segmentId: id });
}

const STAGE_ZH: Record<string, string> = { new: '新客', active: '活跃', repeat: '复购', at_risk: '流失风险', dormant: '沉睡', churned: '已流失', won_back: '召回' };

/** The segment's members as a workbook (XLSX or CSV): one row per person, in 5,000-row pages. */
export async function segmentWorkbook(ctx: Ctx, id: string): Promise<{ wb: ExcelJS.Workbook; name: string }> {
  requireCrm(ctx);
  const seg = await getSegmentRow(ctx, id);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('members');
  ws.columns = [
    { header: '客户ID / id', key: 'id', width: 32 },
    { header: '姓名 / name', key: 'name', width: 14 },
    { header: '手机 / phone', key: 'phone', width: 14 },
    { header: '来源 / source', key: 'source', width: 16 },
    { header: '渠道 / channels', key: 'channels', width: 20 },
    { header: '阶段 / stage', key: 'stage', width: 10 },
    { header: '订单数 / orders', key: 'orders', width: 10 },
    { header: '消费(元) / spend (yuan)', key: 'spend', width: 14 },
    { header: '最近下单 / last order', key: 'lastOrder', width: 22 },
    { header: '注册 / registered', key: 'registered', width: 22 },
  ];
  let cursor: string | undefined;
  for (;;) {
    const page = await listProfiles(ctx, { segmentId: id, sort: 'recent', limit: 2000, cursor });
    for (const p of page.items) {
      ws.addRow({ id: p.id, name: p.name, phone: p.phone ?? '', source: p.source, channels: p.channels.join(','), stage: `${STAGE_ZH[p.stage] ?? p.stage} ${p.stage}`, orders: p.orderCount, spend: p.spendFen / 100, lastOrder: p.lastOrderAt ?? '', registered: p.registeredAt });
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  await audit(ctx, { action: 'crm.segment.exported', entityType: 'crm_segment', entityId: id, data: { rows: ws.rowCount - 1 } });
  return { wb, name: `segment-${seg.id}` };
}
