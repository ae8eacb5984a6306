import { and, asc, desc, eq, ilike, lt, sql, type SQL } from 'drizzle-orm';
import { arrayParam, type Write } from '../../../platform/db';
import type { Ctx } from '../../../platform/context';
import { AppError, notFound } from '../../../platform/errors';
import { decodeCursor, toPage, type Page } from '../../../platform/pagination';
import { CAMPAIGN_ENTITY, CampaignErrors } from '../campaigns.errors';
import { campaigns } from '../campaigns.schema';
import type { CampaignStatus } from '../campaigns.validators';
import { loadCampaign, visibleCampaigns } from './campaign-access';
import { campaignDto, effectiveStatus, loadItems, statusCondition, type CampaignView, type ItemRow } from './campaign-dto';

/** One campaign with its items (reserved, sold and left per item). */
export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignView> {
  const row = await loadCampaign(ctx, id);
  return campaignDto(row, (await loadItems(ctx, [id])).get(id) ?? []);
}

/** Campaigns the actor can see, newest first, by effective status and title search. */
export async function listCampaigns(ctx: Ctx, q: { limit: number; cursor?: string | undefined; status?: CampaignStatus | undefined; q?: string | undefined }): Promise<Page<CampaignView>> {
  const conds: SQL[] = visibleCampaigns(ctx);
  if (q.status) conds.push(statusCondition(q.status));
  if (q.q) conds.push(ilike(campaigns.title, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (q.cursor) conds.push(lt(campaigns.id, String(decodeCursor(q.cursor, 1)[0])));
  const rows = await ctx.tx.select().from(campaigns).where(and(...conds)).orderBy(desc(campaigns.id)).limit(q.limit + 1);
  const items = await loadItems(ctx, rows.slice(0, q.limit).map((r) => r.id));
  return toPage(rows, q.limit, (r) => [r.id], (r) => campaignDto(r, items.get(r.id) ?? []));
}

/** What a brand has on sale, for its members: live campaigns, then upcoming ones, soonest first. */
export async function listPublicCampaigns(ctx: Ctx, q: { limit: number; cursor?: string | undefined }): Promise<Page<CampaignView>> {
  const conds: SQL[] = [eq(campaigns.tenantId, ctx.tenantId), sql`${campaigns.status} = 'published' and ${campaigns.endsAt} > now()`];
  if (q.cursor) {
    const [ends, id] = decodeCursor(q.cursor, 2);
    conds.push(sql`(${campaigns.endsAt}, ${campaigns.id}) > (${new Date(String(ends))}, ${String(id)})`);
  }
  const rows = await ctx.tx.select().from(campaigns).where(and(...conds)).orderBy(asc(campaigns.endsAt), asc(campaigns.id)).limit(q.limit + 1);
  const items = await loadItems(ctx, rows.slice(0, q.limit).map((r) => r.id));
  return toPage(rows, q.limit, (r) => [r.endsAt.toISOString(), r.id], (r) => campaignDto(r, items.get(r.id) ?? []));
}

/**
 * A campaign as members see it, with no access check: only published (or settled) campaigns are
 * public; drafts and unknown ids are 404.
 */
export async function getPublicCampaignView(ctx: Ctx, id: string): Promise<CampaignView> {
  const row = await loadPublicRow(ctx, id);
  return campaignDto(row, (await loadItems(ctx, [id])).get(id) ?? []);
}

/** A campaign that is public (anything but a draft); 404 otherwise. */
async function loadPublicRow(ctx: Ctx, id: string) {
  const [row] = await ctx.tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, ctx.tenantId), eq(campaigns.id, id), sql`${campaigns.status} <> 'draft'`))
    .limit(1);
  if (!row) throw notFound(CAMPAIGN_ENTITY);
  return row;
}

export interface SaleContext {
  campaign: {
    id: string;
    title: string;
    warehouseId: string;
    fulfilment: 'pickup' | 'delivery' | 'both';
    endsAt: Date;
    orgUnitId: string | null;
    sellerId: string;
    sellerRole: string;
    /** The campaign row's version (its xmin): any change to the campaign or its items' terms moves it. */
    version: string;
  };
  items: Map<string, ItemRow>;
}

/**
 * What checkout needs to sell from a campaign: it must be live now; its items by id.
 * Throws CAMPAIGN_NOT_LIVE otherwise (404 when it is not public at all).
 */
export async function loadSaleContext(ctx: Ctx, id: string): Promise<SaleContext> {
  const found = (await loadSaleContexts(ctx, [id])).get(id)!;
  if (found instanceof AppError) throw found;
  return found;
}

