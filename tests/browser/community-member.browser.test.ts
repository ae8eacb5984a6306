import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { latestSmsCode, launchBrowser, newPage, ownerApi, phoneContext, RESULTS, signInMember, skip, TIMEOUT } from './support';

// Communities (社群) on the member pages, in Chromium on a phone: the owner makes an invite for an
// offline event; a new member opens it without being signed in, reads what the group offers and its
// rules, signs in and comes back, accepts the rules and joins; the roster records the event as the
// source and when the rules were accepted. Banned, the member is told so on the join page. A member
// invites friends from My groups (link and QR code) and leaves a group; a member applies to lead.

const NEW_MEMBER = '13933330001';
const DEMO_MEMBER = '13800000001';
const APPLICANT = '13933330002';
const RETAIL_GROUP = '徐汇鲜果团 1 群';

interface GroupJson {
  id: string;
  name: string;
}
interface InviteJson {
  id: string;
  code: string;
  source: string;
  eventName: string;
  url: string;
}
interface RosterJson {
  memberId: string;
  status: string;
  source: string;
  eventName: string;
  rulesAcceptedAt: string | null;
}

describe.skipIf(skip)('communities on the member pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;
  let retail: GroupJson;

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(RESULTS, `member-community-${name}.png`), fullPage: true });

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
    const groups = (await (await owner.request.get(`${server.url}/api/v1/groups?limit=100`)).json()) as { items: GroupJson[] };
    const found = groups.items.find((g) => g.name === RETAIL_GROUP);
    expect(found).toBeDefined();
    retail = found!;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes a new member from an event invite through sign-in and the rules into the group; a ban then shows on the join page', async () => {
    const created = await owner.request.post(`${server.url}/api/v1/groups/${retail.id}/invites`, { data: { source: 'offline_event', eventName: '测试品鉴会' } });
    expect(created.status()).toBe(201);
    const invite = (await created.json()) as InviteJson;
    expect(invite.source).toBe('offline_event');
    expect(invite.url).toContain(`/m/demo/join/${invite.code}`);

    const member = await phoneContext(browser);
    const page = await newPage(member);

    // Not signed in: the page still shows the group, what it offers and its rules, line by line.
    await page.goto(`${server.url}/m/demo/join/${invite.code}`);
    await page.locator('[data-testid=join-rules]').waitFor();
    await expect(page.locator('[data-testid=join-group] h1').textContent()).resolves.toBe(RETAIL_GROUP);
    await expect(page.locator('[data-testid=join-group]').textContent()).resolves.toContain('零售群');
    await expect(page.locator('[data-testid=join-purpose]').textContent()).resolves.toContain('每周两次产地直发水果团购');
    const rules = await page.locator('[data-testid=join-rules]').innerText();
    expect(rules.split('\n').map((l) => l.trim())).toEqual(['1. 只聊团购和生活，不发广告和外链。', '2. 不拉人进群卖货，不加群友私聊推销。', '3. 售后问题请找团长，文明交流。']);
    await expect(page.locator('[data-testid=join-leaders]').textContent()).resolves.toContain('团长');

    // Join waits for the rules to be accepted; not signed in, it signs in first.
    const submit = page.locator('[data-testid=join-submit]');
    await expect(submit.isDisabled()).resolves.toBe(true);
    await page.check('[data-testid=join-agree]');
    await expect(submit.isEnabled()).resolves.toBe(true);
    await expect(submit.textContent()).resolves.toBe('登录后加入');
    await shot(page, 'join');
    await submit.click();
    await page.waitForURL(/\/m\/demo\/login\?next=/);
    await page.fill('input[name=phone]', NEW_MEMBER);
    await page.click('[data-testid=get-code]');
    await page.locator('.m-alert-info').waitFor();
    await page.fill('input[name=code]', await latestSmsCode(owner, server.url, NEW_MEMBER));
    await page.click('button[type=submit]');

    // Back on the join page, signed in: tick the rules (still ticked from before) and join.
    await page.waitForURL(new RegExp(`/m/demo/join/${invite.code}$`));
    await page.locator('[data-testid=join-agree]').waitFor();
    await page.check('[data-testid=join-agree]');
    await expect.poll(() => submit.textContent(), { timeout: TIMEOUT }).toBe('加入群');
    const joined = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/groups') && r.request().method() === 'POST');
    await submit.click();
    const res = await joined;
    expect(res.status()).toBe(201);
    expect(JSON.parse(res.request().postData() ?? '{}')).toEqual({ code: invite.code, acceptRules: true });
    await page.locator('[data-testid=join-success]').waitFor();
    await expect(page.locator('[data-testid=join-success]').textContent()).resolves.toContain(`已加入「${RETAIL_GROUP}」`);
    await shot(page, 'joined');

    // My groups lists the group.
    await page.click('[data-testid=join-success] [data-testid=go-my-groups]');
    await page.waitForURL(/\/m\/demo\/groups$/);
    const card = page.locator(`[data-testid=group-card][data-group-id="${retail.id}"]`);
    await card.waitFor();
    await expect(card.locator('h2').textContent()).resolves.toBe(RETAIL_GROUP);
    await expect(page.locator('[data-testid=nav-groups]').getAttribute('aria-current')).resolves.toBe('page');
    await shot(page, 'my-groups');

    // The roster: the member came from the offline event and accepted the rules.
    const me = (await (await member.request.get(`${server.url}/api/v1/me`)).json()) as { actor: { id: string } };
    const roster = (await (await owner.request.get(`${server.url}/api/v1/groups/${retail.id}/members?source=offline_event&limit=100`)).json()) as { items: RosterJson[] };
    const entry = roster.items.find((m) => m.memberId === me.actor.id);
    expect(entry).toBeDefined();
    expect(entry!.status).toBe('active');
    expect(entry!.source).toBe('offline_event');
    expect(entry!.eventName).toBe('测试品鉴会');
    expect(entry!.rulesAcceptedAt).toBeTruthy();

    // Banned, the member who tries again is told so.
    const banned = await owner.request.post(`${server.url}/api/v1/groups/${retail.id}/members/${me.actor.id}/ban`, { data: { reason: 'test' } });
    expect(banned.status()).toBe(200);
    await page.goto(`${server.url}/m/demo/join/${invite.code}`);
    await page.locator('[data-testid=join-agree]').waitFor();
    await page.check('[data-testid=join-agree]');
    await submit.click();
    const refusal = page.locator('[data-testid=join-issue]');
    await refusal.waitFor();
    await expect(refusal.getAttribute('data-kind')).resolves.toBe('banned');
    await expect(refusal.textContent()).resolves.toContain('你已被移出本群并禁止再次加入');
    await expect(page.locator('[data-testid=join-submit]').count()).resolves.toBe(0);
    await shot(page, 'banned');

    // And the group is gone from My groups.
    await page.goto(`${server.url}/m/demo/groups`);
    await page.locator('[data-testid=groups-empty]').waitFor();
    await member.close();
  }, 180_000);

  it('gives a member their own invite link with a QR code in My groups, the same each time; leaving asks first', async () => {
    const member = await phoneContext(browser);
    await signInMember(member, owner, server.url, DEMO_MEMBER);
    const page = await newPage(member);
    await page.goto(`${server.url}/m/demo/`);
    await page.click('[data-testid=nav-groups]');
    await page.waitForURL(/\/m\/demo\/groups$/);
    const card = page.locator(`[data-testid=group-card][data-group-id="${retail.id}"]`);
    await card.waitFor();

    await card.locator('[data-testid=group-invite-button]').click();
    const url = card.locator('[data-testid=invite-url]');
    await url.waitFor();
    const first = (await url.textContent()) ?? '';
    expect(first).toMatch(/\/m\/demo\/join\/[A-Z0-9]{8}$/);
    const qr = card.locator('[data-testid=invite-qr]');
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth), { timeout: TIMEOUT }).toBeGreaterThan(0);
    expect(await qr.getAttribute('src')).toMatch(/^\/api\/v1\/invites\/[^/]+\/qr\?format=png$/);
    await shot(page, 'invite');

    // Closed and opened again: the same link (made once, then reused).
    await card.locator('[data-testid=group-invite-button]').click();
    await card.locator('[data-testid=group-invite-button]').click();
    await expect.poll(() => card.locator('[data-testid=invite-url]').textContent(), { timeout: TIMEOUT }).toBe(first);

    // A friend who opens it sees who invited them.
    const friend = await phoneContext(browser);
    const friendPage = await newPage(friend);
    await friendPage.goto(first.replace(/^https?:\/\/[^/]+/, server.url));
    await friendPage.locator('[data-testid=join-referrer]').waitFor();
    await expect(friendPage.locator('[data-testid=join-referrer]').textContent()).resolves.toContain('邀请你加入');
    await friend.close();

    // Leaving asks first: "cancel" keeps the group, "OK" leaves it.
    page.once('dialog', (d) => void d.dismiss());
    await card.locator('[data-testid=group-leave]').click();
    await expect(card.count()).resolves.toBe(1);
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await card.locator('[data-testid=group-leave]').click();
    await expect.poll(() => card.count(), { timeout: TIMEOUT }).toBe(0);
    expect(asked).toContain(RETAIL_GROUP);
    const mine = (await (await member.request.get(`${server.url}/api/v1/me/groups`)).json()) as { items: { groupId: string }[] };
    expect(mine.items.some((g) => g.groupId === retail.id)).toBe(false);
    await member.close();
  }, 120_000);

  it('lets a member apply to become a leader, with mistakes shown under their fields', async () => {
    const member = await phoneContext(browser);
    await signInMember(member, owner, server.url, APPLICANT);
    const page = await newPage(member);
    await page.goto(`${server.url}/m/demo/groups`);
    await page.click('[data-testid=leader-apply-link]');
    await page.waitForURL(/\/m\/demo\/leader\/apply$/);
    await page.locator('[data-testid=leader-form]').waitFor();
    await expect.poll(() => page.locator('[data-testid=leader-page]').getAttribute('data-view')).toBe('apply');
    await shot(page, 'leader-apply');

    // Nothing filled in: every required field says what it needs, before anything is sent.
    await page.click('[data-testid=leader-submit]');
    await expect.poll(() => page.locator('[data-testid=error-realName]').textContent(), { timeout: TIMEOUT }).toBe('请填写真实姓名');
    await expect(page.locator('[data-testid=error-email]').textContent()).resolves.toBe('请填写邮箱');
    await expect(page.locator('[data-testid=error-orgUnitId]').textContent()).resolves.toBe('请选择服务区域或门店');

    // Regions and stores to choose from (not the brand itself).
    const options = await page.locator('[data-testid=leader-org-unit] option:not([value=""])').allTextContents();
    expect(options).toContain('华东大区');
    expect(options).toContain('上海徐汇店 · 华东大区');
    expect(options).not.toContain('鲜果团 Demo');

    // An address the page accepts but the server does not: the server's field error shows under it.
    await page.fill('input[name=realName]', '林小雨');
    await page.fill('input[name=email]', 'xiaoyu@example.c');
    await page.selectOption('[data-testid=leader-org-unit]', { label: '上海徐汇店 · 华东大区' });
    await page.fill('textarea[name=intro]', '徐汇漕溪小区业主群群主，群里 200 多户。');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/leader-application') && r.request().method() === 'POST');
    await page.click('[data-testid=leader-submit]');
    expect((await refused).status()).toBe(400);
    // (The server's message for this field is English only; the Chinese page says it in Chinese.)
    await expect.poll(() => page.locator('[data-testid=error-email]').textContent(), { timeout: TIMEOUT }).toBe('邮箱格式不正确');
    await shot(page, 'leader-apply-errors');

    await page.fill('input[name=email]', 'xiaoyu@example.com');
    await page.click('[data-testid=leader-submit]');
    await page.locator('[data-testid=leader-review]').waitFor();
    await expect(page.locator('[data-testid=leader-review]').textContent()).resolves.toContain('xiaoyu@example.com');
    await expect(page.locator('[data-testid=leader-review]').textContent()).resolves.toContain('上海徐汇店');
    await shot(page, 'leader-review');

    // The owner sees the application.
    const leaders = (await (await owner.request.get(`${server.url}/api/v1/leaders?status=applied&limit=100`)).json()) as { items: { realName: string; email: string; orgUnitName: string }[] };
    const application = leaders.items.find((l) => l.realName === '林小雨');
    expect(application).toMatchObject({ email: 'xiaoyu@example.com', orgUnitName: '上海徐汇店' });
    await member.close();
  }, 120_000);
});
