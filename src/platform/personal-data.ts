import { sql } from 'drizzle-orm';
import type { Ctx } from './context';
import { queryRows } from './db';

/** Tables that refuse updates by design (the commission journal): they hold ids and amounts, never names or phones. */
const APPEND_ONLY = new Set(['journal_entries', 'journal_postings', 'order_line_referrals']);

/**
 * The last step of erasing a person: every text and JSON column of every table of the tenant is
 * searched for the person's phone and name, and each occurrence replaced by the pseudonym — so a
 * copy kept anywhere (an event payload, an audit entry, an address on a kept order, an import
 * report) goes too, including in tables added after this was written. Returns the cells changed.
 */
export async function scrubTenantText(ctx: Ctx, needles: string[], replacement: string): Promise<number> {
  const wanted = [...new Set(needles.map((n) => n.trim()).filter((n) => n.length >= 2))];
  if (wanted.length === 0) return 0;
  const columns = await queryRows<{ table_name: string; column_name: string; data_type: string }>(
    ctx.tx,
    sql`select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb', 'json')
          and exists (select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.table_name and k.column_name = 'tenant_id')
          and c.column_name <> 'tenant_id'
        order by c.table_name, c.column_name`,
  );
  let changed = 0;
  for (const c of columns) {
    if (APPEND_ONLY.has(c.table_name)) continue;
    const column = sql.identifier(c.column_name);
    const table = sql.identifier(c.table_name);
    const isJson = c.data_type === 'jsonb' || c.data_type === 'json';
    for (const needle of wanted) {
      const like = `%${needle.replace(/[%_\\]/g, (x) => `\\${x}`)}%`;
      // In JSON the replacement must stay a valid string body: it is plain text without quotes or backslashes.
      const rows = await queryRows<{ n: number }>(
        ctx.tx,
        isJson
          ? sql`with u as (update ${table} set ${column} = replace(${column}::text, ${needle}, ${replacement})::${sql.raw(c.data_type)} where tenant_id = ${ctx.tenantId} and ${column}::text like ${like} returning 1) select count(*)::int as n from u`
          : sql`with u as (update ${table} set ${column} = replace(${column}, ${needle}, ${replacement}) where tenant_id = ${ctx.tenantId} and ${column} like ${like} returning 1) select count(*)::int as n from u`,
      );
      changed += rows[0]?.n ?? 0;
    }
  }
  return changed;
}

/**
 * Drops the stored replies of idempotent requests made by, or about, these people (a reply can carry
 * an order with its delivery address). A retry after this runs afresh and meets the state as it is.
 */
export async function forgetReplies(ctx: Ctx, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await queryRows<{ n: number }>(
    ctx.tx,
    sql`with d as (
          delete from idempotency_keys where tenant_id = ${ctx.tenantId}
            and (actor_id = any(${sql.param(ids)}::text[]) or exists (select 1 from unnest(${sql.param(ids)}::text[]) as i(id) where response_body::text like '%' || i.id || '%'))
          returning 1
        ) select count(*)::int as n from d`,
  );
  return rows[0]?.n ?? 0;
}