/**
 * `loadSaleContext` for many campaigns in two queries; each answer is the context or its error.
 * The live campaigns are locked FOR SHARE until the caller's transaction ends: canceling or closing
 * one (which lock it FOR UPDATE) waits for the sale to commit and then sees its orders, so no order
 * can slip into a campaign as it closes. Live means live by the database's clock. With `onlyItems`,
 * a context holds only those of its items (a checkout batch needs the items it sells, not all of a
 * campaign's hundreds).
 */
export async function loadSaleContexts(ctx: Ctx, ids: string[], onlyItems?: string[]): Promise<Map<string, SaleContext | AppError>> {
  const unique = [...new Set(ids)].sort();
  const out = new Map<string, SaleContext | AppError>(unique.map((id) => [id, notFound(CAMPAIGN_ENTITY)]));
  if (unique.length === 0) return out;
  // Only the columns a sale needs: a campaign's description and images can be long.
  const c = campaigns;
  const rows = await ctx.tx
    .select({
      row: { id: c.id, title: c.title, status: c.status, startsAt: c.startsAt, endsAt: c.endsAt, warehouseId: c.warehouseId, fulfilment: c.fulfilment, orgUnitId: c.orgUnitId, createdBy: c.createdBy, createdByRole: c.createdByRole, version: sql<string>`${campaigns}.xmin::text` },
      live: sql<boolean>`(${campaigns.status} = 'published' and ${campaigns.startsAt} <= now() and ${campaigns.endsAt} > now())`,
    })
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, ctx.tenantId), sql`${campaigns.id} = any(${sql.param(unique)}::text[])`, sql`${campaigns.status} <> 'draft'`))
    .orderBy(campaigns.id)
    .for('share');
  const live = rows
    .filter(({ row, live }) => {
      if (!live) {
        const status = effectiveStatus(row.status, row.startsAt, row.endsAt);
        out.set(row.id, new AppError(CampaignErrors.not_live, { params: { title: row.title, status: status === 'live' ? 'ended' : status } }));
      }
      return live;
    })
    .map(({ row }) => row);
  const items = await loadItems(ctx, live.map((r) => r.id), onlyItems);
  for (const row of live) {
    out.set(row.id, {
      campaign: { id: row.id, title: row.title, warehouseId: row.warehouseId, fulfilment: row.fulfilment, endsAt: row.endsAt, orgUnitId: row.orgUnitId, sellerId: row.createdBy, sellerRole: row.createdByRole, version: row.version },
      items: new Map((items.get(row.id) ?? []).map((i) => [i.id, i])),
    });
  }
  return out;
}

/** Items of campaigns by id, for labelling orders. */
export async function campaignTitles(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: campaigns.id, title: campaigns.title })
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, ctx.tenantId), sql`${campaigns.id} = any(${sql.param([...new Set(ids)])}::text[])`));
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** The live campaigns among `ids` (published, not ended), soonest ending first, as members see them. */
export async function livePublicCampaignsByIds(ctx: Ctx, ids: string[]): Promise<CampaignView[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, ctx.tenantId), sql`${campaigns.id} = any(${sql.param([...new Set(ids)])}::text[])`, sql`${campaigns.status} = 'published' and ${campaigns.endsAt} > now()`))
    .orderBy(asc(campaigns.endsAt), asc(campaigns.id));
  const items = await loadItems(ctx, rows.map((r) => r.id));
  return rows.map((r) => campaignDto(r, items.get(r.id) ?? []));
}

/**
 * For a sale made from campaign contexts read earlier (a process's cache): locks the campaigns FOR
 * SHARE, as `loadSaleContexts` does, on condition that each is still live and still at the version
 * read. Built, not run: it goes with the sale's writes (`runTogether`), counted; fewer rows than
 * campaigns means one changed (edited, closed, canceled) since it was read, and the caller must
 * read it again. Every change to a campaign or its items' terms updates the campaign row, so the
 * row's version covers them; units taken are checked by the items' own conditional update. Each
 * campaign is found by its whole key, tenant included, taken from the arrays (see `reserveUnitsWrite`).
 */
export function saleStillValidWrite(ctx: Ctx, read: Array<{ id: string; version: string }>): { write: Write; expected: number } {
  if (read.length === 0) return { write: null, expected: 0 };
  const sorted = [...read].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    write: {
      sql: sql`select c.id from campaigns c
        join unnest(${arrayParam(ctx.tx, 'text', sorted.map(() => ctx.tenantId))}, ${arrayParam(ctx.tx, 'text', sorted.map((r) => r.id))}, ${arrayParam(ctx.tx, 'text', sorted.map((r) => r.version))}) as v(tenant_id, id, version)
          on c.tenant_id = v.tenant_id and c.id = v.id and c.xmin::text = v.version
        where c.status = 'published' and c.starts_at <= now() and c.ends_at > now()
        order by c.id for share of c`,
      counted: true,
    },
    expected: sorted.length,
  };
}
