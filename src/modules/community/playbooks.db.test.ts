import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseCtx, testDatabase } from '../../../tests/helpers/db';
import { errorCode } from '../../../tests/helpers/errors';
import { createLiveCampaign, key, newMember } from '../../../tests/helpers/commerce';
import { createTestTenant, createTestUser } from '../../../tests/helpers/factories';
import type { BaseCtx } from '../../platform/context';
import { queryRows, type Database } from '../../platform/db';
import { placeOrderFlow } from '../../flows/place-order.flow';
import { createOrgUnit } from '../identity';
import { publishCampaignToGroups } from './services/campaign-groups';
import { createGroup, getGroup } from './services/groups';
import { createInvite } from './services/invites';
import { createPlaybook, listPlaybookRuns, runPlaybook, undoPlaybookRun } from './services/playbooks';
import { joinGroup } from './services/roster';

let database: Database;
let base: BaseCtx;
beforeAll(async () => {
  database = await testDatabase();
  base = baseCtx(database);
});
afterAll(() => database.close());

const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

describe('contingency playbooks', () => {
  it('runs every step on a group with a log, refuses group orders while paused, and undoes what can be undone', async () => {
    const t = await createTestTenant(base);
    const store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'S' })).id;
    const leader = await createTestUser(t, 'leader', [store]);
    const other = await createTestUser(t, 'leader', [store]);
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '群', purpose: '', rules: '', capacity: 100, warnLimit: 3, leaderIds: [leader.id] });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }] });
    await publishCampaignToGroups(t.owner, campaign.id, [group.id], link);
    const m = await newMember(t);
    await joinGroup(m, { code: (await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link)).code, acceptRules: true });
    const order = () => placeOrderFlow(m, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', note: '', groupId: group.id }, key());

    const pb = await createPlaybook(t.owner, {
      name: '食品安全谣言',
      description: '群里出现质量投诉或谣言时',
      steps: [{ kind: 'pause_campaigns' }, { kind: 'post_announcement', text: '各位邻居，我们正在核实情况，团购暂停，请稍候。' }, { kind: 'mute_group' }, { kind: 'notify_operator', text: '请运营 10 分钟内跟进' }],
    });
    expect(await errorCode(createPlaybook(t.owner, { name: '食品安全谣言', description: '', steps: [{ kind: 'mute_group' }] }))).toBe('community.playbook_name_taken');
    expect(await errorCode(runPlaybook(other.ctx, pb.id, group.id))).toBe('common.not_found');

    const run = await runPlaybook(leader.ctx, pb.id, group.id);
    expect(run.log.map((l) => [l.kind, l.status, l.undoable])).toEqual([
      ['pause_campaigns', 'done', true],
      ['post_announcement', 'done', false],
      ['mute_group', 'done', true],
      ['notify_operator', 'done', false],
    ]);
    expect(run.canUndo).toBe(true);
    expect((await getGroup(t.owner, group.id)).status).toBe('muted');
    expect(await errorCode(order())).toBe('community.campaign_paused_in_group');
    const events = await queryRows<{ type: string }>(base.tx, sql`select type from outbox_events where tenant_id = ${t.tenantId} and type in ('group.announcement','group.status_changed','playbook.operator_notified') order by id`);
    expect(events.map((e) => e.type)).toEqual(['group.announcement', 'group.status_changed', 'playbook.operator_notified']);

    // A second run finds nothing left to pause or mute, and says so.
    const again = await runPlaybook(t.owner, pb.id, group.id);
    expect(again.log.map((l) => l.status)).toEqual(['skipped', 'done', 'skipped', 'done']);
    expect(again.canUndo).toBe(false);

    const undone = await undoPlaybookRun(leader.ctx, run.id);
    expect(undone.status).toBe('undone');
    expect(undone.log.map((l) => l.status)).toEqual(['undone', 'done', 'undone', 'done']);
    expect((await getGroup(t.owner, group.id)).status).toBe('active');
    expect((await order()).status).toBe(201);
    expect(await errorCode(undoPlaybookRun(t.owner, run.id))).toBe('community.run_already_undone');
    expect(await errorCode(undoPlaybookRun(other.ctx, run.id))).toBe('common.not_found');

    const runs = await listPlaybookRuns(t.owner, { limit: 10, groupId: group.id });
    expect(runs.items.map((r) => [r.id, r.status])).toEqual([
      [again.id, 'done'],
      [run.id, 'undone'],
    ]);
    expect((await listPlaybookRuns(other.ctx, { limit: 10 })).items).toEqual([]);
  });
});
