import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTuan } from '../../src/app';
import { seedDemo } from '../../src/demo/seed';
import { closeDueCampaigns } from '../../src/flows/close-campaign.flow';
import type { BaseCtx } from '../../src/platform/context';
import { baseCtx, testConfig, testDatabase } from '../helpers/db';
import { launchBrowser, newPage, ownerApi, phoneContext, RESULTS, signInMember, skip, TIMEOUT } from './support';

// Group-buys in groups and pickup on the member pages, in Chromium on a phone. The owner publishes
// a live campaign to the demo retail group; the demo member (in that group) opens the group's link,
// sees the group's 接龙, checks out choosing a pickup point (remembered for next time) and pays: the
// order records the group and the point. A member who is not in the group is told so and may order
// without it. The demo's order waiting at its pickup point: the bell counts the notice, the notices
// page marks it read, the order shows the pickup code with its QR code and is in the 待自提 tab. A
// new campaign goes through 截单, picking list, dispatch (备货中) and arrival to a code; once the
// leader takes it, the order shows when it was collected. My groups lists each group's campaigns.

const DEMO_MEMBER = '13800000001';
const OUTSIDER = '13944440001';
const RETAIL_GROUP = '徐汇鲜果团 1 群';
const POINT = '漕溪北路自提点';

interface GroupJson {
  id: string;
  name: string;
}
interface CampaignJson {
  id: string;
  title: string;
  status: string;
  fulfilment: 'pickup' | 'delivery' | 'both';
  warehouseId: string;
  orgUnitId: string | null;
  items: { id: string; skuId: string; priceFen: number }[];
}
interface OrderJson {
  id: string;
  status: string;
  memberPhone: string;
  fulfilment: 'pickup' | 'delivery';
  groupId: string | null;
  pickupPointId: string | null;
}
interface PointJson {
  id: string;
  name: string;
}

/**
 * The test server of `startTestServer`, keeping its database context: tests do not run the
 * process's background jobs, so this file runs the campaign-closing job itself once a campaign ends.
 */
