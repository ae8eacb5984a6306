import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db';
import { dispatchRound } from '../../src/platform/consumers';
import { signBody } from '../../src/platform/signing';
import { createOrgUnit } from '../../src/modules/identity';
import { createGroup, createInvite, createPickupPoint, ensureStaffLeaderProfile, handleChatEvent, joinGroup, rotateChatSecret } from '../../src/modules/community';
import { getGroup } from '../../src/modules/community/services/groups';
import { listGroupMembers } from '../../src/modules/community/services/roster';
import { listPickingLists, myPickupCode } from '../../src/modules/fulfilment';
import { fulfilmentConsumer } from '../../src/modules/fulfilment/fulfilment.consumer';
import { endCampaignNow } from '../../src/modules/campaigns';
import { closeDueCampaigns } from '../../src/flows/close-campaign.flow';
import { confirmArrivalFlow, dispatchPickingListFlow, verifyPickupFlow } from '../../src/flows/fulfilment.flow';
import { completeSandboxPaymentFlow, createPaymentFlow } from '../../src/flows/payment.flow';
import { placeOrderFlow } from '../../src/flows/place-order.flow';
import { getOrder } from '../../src/modules/orders';
import { baseCtx } from '../helpers/db';
import { errorCode } from '../helpers/errors';
import { createLiveCampaign, newMember } from '../helpers/commerce';
import { createTestTenant, createTestUser, type TestTenant } from '../helpers/factories';
import { describeServer, serverDatabase } from '../helpers/server-db';

const link = { publicBaseUrl: 'http://x', tenantSlug: 'x' };

// Joins, pickups and chat events arriving at once: only a real server shows the locks.
describeServer('communities under concurrency', () => {
  let database: Database;
  let t: TestTenant;
  let store: string;

  beforeAll(async () => {
    database = await serverDatabase();
    t = await createTestTenant(baseCtx(database));
    store = (await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: 'S' })).id;
  });
  afterAll(() => database?.close());

  it('fifty people joining a group of twenty at once: exactly twenty get in, the rest are told it is full', async () => {
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '小群', purpose: '', rules: '', capacity: 20, warnLimit: 3, leaderIds: [] });
    const inv = await createInvite(t.owner, group.id, { source: 'official', eventName: '', label: '' }, link);
    const people = await Promise.all(Array.from({ length: 50 }, () => newMember(t)));
    const results = await Promise.all(people.map((m) => errorCode(joinGroup(m, { code: inv.code, acceptRules: true }))));
    expect(results.filter((r) => r === 'no error')).toHaveLength(20);
    expect(results.filter((r) => r === 'community.group_full')).toHaveLength(30);
    expect((await getGroup(t.owner, group.id)).counts.active).toBe(20);
  });

  it('the same pickup code typed at two counters at once completes the order once', async () => {
    const leader = await createTestUser(t, 'leader', [store]);
    await ensureStaffLeaderProfile(t.sys, { userId: leader.id, realName: 'L', phone: '13900000009', email: leader.email, orgUnitId: store });
    const point = await createPickupPoint(leader.ctx, { name: '点', address: '路', openingHours: '', contactName: '', contactPhone: '', capacity: 100 });
    const { campaign } = await createLiveCampaign(t, { items: [{ stock: 10, cap: 10 }], fulfilment: 'pickup' });
    const m = await newMember(t);
    const o = (await placeOrderFlow(m, { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 1 }], fulfilment: 'pickup', note: '', pickupPointId: point.id }, crypto.randomUUID())).body;
    const pay = await createPaymentFlow(m, o.id);
    await completeSandboxPaymentFlow(m, pay.paymentId, 'paid');
    const base = baseCtx(database);
    await endCampaignNow(t.owner, campaign.id);
    await closeDueCampaigns(base);
    await dispatchRound(base, [fulfilmentConsumer]);
    const [list] = (await listPickingLists(t.owner, { limit: 5, campaignId: campaign.id })).items;
    await dispatchPickingListFlow(t.owner, list!.id, { shortages: [], note: '' });
    await confirmArrivalFlow(leader.ctx, list!.id, { shortages: [] });
    const { code } = await myPickupCode(m, o.id);
    // Eight wrong codes at once still count one by one: five are wrong, the rest find the lock.
    const wrong = code === '000000' ? '000001' : '000000';
    const guesses = await Promise.all(Array.from({ length: 8 }, () => errorCode(verifyPickupFlow(leader.ctx, { code: wrong }))));
    expect(guesses.filter((g) => g === 'fulfilment.wrong_code')).toHaveLength(5);
    expect(guesses.filter((g) => g === 'fulfilment.pickup_locked')).toHaveLength(3);
    const operator = await createTestUser(t, 'operator', [store]);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => errorCode(i % 2 ? verifyPickupFlow(operator.ctx, { code, pickupPointId: point.id }) : verifyPickupFlow(t.owner, { code, pickupPointId: point.id }))));
    expect(results.filter((r) => r === 'no error')).toHaveLength(1);
    expect(results.filter((r) => r !== 'no error').every((r) => r === 'fulfilment.code_used' || r === 'fulfilment.not_ready')).toBe(true);
    expect((await getOrder(t.owner, o.id)).status).toBe('completed');
  });

  it('a chat event delivered ten times at once is applied once', async () => {
    const group = await createGroup(t.owner, { orgUnitId: store, type: 'retail', name: '聊天群', purpose: '', rules: '', capacity: 100, warnLimit: 5, leaderIds: [], externalId: `room-${crypto.randomBytes(3).toString('hex')}` });
    const { secret } = await rotateChatSecret(t.owner, 'test');
    const base = baseCtx(database);
    const send = (event: object) => {
      const body = JSON.stringify(event);
      return handleChatEvent(base, t.slug, signBody(secret, body), body);
    };
    await send({ type: 'member_joined', eventId: 'j1', groupExternalId: group.externalId, member: { externalUserId: 'wx-9', phone: '13912345678' } });
    const { createModerationRule } = await import('../../src/modules/community');
    await createModerationRule(t.owner, { groupId: group.id, keyword: '广告', action: 'warn', note: '' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => send({ type: 'message_posted', eventId: 'm1', groupExternalId: group.externalId, member: { externalUserId: 'wx-9' }, text: '看广告' }).catch((e: unknown) => e)));
    expect(answers.every((a) => (a as { action?: string }).action === 'warn')).toBe(true);
    expect(answers.filter((a) => !(a as { duplicate?: boolean }).duplicate)).toHaveLength(1);
    expect((await listGroupMembers(t.owner, group.id, { limit: 5 })).items[0]!.warnings).toBe(1);
  });
});
