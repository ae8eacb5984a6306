import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { createLiveCampaign, key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../../../tests/helpers/factories';
import { inTransaction, type BaseCtx, type Ctx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../flows/payment.flow';
import { createGroup, joinGroup, createInvite } from '../community';
import { createOrgUnit } from '../identity';
import type { RuleGroup } from './segment-rule';
import { applyTag, createTag } from './services/tags';
import { mergeProfiles } from './services/merge-profiles';
import { erasePerson } from './services/personal-data';
import { previewSegment } from './services/segments';
import { profileIndexStatus, pruneProfileChanges, sweepIdleIndexes, warmProfileIndex } from './services/profile-index-sync';
import { settleCrm } from '../../../tests/helpers/crm';

// The in-memory index behind segment previews must count what the database holds at the moment of
// the count: every write through Tuan's own services (tags, orders, merges, erasure, joins) and any
// other write to the profile table, once committed — and nothing uncommitted.

let database: Database;
let base: BaseCtx;
let t: TestTenant;
let indexed: Ctx;
let inSql: Ctx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
  t = await createTestTenant(base);
  indexed = { ...t.owner, config: { ...t.owner.config, segmentIndexMinProfiles: 1 } };
  inSql = { ...t.owner, config: { ...t.owner.config, segmentIndexMinProfiles: 0 } };
});
afterAll(() => database.close());

const settle = () => settleCrm(base);

/** Previews each rule from the index and in SQL: same count, same first page. */
async function agree(ctxIndexed: Ctx, ctxSql: Ctx, rules: RuleGroup[]): Promise<number[]> {
  const counts: number[] = [];
  for (const rule of rules) {
    const a = await previewSegment(ctxIndexed, { rule, sampleSize: 7 });
    const b = await previewSegment(ctxSql, { rule, sampleSize: 7 });
    expect(a.countedBy, JSON.stringify(rule)).toBe('index');
    expect(b.countedBy).toBe('database');
    expect({ count: a.count, ids: a.sample.map((p) => p.id) }, JSON.stringify(rule)).toEqual({ count: b.count, ids: b.sample.map((p) => p.id) });
    counts.push(a.count);
  }
  return counts;
}