async function startServer(): Promise<{ url: string; base: BaseCtx; close(): Promise<void> }> {
  const database = await testDatabase();
  const config = testConfig({ loginRatePerMinute: 10_000 });
  const base = baseCtx(database, config);
  await seedDemo(base);
  const app = await buildTuan({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    base,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

describe.skipIf(skip)('group-buys in groups and pickup on the member pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let owner: BrowserContext;
  let member: BrowserContext;
  let retail: GroupJson;
  let campaign: CampaignJson;

  const api = (p: string) => `${server.url}/api/v1${p}`;
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS, `member-fulfilment-${name}.png`), fullPage: true });

  /** On the campaign page: one of the first item that can be bought, then on to checkout. */
  async function pickOneAndCheckOut(page: Page) {
    await page.locator('[data-testid=campaign-item]').first().waitFor();
    const plus = page.locator('[data-testid=campaign-item] .m-stepper button:last-child:not([disabled])').first();
    await plus.click();
    await page.click('[data-testid=buy]');
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
    const groups = (await (await owner.request.get(api('/groups?limit=100'))).json()) as { items: GroupJson[] };
    retail = groups.items.find((g) => g.name === RETAIL_GROUP)!;
    expect(retail).toBeDefined();
    const live = (await (await owner.request.get(api('/campaigns?status=live&limit=50'))).json()) as { items: CampaignJson[] };
    const found = live.items.find((c) => c.fulfilment !== 'delivery');
    expect(found).toBeDefined();
    campaign = found!;
    // Published to the group: its share card links to the group's page of the campaign.
    const published = await owner.request.post(api(`/campaigns/${campaign.id}/groups`), { data: { groupIds: [retail.id] } });
    expect(published.status()).toBe(200);
    const cards = (await published.json()) as { items: { groupId: string; url: string }[] };
    expect(cards.items.find((c) => c.groupId === retail.id)?.url).toContain(`/m/demo/c/${campaign.id}?g=${retail.id}`);
    // The demo member, signed in once for the file (the SMS code may not be asked for again at once).
    member = await phoneContext(browser);
    await signInMember(member, owner, server.url, DEMO_MEMBER);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('orders from the group’s link with a pickup point: the order records both, and the point is remembered', async () => {
    const page = await newPage(member);

    // The group's link: the group's own 接龙 (本群), and everyone's on a tap.
    const groupEntries = page.waitForResponse((r) => r.url().includes(`/campaigns/${campaign.id}/entries`) && r.url().includes(`groupId=${retail.id}`));
    await page.goto(`${server.url}/m/demo/c/${campaign.id}?g=${retail.id}`);
    expect((await groupEntries).status()).toBe(200);
    await page.locator('[data-testid=entries-scope]').waitFor();
    await expect.poll(() => page.locator('[data-testid=campaign-group]').textContent(), { timeout: TIMEOUT }).toContain(RETAIL_GROUP);
    await expect(page.locator('[data-testid=entries-scope-group]').getAttribute('aria-pressed')).resolves.toBe('true');
    const entriesOf = async (groupId?: string) =>
      ((await (await member.request.get(api(`/t/demo/campaigns/${campaign.id}/entries?limit=200${groupId ? `&groupId=${groupId}` : ''}`))).json()) as { items: unknown[] }).items.length;
    const inGroup = await entriesOf(retail.id);
    const everyone = await entriesOf();
    // The demo campaign already has paid orders from outside the group.
    expect(everyone).toBeGreaterThan(inGroup);
    const shown = () => page.locator('[data-testid=entry]').count();
    if (inGroup === 0) await expect(page.locator('[data-testid=entries-empty]').textContent()).resolves.toContain('本群还没有人参团');
    else await expect.poll(shown, { timeout: TIMEOUT }).toBe(inGroup);
    const allEntries = page.waitForResponse((r) => r.url().includes(`/campaigns/${campaign.id}/entries`) && !r.url().includes('groupId='));
    await page.click('[data-testid=entries-scope-all]');
    await allEntries;
    await expect.poll(shown, { timeout: TIMEOUT }).toBe(Math.min(everyone, 50));
    await page.click('[data-testid=entries-scope-group]');
    await expect.poll(shown, { timeout: TIMEOUT }).toBe(inGroup);
    await shot(page, 'campaign-group');

    // Checkout keeps the group; a pickup order needs a point.
    await pickOneAndCheckOut(page);
    await page.waitForURL(new RegExp(`/m/demo/c/${campaign.id}/checkout\\?g=${retail.id}$`));
    await expect.poll(() => page.locator('[data-testid=checkout-group]').textContent(), { timeout: TIMEOUT }).toContain(RETAIL_GROUP);
    const pickup = page.locator('input[name=fulfilment][value=pickup]');
    if ((await pickup.count()) > 0 && !(await pickup.isChecked())) await pickup.check();
    const cards = page.locator('[data-testid=pickup-point]');
    await cards.first().waitFor();
    // The group's leader's points, each with its address and opening hours.
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    const card = cards.filter({ hasText: POINT });
    await expect(card.textContent()).resolves.toContain('营业时间');
    await expect(page.locator('input[name=pickupPoint]:checked').count()).resolves.toBe(0);
    let posted = 0;
    page.on('request', (r) => r.url().endsWith('/api/v1/orders') && r.method() === 'POST' && posted++);
    await page.click('[data-testid=place-order]');
    await expect.poll(() => page.locator('[data-testid=pickup-point-error]').textContent(), { timeout: TIMEOUT }).toBe('请选择自提点');
    expect(posted).toBe(0);
    await card.click();
    const pointId = (await card.getAttribute('data-point-id'))!;
    await expect(page.locator('[data-testid=pickup-point-error]').count()).resolves.toBe(0);
    await shot(page, 'checkout-points');

    const placed = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
    await page.click('[data-testid=place-order]');
    const res = await placed;
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ campaignId: campaign.id, fulfilment: 'pickup', groupId: retail.id, pickupPointId: pointId });

    // Pay in the sandbox.
    await page.waitForURL(/\/m\/demo\/pay\/pay_/);
    await page.click('[data-testid=pay-confirm]');
    await page.waitForURL(/\/m\/demo\/orders\/ord_/);
    await page.locator('[data-testid=order-status] [data-status=paid]').waitFor();
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.locator('[data-testid=order-group]').textContent(), { timeout: TIMEOUT }).toContain(RETAIL_GROUP);
    await expect.poll(() => page.locator('[data-testid=order-pickup-point]').textContent(), { timeout: TIMEOUT }).toContain(POINT);
    await shot(page, 'order-paid');

    // The owner sees where it came from and where it goes.
    const order = (await (await owner.request.get(api(`/orders/${orderId}`))).json()) as OrderJson;
    expect(order.status).toBe('paid');
    expect(order.groupId).toBe(retail.id);
    expect(order.pickupPointId).toBe(pointId);

    // The group's 接龙 now has the member in it.
    await page.goto(`${server.url}/m/demo/c/${campaign.id}?g=${retail.id}`);
    await expect.poll(() => page.locator('[data-testid=entry]').count(), { timeout: TIMEOUT }).toBe(inGroup + 1);
    await expect(page.locator('[data-testid=entry]').last().textContent()).resolves.toContain('陈');

    // Next time the point is ticked already, marked as last time's choice.
    await pickOneAndCheckOut(page);
    await page.waitForURL(/\/checkout\?g=/);
    const remembered = page.locator(`[data-testid=pickup-point][data-point-id="${pointId}"]`);
    await remembered.waitFor();
    await expect.poll(() => remembered.locator('input').isChecked(), { timeout: TIMEOUT }).toBe(true);
    await expect(remembered.textContent()).resolves.toContain('上次选择');
    await page.close();
  }, 180_000);

  it('tells a member who is not in the group so, and lets them order without it', async () => {
    const outsider = await phoneContext(browser);
    await signInMember(outsider, owner, server.url, OUTSIDER);
    const page = await newPage(outsider);
    await page.goto(`${server.url}/m/demo/c/${campaign.id}?g=${retail.id}`);
    await pickOneAndCheckOut(page);
    await page.waitForURL(/\/checkout\?g=/);

    // Known before pressing: they are not in the group.
    const notice = page.locator('[data-testid=checkout-error][data-kind=notInGroup]');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('你还不在这个群里');
    await expect(notice.locator('[data-testid=issue-my-groups]').getAttribute('href')).resolves.toBe('/m/demo/groups');
    const pickup = page.locator('input[name=fulfilment][value=pickup]');
    if ((await pickup.count()) > 0 && !(await pickup.isChecked())) await pickup.check();
    await page.locator('[data-testid=pickup-point]').filter({ hasText: POINT }).click();

    // Pressed anyway: the server refuses, and the page says why instead of a generic error.
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
    await page.click('[data-testid=place-order]');
    const res = await refused;
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('community.order_not_in_group');
    await expect.poll(() => notice.locator('[data-testid=order-without-group]').textContent(), { timeout: TIMEOUT }).toBe('不计入该群，直接下单');
    await shot(page, 'checkout-not-in-group');

    // Without the group, the order goes through (still to the chosen point).
    const placed = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
    await notice.locator('[data-testid=order-without-group]').click();
    const ok = await placed;
    expect(ok.status()).toBe(201);
    const body = JSON.parse(ok.request().postData() ?? '{}') as { groupId?: string; pickupPointId?: string };
    expect(body.groupId).toBeUndefined();
    expect(body.pickupPointId).toBeTruthy();
    await page.waitForURL(/\/m\/demo\/pay\/pay_/);
    await outsider.close();
  }, 120_000);

  it('shows the order the demo already took to its pickup point: the bell, the notice, the code with its QR code', async () => {
    // The demo seed has one of the demo member's orders waiting at a pickup point with a code.
    const waiting = (await (await owner.request.get(api('/orders?status=ready_for_pickup&limit=100'))).json()) as { items: OrderJson[] };
    const seeded = waiting.items.find((o) => o.memberPhone === DEMO_MEMBER && o.fulfilment === 'pickup' && o.pickupPointId);
    expect(seeded).toBeDefined();
    const order = seeded!;
    expect(order.groupId).toBe(retail.id);
    const points = (await (await member.request.get(api('/me/pickup-points'))).json()) as { items: PointJson[] };
    const point = points.items.find((p) => p.id === order.pickupPointId)!;
    expect(point).toBeDefined();

    // The bell on the member's own pages shows the unread notices.
    const unread = ((await (await member.request.get(api('/me/notices'))).json()) as { unread: number }).unread;
    expect(unread).toBeGreaterThanOrEqual(1);
    const page = await newPage(member);
    await page.goto(`${server.url}/m/demo/`);
    await expect.poll(() => page.locator('[data-testid=notices-badge]').textContent(), { timeout: TIMEOUT }).toBe(String(unread));
    await shot(page, 'home-bell');

    // The notices page lists the arrival and marks everything read.
    await page.click('[data-testid=notices-bell]');
    await page.waitForURL(/\/m\/demo\/notices$/);
    const notice = page.locator(`[data-testid=notice][data-kind=pickup_ready]`).filter({ has: page.locator(`a[href="/m/demo/orders/${order.id}"]`) });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('到货啦');
    await expect(notice.getAttribute('data-unread')).resolves.toBe('true');
    await expect.poll(async () => ((await (await member.request.get(api('/me/notices'))).json()) as { unread: number }).unread, { timeout: TIMEOUT }).toBe(0);
    await shot(page, 'notices');
    // Read now: the bell has no count.
    await page.goto(`${server.url}/m/demo/orders`);
    await page.locator('[data-testid=notices-bell][data-unread="0"]').waitFor();
    await expect(page.locator('[data-testid=notices-badge]').count()).resolves.toBe(0);

    // The notice opens the order: the code, big and spaced, its QR code, and where to collect.
    await page.goto(`${server.url}/m/demo/notices`);
    await notice.locator('[data-testid=notice-order-link]').click();
    await page.waitForURL(new RegExp(`/m/demo/orders/${order.id}$`));
    const codeCard = page.locator('[data-testid=pickup-code-card]');
    await codeCard.waitFor();
    const mine = (await (await member.request.get(api(`/me/orders/${order.id}/pickup-code`))).json()) as { code: string };
    const digits = codeCard.locator('[data-testid=pickup-code]');
    await expect(digits.getAttribute('data-code')).resolves.toBe(mine.code);
    await expect(digits.textContent()).resolves.toBe(`${mine.code.slice(0, 3)} ${mine.code.slice(3)}`);
    const qr = codeCard.locator('[data-testid=pickup-qr]');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), { timeout: TIMEOUT }).toBeGreaterThan(0);
    await expect(codeCard.textContent()).resolves.toContain('出示给团长扫码或报码提货');
    await expect.poll(() => codeCard.locator('[data-testid=pickup-code-point]').textContent(), { timeout: TIMEOUT }).toContain(point.name);
    await expect.poll(() => page.locator('[data-testid=order-group]').textContent(), { timeout: TIMEOUT }).toContain(RETAIL_GROUP);
    await shot(page, 'pickup-code');

    // The 待自提 tab lists it with its code.
    await page.goto(`${server.url}/m/demo/orders`);
    await page.click('.m-tab:has-text("待自提")');
    await page.waitForURL(/\/m\/demo\/orders\?tab=pickup$/);
    const listed = page.locator('[data-testid=order-card]', { has: page.locator(`[data-code="${mine.code}"]`) });
    await listed.waitFor();
    // The tab reloads its list after the click: wait for the reloaded card, not the one it replaces.
    await expect.poll(() => listed.locator('[data-status=ready_for_pickup]').count(), { timeout: TIMEOUT }).toBe(1);
    await shot(page, 'orders-pickup');
    await page.close();
  }, 180_000);

  it('takes a new group-buy through arrival to collection: 备货中, the code, then when it was collected; My groups lists the group’s campaigns', async () => {
    // A campaign of the demo's own products, published to the group.
    const model = (await (await owner.request.get(api(`/campaigns/${campaign.id}`))).json()) as CampaignJson;
    const now = Date.now();
    const created = await owner.request.post(api('/campaigns'), {
      data: {
        title: '到货测试团：赣南脐橙',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 86_400_000).toISOString(),
        threshold: { kind: 'none' },
        fulfilment: 'pickup',
        warehouseId: model.warehouseId,
        ...(model.orgUnitId ? { orgUnitId: model.orgUnitId } : {}),
        items: [{ skuId: model.items[0]!.skuId, priceFen: 1990, perMemberLimit: null, cap: 20 }],
      },
    });
    expect(created.status()).toBe(201);
    const draft = (await created.json()) as CampaignJson;
    expect((await owner.request.post(api(`/campaigns/${draft.id}/publish`))).status()).toBe(200);
    expect((await owner.request.post(api(`/campaigns/${draft.id}/groups`), { data: { groupIds: [retail.id] } })).status()).toBe(200);

    // The member orders from the group for the pickup point, and pays.
    const points = (await (await member.request.get(api(`/me/pickup-points?groupId=${retail.id}`))).json()) as { items: PointJson[] };
    const point = points.items.find((p) => p.name === POINT)!;
    expect(point).toBeDefined();
    const placed = await member.request.post(api('/orders'), {
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      data: { campaignId: draft.id, items: [{ itemId: draft.items[0]!.id, quantity: 2 }], fulfilment: 'pickup', groupId: retail.id, pickupPointId: point.id },
    });
    expect(placed.status()).toBe(201);
    const orderId = ((await placed.json()) as OrderJson).id;
    const payment = (await (await member.request.post(api(`/orders/${orderId}/payments`))).json()) as { paymentId: string };
    expect((await member.request.post(api(`/sandbox/payments/${payment.paymentId}/complete`), { data: { outcome: 'paid' } })).status()).toBe(200);

    // 截单; the closing job (run here, as the process would) closes it as a success; then the
    // picking list and dispatch from the warehouse, through the API.
    expect((await owner.request.post(api(`/campaigns/${draft.id}/end`))).status()).toBe(200);
    expect(await closeDueCampaigns(server.base)).toBeGreaterThanOrEqual(1);
    const generated = await owner.request.post(api(`/campaigns/${draft.id}/picking-lists`));
    expect(generated.status()).toBe(200);
    const lists = ((await generated.json()) as { lists: string[] }).lists;
    expect(lists).toHaveLength(1);
    expect((await owner.request.post(api(`/picking-lists/${lists[0]}/dispatch`), { data: {} })).status()).toBe(200);
    const page = await newPage(member);
    await page.goto(`${server.url}/m/demo/orders/${orderId}`);
    await page.locator('[data-testid=order-status] [data-status=fulfilling]').waitFor();
    await expect(page.locator('[data-testid=order-status] h1').textContent()).resolves.toBe('备货中');

    // Arrival at the point: a code for the member.
    expect((await owner.request.post(api(`/picking-lists/${lists[0]}/arrival`), { data: {} })).status()).toBe(200);
    expect(((await (await owner.request.get(api(`/orders/${orderId}`))).json()) as OrderJson).status).toBe('ready_for_pickup');
    await page.reload();
    const digits = page.locator('[data-testid=pickup-code-card] [data-testid=pickup-code]');
    await digits.waitFor();
    const code = (await digits.getAttribute('data-code'))!;
    expect(code).toMatch(/^\d{6}$/);

    // The leader takes the code at the point: the order shows when it was collected.
    const verified = await owner.request.post(api('/pickups/verify'), { data: { code, pickupPointId: point.id } });
    expect(verified.status()).toBe(200);
    await page.reload();
    await page.locator('[data-testid=order-status] [data-status=completed]').waitFor();
    await expect.poll(() => page.locator('[data-testid=pickup-collected]').textContent(), { timeout: TIMEOUT }).toMatch(/^已提货 · /);
    await expect(page.locator('[data-testid=pickup-code-card]').count()).resolves.toBe(0);
    await shot(page, 'collected');

    // My groups: the group's campaigns, open ones first, each opening the group's page of it.
    await page.goto(`${server.url}/m/demo/groups`);
    const groupCard = page.locator(`[data-testid=group-card][data-group-id="${retail.id}"]`);
    const listedCampaign = groupCard.locator(`[data-testid=group-campaign][data-campaign-id="${campaign.id}"]`);
    await listedCampaign.waitFor();
    await expect(listedCampaign.textContent()).resolves.toContain('进行中');
    const more = groupCard.locator('[data-testid=group-campaigns-more]');
    if ((await more.count()) > 0) await more.click();
    await expect(groupCard.locator(`[data-testid=group-campaign][data-campaign-id="${draft.id}"]`).textContent()).resolves.toContain('已成团');
    const statuses = await groupCard.locator('[data-testid=group-campaign]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.lastIndexOf('live')).toBeLessThan(statuses.indexOf('succeeded'));
    await shot(page, 'my-groups');
    await listedCampaign.click();
    await page.waitForURL(new RegExp(`/m/demo/c/${campaign.id}\\?g=${retail.id}$`));
    await page.locator('[data-testid=entries-scope]').waitFor();
    await page.close();
  }, 180_000);
});
