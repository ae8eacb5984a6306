import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, RESULTS, skip, TIMEOUT, signInStaff, trail } from './support';

// The community (社群) console pages in Chromium against the real app on a fresh demo database: the
// owner reads the groups, bans a member with a reason and finds it in the moderation log, makes an
// offline-event invite whose link and QR code load, and approves a leader application (the one-time
// password is shown); a leader sees only their own group, with phones masked.

const DEMO_GROUPS = ['徐汇鲜果团 1 群', '鲜果爱好者俱乐部', '南山科技园店 店+群'];
const BANNED_PHONE = '13800000015';
const BANNED_NAME = '陈静';
const BAN_REASON = '浏览器测试：群内反复发广告';
const EVENT_NAME = '浏览器测试 12 月桃园品鉴会';

describe.skipIf(skip)('community console pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });



  const signIn = (email: string) => signInStaff(browser, server.url, email);
  const okButton = (page: Page) => page.locator('.ant-modal-footer button.ant-btn-primary');

  it('lets the owner ban a member with a reason, see it in the moderation log, make an event invite with its QR code and approve a leader', async () => {
    const { context, page } = await signIn(OWNER.email);
    const lines = trail(page);
    try {
      // 1. The demo groups, from the Community menu.
      await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '群管理' }).click();
      await page.waitForURL(/\/console\/groups$/);
      const rows = page.locator('[data-testid=group-table] .ant-table-row');
      await expect.poll(() => rows.count(), { timeout: TIMEOUT }).toBe(DEMO_GROUPS.length);
      const table = await page.locator('[data-testid=group-table]').textContent();
      for (const name of DEMO_GROUPS) expect(table).toContain(name);
      for (const type of ['零售群', '粉丝群', '门店群']) expect(table).toContain(type);
      await page.screenshot({ path: `${RESULTS}/community-groups.png`, fullPage: true });

      // 2. The retail group's roster: ban an active member with a reason.
      await page.locator('[data-testid=group-link]', { hasText: DEMO_GROUPS[0] }).click();
      await page.waitForURL(/\/console\/groups\/grp_/);
      await expect(page.locator('[data-testid=group-title]').textContent()).resolves.toBe(DEMO_GROUPS[0]);
      const member = page.locator('[data-testid=roster-table] .ant-table-row', { hasText: BANNED_PHONE });
      await expect(member.locator('[data-testid=roster-status]').getAttribute('data-status')).resolves.toBe('active');
      await member.locator('[data-testid=roster-ban]').click();
      await page.locator('[data-testid=member-action-modal]').waitFor();
      // The reason is required: submitting without one stays on the form.
      await okButton(page).click();
      await page.locator('.ant-form-item-explain-error', { hasText: '请填写原因' }).waitFor();
      await page.locator('[data-testid=member-action-reason]').fill(BAN_REASON);
      await okButton(page).click();
      await page.locator('.ant-message', { hasText: `已封禁 ${BANNED_NAME}` }).waitFor();
      await expect.poll(() => member.locator('[data-testid=roster-status]').getAttribute('data-status'), { timeout: TIMEOUT }).toBe('banned');
      await expect(member.locator('[data-testid=roster-reason]').textContent()).resolves.toBe(BAN_REASON);
      // Only the actions a banned member allows are left.
      await expect(member.locator('[data-testid=roster-unban]').count()).resolves.toBe(1);
      await expect(member.locator('[data-testid=roster-mute], [data-testid=roster-remove], [data-testid=roster-ban]').count()).resolves.toBe(0);
      await expect(page.locator('[data-testid=group-counts]').textContent()).resolves.toContain('已封禁 2');
      await page.screenshot({ path: `${RESULTS}/community-roster-banned.png`, fullPage: true });

      // 3. The group's moderation log names the ban, its reason and who did it.
      await page.locator('.ant-tabs-tab', { hasText: '风控' }).click();
      const logRow = page.locator('[data-testid=log-table] .ant-table-row', { hasText: BAN_REASON });
      await logRow.waitFor();
      await expect(logRow.textContent()).resolves.toContain(BANNED_NAME);
      await expect(logRow.locator('[data-kind]').getAttribute('data-kind')).resolves.toBe('member_banned');
      await expect(logRow.textContent()).resolves.toContain('林老板');
      await page.screenshot({ path: `${RESULTS}/community-group-moderation.png`, fullPage: true });

      // 4. An invite for an offline event: the event name is required; the link and its QR code load.
      await page.locator('.ant-tabs-tab', { hasText: '邀请链接' }).click();
      await page.locator('[data-testid=invite-table] .ant-table-row').first().waitFor();
      await page.click('[data-testid=invite-new]');
      await page.locator('[data-testid=invite-source-offline_event]').check();
      await okButton(page).click();
      await page.locator('.ant-form-item-explain-error', { hasText: '线下活动请填写活动名称' }).waitFor();
      await page.fill('[data-testid=invite-event-name]', EVENT_NAME);
      await page.fill('[data-testid=invite-label]', '入口易拉宝');
      await okButton(page).click();
      await page.locator('.ant-message', { hasText: '已生成邀请链接' }).waitFor();
      const invite = page.locator('[data-testid=invite-table] .ant-table-row', { hasText: EVENT_NAME });
      await invite.waitFor();
      await expect(invite.locator('[data-source]').getAttribute('data-source')).resolves.toBe('offline_event');
      const url = (await invite.locator('[data-testid=invite-url]').textContent()) ?? '';
      expect(url).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/m/demo/join/[A-Z0-9]{8}$`));
      const code = url.split('/').pop()!;
      const joinPage = await context.request.get(url);
      expect(joinPage.status()).toBe(200);
      expect(joinPage.headers()['content-type']).toContain('text/html');
      const publicInvite = (await (await context.request.get(`${server.url}/api/v1/t/demo/invites/${code}`)).json()) as { valid: boolean; group: { name: string } };
      expect(publicInvite).toMatchObject({ valid: true, group: { name: DEMO_GROUPS[0] } });
      const qr = invite.locator('img[data-testid=invite-qr]');
      await qr.scrollIntoViewIfNeeded();
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: TIMEOUT }).toBeGreaterThan(100);
      for (const [link, type] of [
        ['invite-png', 'image/png'],
        ['invite-svg', 'image/svg+xml'],
      ] as const) {
        const href = await invite.locator(`[data-testid=${link}]`).getAttribute('href');
        const res = await context.request.get(`${server.url}${href}`);
        expect(res.status()).toBe(200);
        expect(res.headers()['content-type']).toContain(type);
      }
      await page.screenshot({ path: `${RESULTS}/community-invites.png`, fullPage: true });

      // 5. 赵敏's application: approval shows the new account's password once, and it signs in.
      await page.goto(`${server.url}/console/leaders?status=applied`);
      const applicant = page.locator('[data-testid=leader-table] .ant-table-row', { hasText: '赵敏' });
      await applicant.locator('[data-testid=leader-approve]').click();
      await page.locator('[data-testid=leader-decision-modal]').waitFor();
      await page.locator('[data-testid=leader-decision-note]').fill('小区覆盖好，通过');
      await okButton(page).click();
      const shown = page.locator('[data-testid=leader-password-modal]');
      await shown.waitFor();
      await expect(shown.textContent()).resolves.toContain('只显示这一次');
      await expect(page.locator('[data-testid=leader-email]').textContent()).resolves.toBe('zhaomin@example.com');
      const password = (await page.locator('[data-testid=leader-password]').textContent()) ?? '';
      expect(password.length).toBeGreaterThanOrEqual(8);
      // Once the decision form has gone and the password window has finished opening.
      await page.locator('[data-testid=leader-decision-modal]').waitFor({ state: 'detached' });
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${RESULTS}/community-leader-password.png` });
      const newLeader = await browser.newContext();
      const login = await newLeader.request.post(`${server.url}/api/v1/auth/login`, { data: { tenant: 'demo', email: 'zhaomin@example.com', password } });
      expect(login.status()).toBe(200);
      await newLeader.close();
      await page.locator('.ant-modal-footer button', { hasText: '我已保存' }).click();
      await shown.waitFor({ state: 'detached' });
      // Gone for good: the applied list is empty now and the approved list shows 赵敏 without a password.
      await page.goto(`${server.url}/console/leaders?status=approved`);
      await page.locator('[data-testid=leader-table] .ant-table-row', { hasText: '赵敏' }).waitFor();
      await expect(page.locator('body').textContent()).resolves.not.toContain(password);
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/community-owner-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await context.close();
    }
  }, 180_000);

  it('shows a leader only the group they lead, with phones masked', async () => {
    const { context, page } = await signIn('leader2@demo.tuan');
    const lines = trail(page);
    try {
      const menu = page.locator('.ant-layout-sider');
      await expect(menu.textContent()).resolves.toContain('我的群');
      await expect(menu.textContent()).resolves.toContain('自提点');
      await expect(menu.textContent()).resolves.not.toContain('风控');
      await menu.locator('.ant-menu-item', { hasText: '我的群' }).click();
      await page.waitForURL(/\/console\/groups$/);
      const rows = page.locator('[data-testid=group-table] .ant-table-row');
      await rows.first().waitFor();
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toContain(DEMO_GROUPS[2]);
      await expect(page.locator('[data-testid=group-new]').count()).resolves.toBe(0);
      await page.screenshot({ path: `${RESULTS}/community-leader-groups.png`, fullPage: true });

      await page.locator('[data-testid=group-link]').click();
      await page.waitForURL(/\/console\/groups\/grp_/);
      await page.locator('[data-testid=roster-table] .ant-table-row').first().waitFor();
      const phones = await page.locator('[data-testid=roster-phone]').allTextContents();
      expect(phones.length).toBeGreaterThan(0);
      for (const phone of phones) expect(phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      // Leaders run their groups but do not edit them.
      await expect(page.locator('[data-testid=group-edit]').count()).resolves.toBe(0);
      await page.screenshot({ path: `${RESULTS}/community-leader-roster.png`, fullPage: true });

      // Another leader's group is not found, as if it did not exist; the brand's pages stay closed.
      const owner = await browser.newContext();
      await owner.request.post(`${server.url}/api/v1/auth/login`, { data: { tenant: 'demo', ...OWNER } });
      const all = (await (await owner.request.get(`${server.url}/api/v1/groups`)).json()) as { items: { id: string; name: string }[] };
      await owner.close();
      const other = all.items.find((g) => g.name === DEMO_GROUPS[0])!;
      await page.goto(`${server.url}/console/groups/${other.id}`);
      await page.locator('.ant-result', { hasText: '群不存在' }).waitFor();
      await page.goto(`${server.url}/console/leaders`);
      await expect(page.locator('.ant-result').textContent()).resolves.toContain('没有权限');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/community-leader-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await context.close();
    }
  }, 120_000);
});
