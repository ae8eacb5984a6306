import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../tests/helpers/db';
import { queryRows, type Database } from '../platform/db';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

// Invariant 1 and the scaling path: every table is split by tenant, so it can be distributed by
// tenant without rewriting queries. The migrations' bookkeeping table is drizzle's, not ours.
describe('tenant keys in the migrated schema', () => {
  it('every table has a tenant_id column', async () => {
    const rows = await queryRows<{ table_name: string }>(
      database.db,
      sql`select t.table_name from information_schema.tables t
          where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and not exists (select 1 from information_schema.columns c where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'tenant_id')`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('every primary and unique key leads with tenant_id (tenants, the replicated reference table, has its slug too)', async () => {
    const rows = await queryRows<{ table_name: string; constraint_name: string; first_column: string }>(
      database.db,
      sql`select rel.relname as table_name, con.conname as constraint_name, att.attname as first_column
          from pg_constraint con
          join pg_class rel on rel.oid = con.conrelid
          join pg_namespace ns on ns.oid = rel.relnamespace and ns.nspname = 'public'
          join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
          where con.contype in ('p', 'u')
          union all
          select t.relname, i.relname, a.attname
          from pg_index x
          join pg_class i on i.oid = x.indexrelid
          join pg_class t on t.oid = x.indrelid
          join pg_namespace ns on ns.oid = t.relnamespace and ns.nspname = 'public'
          join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
          where x.indisunique and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const offenders = rows.filter((r) => r.first_column !== 'tenant_id' && !(r.table_name === 'tenants' && r.constraint_name === 'tenants_slug_key'));
    expect(offenders).toEqual([]);
  });
});
