import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/platform/db';
import { dispatchRound } from '../../src/platform/consumers';
import { crmConsumer } from '../../src/modules/crm';
import { drainDirty, refreshProfiles } from '../../src/modules/crm/services/refresh';
import { markDirty } from '../../src/modules/crm/services/queue';
import { applyTag, createTag } from '../../src/modules/crm/services/tags';
import { inTransaction, systemCtx } from '../../src/platform/context';
import { ingestEvents } from '../../src/modules/crm/services/ingest-events';
import { createSegment, previewSegment, refreshSegmentFully } from '../../src/modules/crm/services/segments';
import { warmProfileIndex } from '../../src/modules/crm/services/profile-index-sync';
import type { RuleGroup } from '../../src/modules/crm';
import { baseCtx } from '../helpers/db';
import { newMember } from '../helpers/commerce';
import { createTestTenant, type TestTenant } from '../helpers/factories';
import { describeServer, serverDatabase } from '../helpers/server-db';

// The CRM with many writers at once: the same batch sent ten times in parallel, and several
// refreshers draining the queue together, on a real server.
describeServer('CRM under concurrency', () => {
  let database: Database;
  let t: TestTenant;

  beforeAll(async () => {
    database = await serverDatabase();
    t = await createTestTenant(baseCtx(database));
  });
  afterAll(() => database?.close());

  it('stores a batch resent ten times at once exactly once, and parallel refreshers leave the membership a full recompute gives', async () => {
    const base = baseCtx(database);
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await newMember(t, `p${i}`));
    const seg = await createSegment(t.owner, { name: '分享达人', description: '', rule: { type: 'all', rules: [{ type: 'event', eventType: 'shared', did: true, days: 7, atLeast: 3 }] } });
    const batch = people.flatMap((p, i) => Array.from({ length: i % 5 }, (_, k) => ({ clientEventId: `${p.actor.id}-${k}`, type: 'shared', person: { memberId: p.actor.id } })));
    const results = await Promise.all(Array.from({ length: 10 }, () => ingestEvents(t.owner, { events: batch })));
    expect(results.reduce((a, r) => a + r.stored, 0)).toBe(batch.length);
    expect(results.reduce((a, r) => a + r.duplicates, 0)).toBe(batch.length * 9);
    const [stored] = await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_events where tenant_id = ${t.tenantId} and type = 'shared'`);
    expect(stored!.n).toBe(batch.length);

    // Four refreshers at once, small batches, until the queue is empty.
    await dispatchRound(base, [crmConsumer], 1000);
    const drain = async () => {
      for (let i = 0; i < 100; i++) if ((await drainDirty(base, 5)) === 0) return;
    };
    await Promise.all([drain(), drain(), drain(), drain()]);
    const members = async () => (await queryRows<{ profile_id: string }>(base.tx, sql`select profile_id from crm_segment_members where tenant_id = ${t.tenantId} and segment_id = ${seg.id} order by profile_id`)).map((r) => r.profile_id);
    const incremental = await members();
    expect(incremental).toEqual(people.filter((_, i) => i % 5 >= 3).map((p) => p.actor.id).sort());
    await refreshProfiles(t.sys, people.map((p) => p.actor.id));
    await refreshSegmentFully(t.sys, { id: seg.id, rule: seg.rule });
    expect(await members()).toEqual(incremental);
    const [count] = await queryRows<{ member_count: number }>(base.tx, sql`select member_count from crm_segments where tenant_id = ${t.tenantId} and id = ${seg.id}`);
    expect(count!.member_count).toBe(incremental.length);
  });
  it('a change made while its profile is being refreshed queues it again, without waiting for the refresher', async () => {
    const base = baseCtx(database);
    const p = await newMember(t, 'queued');
    const queued = async () => (await queryRows<{ n: number }>(base.tx, sql`select count(*)::int as n from crm_dirty where tenant_id = ${t.tenantId} and profile_id = ${p.actor.id}`))[0]!.n;
    await database.db.execute(sql`delete from crm_dirty where tenant_id = ${t.tenantId}`);
    await inTransaction(base, (b) => markDirty(systemCtx(b, t.tenantId), [p.actor.id]));
    // Marking a profile already waiting adds nothing.
    await inTransaction(base, (b) => markDirty(systemCtx(b, t.tenantId), [p.actor.id]));
    expect(await queued()).toBe(1);

    // A refresher claims it and holds its transaction open …
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let claimed!: () => void;
    const isClaimed = new Promise<void>((r) => (claimed = r));
    const refresher = database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from crm_dirty where tenant_id = ${t.tenantId} and profile_id = ${p.actor.id}`);
      claimed();
      await held;
    });
    await isClaimed;
    // … while a writer marks it: the writer neither waits nor counts on the claimed row.
    const marked = inTransaction(base, (b) => markDirty(systemCtx(b, t.tenantId), [p.actor.id])).then(() => 'done');
    const first = await Promise.race([marked, new Promise((r) => setTimeout(() => r('waiting'), 3000))]);
    release();
    await refresher;
    expect(first).toBe('done');
    expect(await queued()).toBe(1);
  });

  it('refreshers running while events and tags arrive never deadlock, and end where a full recompute does', async () => {
    const base = baseCtx(database);
    const people = [];
    for (let i = 0; i < 40; i++) people.push(await newMember(t, `r${i}`));
    const ids = people.map((p) => p.actor.id);
    const tag = await createTag(t.owner, { name: '活跃分享', groupId: null, color: 'blue', kind: 'manual' });
    const seg = await createSegment(t.owner, { name: '近期分享', description: '', rule: { type: 'any', rules: [{ type: 'event', eventType: 'liked', did: true, days: 7, atLeast: 2 }, { type: 'tag', op: 'any', values: [tag.id] }] } });
    let writing = true;
    const writers = Array.from({ length: 3 }, async (_, w) => {
      for (let round = 0; round < 15; round++) {
        const some = ids.filter((_, i) => (i + round + w) % 3 === 0);
        await ingestEvents(t.owner, { events: some.map((id) => ({ clientEventId: `${id}-${w}-${round}`, type: 'liked', person: { memberId: id } })) });
        if (round % 5 === w) await applyTag(t.owner, tag.id, { profileIds: some.slice(0, 5) });
      }
    });
    const refreshers = Array.from({ length: 4 }, async () => {
      while (writing) {
        await dispatchRound(base, [crmConsumer], 1000);
        await drainDirty(base, 7);
      }
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(refreshers);
    await dispatchRound(base, [crmConsumer], 1000);
    while ((await drainDirty(base, 50)) > 0);
    const members = async () => (await queryRows<{ profile_id: string }>(base.tx, sql`select profile_id from crm_segment_members where tenant_id = ${t.tenantId} and segment_id = ${seg.id} order by profile_id`)).map((r) => r.profile_id);
    const incremental = await members();
    expect(incremental.length).toBeGreaterThan(0);
    await refreshProfiles(t.sys, ids);
    await refreshSegmentFully(t.sys, { id: seg.id, rule: seg.rule });
    expect(await members()).toEqual(incremental);
  });
  it('the in-memory segment index sees a transaction that began before a count and committed after it, and never uncommitted work', async () => {
    const base = baseCtx(database);
    const t3 = await createTestTenant(base);
    await base.tx.execute(sql`
      insert into crm_profiles (tenant_id, id, stage, registered_at)
      select ${t3.tenantId}, 'mbr_ooo' || lpad(g::text, 4, '0'), 'new', now() - make_interval(days => g) from generate_series(1, 300) g`);
    const indexed = { ...t3.owner, config: { ...t3.owner.config, segmentIndexMinProfiles: 1 } };
    const inSql = { ...t3.owner, config: { ...t3.owner.config, segmentIndexMinProfiles: 0 } };
    expect(await warmProfileIndex(indexed)).toBe(true);
    const dormant: RuleGroup = { type: 'all', rules: [{ type: 'stage', op: 'in', values: ['dormant'] }] };
    const count = async (ctx: typeof indexed) => previewSegment(ctx, { rule: dormant, sampleSize: 5 });

    // A takes its transaction id and writes first; B writes and commits; a count runs; then A commits.
    let commitA!: () => void;
    const gate = new Promise<void>((r) => (commitA = r));
    let written!: () => void;
    const aWrote = new Promise<void>((r) => (written = r));
    const a = database.db.transaction(async (tx) => {
      await tx.execute(sql`update crm_profiles set stage = 'dormant' where tenant_id = ${t3.tenantId} and id = 'mbr_ooo0001'`);
      written();
      await gate;
    });
    await aWrote;
    await base.tx.execute(sql`update crm_profiles set stage = 'dormant' where tenant_id = ${t3.tenantId} and id = 'mbr_ooo0002'`);
    expect(await count(indexed)).toMatchObject({ countedBy: 'index', count: 1 });
    commitA();
    await a;
    const after = await count(indexed);
    expect(after).toMatchObject({ countedBy: 'index', count: 2 });
    expect(after.sample.map((p) => p.id)).toEqual(['mbr_ooo0001', 'mbr_ooo0002']);

    // Eight writers flipping stages in small transactions while counts run: at the end, the same as SQL.
    const writer = async (w: number) => {
      for (let i = 0; i < 25; i++) {
        const id = `mbr_ooo${String(1 + ((w * 37 + i * 11) % 300)).padStart(4, '0')}`;
        await database.db.transaction(async (tx) => {
          await tx.execute(sql`update crm_profiles set stage = case when stage = 'dormant' then 'active' else 'dormant' end where tenant_id = ${t3.tenantId} and id = ${id}`);
        });
      }
    };
    const counter = async () => {
      for (let i = 0; i < 15; i++) expect((await count(indexed)).countedBy).toBe('index');
    };
    await Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), counter(), counter()]);
    const fromIndex = await count(indexed);
    const fromSql = await count(inSql);
    expect({ count: fromIndex.count, ids: fromIndex.sample.map((p) => p.id) }).toEqual({ count: fromSql.count, ids: fromSql.sample.map((p) => p.id) });
  });
});
