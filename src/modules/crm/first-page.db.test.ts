import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { createTestTenant, type TestTenant } from '../../../tests/helpers/factories';
import { inTransaction, type BaseCtx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { firstPage, WALK_FROM } from './services/first-page';
import { NEWEST_FIRST } from './services/profiles';
import { createSegment, listSegmentMembers, ONE_PASS_BELOW, previewSegment } from './services/segments';

// A first page of many matches walks the registration index; of few, collects and sorts. Either
// way the page is the newest matches, and the switched-off plan settings do not outlive the query.

let database: Database;
let base: BaseCtx;
let t: TestTenant;
const PROFILES = WALK_FROM + 500;

beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  t = await createTestTenant(base);
  // Profiles straight into the projection: every third one 'active', registered a minute apart (ties on every tenth).
  await base.tx.execute(sql`
    insert into crm_profiles (tenant_id, id, stage, registered_at)
    select ${t.tenantId}, 'mbr_fp' || lpad(i::text, 6, '0'), case when i % 3 = 0 then 'active' else 'new' end,
           timestamptz '2026-01-01' + make_interval(mins => i - i % 10)
    from generate_series(1, ${PROFILES}) as i`);
  await base.tx.execute(sql`analyze crm_profiles`);
});
afterAll(() => database.close());

const newest = async (stage: string | null, n: number) =>
  (
    await queryRows<{ id: string }>(
      base.tx,
      sql`select id from crm_profiles where tenant_id = ${t.tenantId} and status = 'active' ${stage ? sql`and stage = ${stage}` : sql``} order by registered_at desc, id desc limit ${n}`,
    )
  ).map((r) => r.id);

describe('first pages of segments', () => {
  it('returns the exact count and the newest matches by every route: one pass, count and walk, count and sort', async () => {
    const all = { rule: { type: 'all' as const, rules: [{ type: 'stage' as const, op: 'in' as const, values: ['new', 'active'] as Array<'new' | 'active'> }] }, sampleSize: 20 };
    const few = { rule: { type: 'all' as const, rules: [{ type: 'stage' as const, op: 'in' as const, values: ['active'] as Array<'active'> }] }, sampleSize: 20 };
    // One pass (the planner expects few matches), or a count then a page: walked (many) or sorted (few).
    for (const onePassBelow of [Number.POSITIVE_INFINITY, 0, ONE_PASS_BELOW]) {
      const a = await previewSegment(t.owner, all, onePassBelow);
      expect(a.count).toBe(PROFILES);
      expect(a.sample.map((p) => p.id)).toEqual(await newest(null, 20));
      const f = await previewSegment(t.owner, few, onePassBelow);
      expect(f.count).toBe(Math.floor(PROFILES / 3));
      expect(f.sample.map((p) => p.id)).toEqual(await newest('active', 20));
      const none = await previewSegment(t.owner, { ...few, rule: { ...few.rule, rules: [{ type: 'stage', op: 'in', values: ['churned'] }] } }, onePassBelow);
      expect(none).toMatchObject({ count: 0, sample: [] });
    }
    expect(PROFILES).toBeGreaterThanOrEqual(WALK_FROM);
    expect(Math.floor(PROFILES / 3)).toBeLessThan(WALK_FROM);
    // Without a page, only the count runs.
    expect((await previewSegment(t.owner, { ...all, sampleSize: 0 })).count).toBe(PROFILES);
  });

  it("pages a large saved segment newest first, cursor after cursor, to the same rows a sort gives", async () => {
    const seg = await createSegment(t.owner, { name: '全部新客与活跃', description: '', rule: { type: 'all', rules: [{ type: 'stage', op: 'in', values: ['new', 'active'] }] } });
    expect(seg.memberCount).toBe(PROFILES);
    const first = await listSegmentMembers(t.owner, seg.id, { limit: 50, sort: 'recent' });
    const second = await listSegmentMembers(t.owner, seg.id, { limit: 50, sort: 'recent', cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((p) => p.id)).toEqual(await newest(null, 100));
  });

  it('plans a large page as an ordered index walk without a sort, and leaves the settings as they were', async () => {
    const query = sql`select p.id from crm_profiles p where p.tenant_id = ${t.tenantId} and p.status = 'active' and p.stage in ('new', 'active') order by ${NEWEST_FIRST} limit 20`;
    const plan = (rows: Array<Record<string, string>>) => rows.map((r) => Object.values(r)[0]).join('\n');
    await inTransaction(base, async (b) => {
      const ctx = { ...t.owner, tx: b.tx, inTx: true };
      const walked = plan(await firstPage<Record<string, string>>(ctx, sql`explain ${query}`, WALK_FROM));
      expect(walked).toContain('crm_profiles_registered_idx');
      expect(walked).not.toMatch(/\bSort\b/);
      const [after] = await queryRows<{ s: string; b: string }>(b.tx, sql`select current_setting('enable_sort') as s, current_setting('enable_bitmapscan') as b`);
      expect(after).toEqual({ s: 'on', b: 'on' });
    });
  });
});
