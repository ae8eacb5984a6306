import crypto from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../tests/helpers/db';
import type { Ctx } from '../platform/context';
import { queryRows, type Database, type Tx } from '../platform/db';
import { completeKeysWrite } from '../platform/idempotency';
import { takeStockWrite } from '../modules/inventory';

// Plans matter as much as code: a checkout batch's keyed writes must find each row by its key
// whatever the statistics say. The trap: a tenant the statistics have not seen yet (new, or grown
// since the last ANALYZE) looks like one row, and a write that names the tenant as a constant was
// planned as a scan of all the tenant's rows, filtered — every batch reading every key of the sale.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const ctxOf = (tx: Tx, tenantId: string) => ({ tx, tenantId, inTx: true }) as unknown as Ctx;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Rows Removed by Filter'?: number;
  'Actual Rows'?: number;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** Runs a write under EXPLAIN ANALYZE (rolled back) and returns the plan's scans of `table`. */
async function scansOf(write: (tx: Tx) => SQL, table: string): Promise<PlanNode[]> {
  const scans: PlanNode[] = [];
  await database.db
    .transaction(async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(tx, sql`explain (analyze, format json) ${write(tx)}`);
      const raw = Object.values(row!)[0];
      const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
      const walk = (n: PlanNode) => {
        if (n['Relation Name'] === table && /Scan/.test(n['Node Type'])) scans.push(n);
        n.Plans?.forEach(walk);
      };
      walk(plan[0]!.Plan);
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return scans;
}

const id = (p: string) => `${p}_${crypto.randomBytes(6).toString('hex')}`;

describe('checkout writes under stale statistics', () => {
  it("stores answers on a new tenant's keys by one index lookup per key, not by reading all of the tenant's keys", async () => {
    const seen = id('ten');
    const fresh = id('ten');
    const insertKeys = (tenant: string, n: number) =>
      database.db.execute(sql`insert into idempotency_keys (tenant_id, actor_id, key, operation, request_hash, response_status, response_body)
        select ${tenant}, 'mbr_' || (g % 97), 'k' || g, 'placeOrder', 'h', 0, '{}'::jsonb from generate_series(1, ${n}) g`);
    try {
      await insertKeys(seen, 3000);
      await database.db.execute(sql`analyze idempotency_keys`);
      await insertKeys(fresh, 2000); // after the ANALYZE: the statistics have not seen this tenant
      // 20 of the fresh tenant's keys (key kN belongs to actor mbr_{N mod 97}).
      const done = Array.from({ length: 20 }, (_, i) => (i + 1) * 7).map((g) => ({ actorId: `mbr_${g % 97}`, key: `k${g}`, status: 201, json: '{"ok":true}' }));
      const scans = await scansOf((tx) => completeKeysWrite(ctxOf(tx, fresh), done)!.sql, 'idempotency_keys');
      expect(scans.length).toBeGreaterThan(0);
      for (const s of scans) {
        expect(s['Node Type']).toMatch(/Index/);
        expect(s['Index Cond']).toMatch(/actor_id/);
        expect(s['Index Cond']).toMatch(/key/);
        expect(s['Rows Removed by Filter'] ?? 0).toBe(0);
      }
    } finally {
      await database.db.execute(sql`delete from idempotency_keys where tenant_id in (${seen}, ${fresh})`);
    }
  });

  it("takes a new tenant's stock by one index lookup per row", async () => {
    const seen = id('ten');
    const fresh = id('ten');
    try {
      for (const t of [seen, fresh]) await database.db.execute(sql`insert into warehouses (tenant_id, id, name, code) values (${t}, 'wh_1', 'W', 'W1')`);
      const insertStock = (tenant: string, n: number) =>
        database.db.execute(sql`insert into stock_levels (tenant_id, warehouse_id, sku_id, on_hand) select ${tenant}, 'wh_1', 'sku_' || g, 100 from generate_series(1, ${n}) g`);
      await insertStock(seen, 3000);
      await database.db.execute(sql`analyze stock_levels`);
      await insertStock(fresh, 2000);
      const totals = new Map([['wh_1', new Map(Array.from({ length: 15 }, (_, i) => [`sku_${i * 101 + 1}`, 1] as [string, number]))]]);
      const scans = await scansOf((tx) => takeStockWrite(ctxOf(tx, fresh), totals).write!.sql, 'stock_levels');
      expect(scans.length).toBeGreaterThan(0);
      for (const s of scans) {
        expect(s['Node Type']).toMatch(/Index/);
        expect(s['Index Cond']).toMatch(/sku_id/);
        expect(s['Rows Removed by Filter'] ?? 0).toBe(0);
      }
    } finally {
      await database.db.execute(sql`delete from stock_levels where tenant_id in (${seen}, ${fresh})`);
      await database.db.execute(sql`delete from warehouses where tenant_id in (${seen}, ${fresh})`);
    }
  });
});