describe('segment previews from the in-memory profile index', () => {
  it('stay equal to SQL through tags, orders, joins, merges, erasure and direct writes, and count in SQL inside a transaction', async () => {
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: '门店' })).id;
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '邻里团', purpose: '', rules: '', capacity: 500, warnLimit: 3, leaderIds: [] });
    const members: Ctx[] = [];
    for (let i = 0; i < 24; i++) members.push(await newMember(t, `会员${i}`));
    await settle();
    const vip = await createTag(t.owner, { name: 'VIP', kind: 'manual', groupId: null, color: 'blue' });
    const rules: RuleGroup[] = [
      { type: 'all', rules: [{ type: 'tag', op: 'any', values: [vip.id] }] },
      { type: 'any', rules: [{ type: 'orders', window: 30, op: 'gte', value: 1 }, { type: 'stage', op: 'in', values: ['dormant'] }] },
      { type: 'all', rules: [{ type: 'group', op: 'any', values: [group.id] }, { type: 'tag', op: 'none', values: [vip.id] }] },
      { type: 'all', rules: [{ type: 'org_unit', op: 'in', values: [t.brandId] }] },
      { type: 'all', rules: [{ type: 'last_order', op: 'never' }] },
    ];

    // Not built yet: the first preview counts in SQL and starts the build.
    expect((await previewSegment(indexed, { rule: rules[0]!, sampleSize: 1 })).countedBy).toBe('database');
    expect(await warmProfileIndex(indexed)).toBe(true);
    expect(profileIndexStatus(database.db, t.tenantId)).toMatchObject({ ready: true, profiles: 24 });
    expect(await agree(indexed, inSql, rules)).toEqual([0, 0, 0, 0, 24]);

    // A manual tag on eight people.
    await applyTag(t.owner, vip.id, { profileIds: members.slice(0, 8).map((m) => m.actor.id) });
    // Three join the group; two buy and pay (the refresher moves their order windows and stage).
    const invite = await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, { publicBaseUrl: 'http://x', tenantSlug: 'x' });
    for (const m of members.slice(6, 9)) await joinGroup(m, { code: invite.code, acceptRules: true });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 100, cap: 100, priceFen: 1500 }] });
    for (const m of members.slice(7, 9)) {
      const order = (await placeOrderFlow(m, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', note: '' }, key())).body;
      const pay = await createPaymentFlow(m, order.id);
      await completeSandboxPaymentFlow(m, pay.paymentId, 'paid');
    }
    await settle();
    expect(await agree(indexed, inSql, rules)).toEqual([8, 2, 1, 3, 22]);

    // A direct write (as a migration or a script would make), a new profile, a deleted one.
    await base.tx.execute(sql`update crm_profiles set stage = 'dormant' where tenant_id = ${t.tenantId} and id = ${members[20]!.actor.id}`);
    const late = await newMember(t, '新会员');
    await settle();
    await base.tx.execute(sql`delete from crm_profiles where tenant_id = ${t.tenantId} and id = ${members[21]!.actor.id}`);
    expect(await agree(indexed, inSql, rules)).toEqual([8, 3, 1, 3, 22]);

    // A merge (the source stops counting) and an erasure (the person stays, pseudonymised).
    await mergeProfiles(t.owner, { targetId: members[0]!.actor.id, sourceId: members[1]!.actor.id });
    await erasePerson(t.owner, members[2]!.actor.id, { reason: '本人要求' });
    await settle();
    const afterMerge = await agree(indexed, inSql, rules);
    expect(afterMerge[4]).toBeLessThan(22 + 1);

    // Inside a transaction the preview counts in SQL, which sees the transaction's own writes (that
    // the index never sees uncommitted work, on a server with concurrent transactions, is in
    // tests/server/crm.server.test.ts).
    await inTransaction(base, async (b) => {
      await b.tx.execute(sql`update crm_profiles set tag_ids = array_append(tag_ids, ${vip.id}) where tenant_id = ${t.tenantId} and id = ${late.actor.id}`);
      const inside = await previewSegment({ ...indexed, tx: b.tx, inTx: true }, { rule: rules[0]!, sampleSize: 0 });
      expect(inside).toMatchObject({ countedBy: 'database', count: afterMerge[0]! + 1 });
    });
    expect((await agree(indexed, inSql, [rules[0]!]))[0]).toBe(afterMerge[0]! + 1);

    // An operator counts only the people connected to their org units, from the index too.
    const operator = await createTestUser(t, 'operator', [store]);
    await agree({ ...operator.ctx, config: indexed.config }, { ...operator.ctx, config: inSql.config }, rules);
  });

  it('gives up on a catch-up larger than rebuilding, rebuilds, and counts the same', async () => {
    const t2 = await createTestTenant(base);
    const ctx = { ...t2.owner, config: { ...t2.owner.config, segmentIndexMinProfiles: 1 } };
    await base.tx.execute(sql`
      insert into crm_profiles (tenant_id, id, stage, registered_at)
      select ${t2.tenantId}, 'mbr_bulk' || lpad(g::text, 6, '0'), 'new', now() - make_interval(days => g % 400) from generate_series(1, 12000) g`);
    expect(await warmProfileIndex(ctx)).toBe(true);
    const rule: RuleGroup = { type: 'all', rules: [{ type: 'stage', op: 'in', values: ['active'] }] };
    expect(await previewSegment(ctx, { rule, sampleSize: 0 })).toMatchObject({ countedBy: 'index', count: 0 });
    // Everyone changes at once (more than a catch-up carries): SQL answers while the index rebuilds.
    await base.tx.execute(sql`update crm_profiles set stage = 'active' where tenant_id = ${t2.tenantId}`);
    expect(await previewSegment(ctx, { rule, sampleSize: 0 })).toMatchObject({ countedBy: 'database', count: 12000 });
    expect(await warmProfileIndex(ctx)).toBe(true);
    expect(await previewSegment(ctx, { rule, sampleSize: 3 })).toMatchObject({ countedBy: 'index', count: 12000 });
    // Unused for twenty minutes, the index is dropped (its memory given back); the next preview rebuilds it.
    sweepIdleIndexes(database.db, Date.now() + 19 * 60_000);
    expect(profileIndexStatus(database.db, t2.tenantId).ready).toBe(true);
    sweepIdleIndexes(database.db, Date.now() + 21 * 60_000);
    expect(profileIndexStatus(database.db, t2.tenantId).ready).toBe(false);
    expect(await previewSegment(ctx, { rule, sampleSize: 0 })).toMatchObject({ countedBy: 'database', count: 12000 });
    // The change log is pruned by age only: today's changes stay.
    const [before] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_profile_changes where tenant_id = ${t2.tenantId}`);
    expect(before!.n).toBeGreaterThanOrEqual(24000);
    await pruneProfileChanges(base);
    const [after] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_profile_changes where tenant_id = ${t2.tenantId}`);
    expect(after!.n).toBe(before!.n);
    await base.tx.execute(sql`update crm_profile_changes set at = now() - interval '2 hours' where tenant_id = ${t2.tenantId}`);
    await pruneProfileChanges(base);
    const [pruned] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_profile_changes where tenant_id = ${t2.tenantId}`);
    expect(pruned!.n).toBe(0);
  });
});
