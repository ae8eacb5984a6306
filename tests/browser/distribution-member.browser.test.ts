import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { latestSmsCode, signInMember, launchBrowser, newPage, ownerApi, phoneContext, RESULTS, skip, TIMEOUT } from './support';

// Distribution (分销) on the member pages, in Chromium on a phone: a member applies to become a
// distributor, the owner approves (through the API), and the earnings page then shows the balances,
// the member's share link, its QR code and a drawn poster; the campaign page's "share & earn" opens
// the same tools for that campaign; a friend who opens the shared link records a referral touch.

const DISTRIBUTOR_PHONE = '13922220001';
const FRIEND_PHONE = '13922220002';

interface DistributorJson {
  memberId: string;
  phone: string;
  status: string;
  realName: string;
  payoutAccount: string;
  referralCode: string | null;
}

describe.skipIf(skip)('distribution on the member pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;
  let campaignId: string;

  const signIn = (context: BrowserContext, phone: string) => signInMember(context, owner, server.url, phone);

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
    const live = (await (await owner.request.get(`${server.url}/api/v1/campaigns?status=live`)).json()) as { items: { id: string }[] };
    expect(live.items.length).toBeGreaterThan(0);
    campaignId = live.items[0]!.id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes a member from applying to sharing: approval, balances, link, QR code and poster; a friend’s visit is a touch', async () => {
    const member = await phoneContext(browser);
    await signIn(member, DISTRIBUTOR_PHONE);
    const page: Page = await newPage(member);

    // The member home links to the earnings page; not yet a distributor: the application form.
    await page.goto(`${server.url}/m/demo/`);
    await page.locator('[data-testid=member-home]').waitFor();
    await page.click('[data-testid=nav-earnings]');
    await page.waitForURL(/\/m\/demo\/earnings$/);
    await page.locator('[data-testid=apply-form]').waitFor();
    await expect.poll(() => page.locator('[data-testid=earnings-page]').getAttribute('data-view')).toBe('apply');

    // A missing real name is caught under its field, before anything is sent.
    await page.click('[data-testid=apply-submit]');
    await expect.poll(() => page.locator('[data-testid=error-realName]').textContent(), { timeout: TIMEOUT }).toBe('请填写真实姓名');

    await page.fill('input[name=realName]', '王小芳');
    await page.fill('textarea[name=reason]', '我有 3 个小区团购群');
    await page.fill('input[name=payoutAccount]', 'wx_xiaofang');
    await page.click('[data-testid=apply-submit]');
    await page.locator('[data-testid=distributor-review]').waitFor();
    await expect(page.locator('[data-testid=distributor-review]').textContent()).resolves.toContain('王小芳');

    // The owner approves the application.
    const applied = (await (await owner.request.get(`${server.url}/api/v1/distribution/distributors?status=applied`)).json()) as { items: DistributorJson[] };
    const application = applied.items.find((d) => d.realName === '王小芳');
    expect(application).toBeDefined();
    expect(application!.payoutAccount).toBe('wx_xiaofang');
    const approved = await owner.request.post(`${server.url}/api/v1/distribution/distributors/${application!.memberId}/approve`, { data: {} });
    expect(approved.status()).toBe(200);

    // Approved: balance cards, then the share tools with link, QR code and a drawn poster.
    await page.reload();
    await page.locator('[data-testid=balance-cards]').waitFor();
    await expect.poll(() => page.locator('[data-testid=earnings-page]').getAttribute('data-view')).toBe('earning');
    await expect(page.locator('[data-testid=balance-available]').textContent()).resolves.toBe('¥0.00');
    await expect(page.locator('[data-testid=invited]').textContent()).resolves.toBe('已邀请 0 人');
    const me = (await (await member.request.get(`${server.url}/api/v1/me/earnings`)).json()) as { referralCode: string };
    const code = me.referralCode;
    expect(code).toMatch(/^[A-Za-z0-9]{4,16}$/);
    await expect.poll(() => page.locator('[data-testid=share-url]').textContent(), { timeout: TIMEOUT }).toContain(`ref=${code}`);
    await expect(page.locator('[data-testid=share-code]').textContent()).resolves.toBe(code);
    const qrWidth = await page.locator('[data-testid=share-qr]').evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth);
    expect(qrWidth).toBeGreaterThan(0);
    await page.locator('[data-testid=poster-canvas][data-ready=true]').waitFor();
    const poster = await page.locator('[data-testid=poster-canvas]').evaluate((node) => {
      const canvas = node as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const header = ctx.getImageData(Math.round(canvas.width / 2), 6, 1, 1).data;
      // toDataURL throws on a tainted canvas: the poster must stay exportable for "save poster".
      return { width: canvas.width, height: canvas.height, header: [...header.slice(0, 3)], png: canvas.toDataURL('image/png').length };
    });
    expect(poster.width).toBeGreaterThanOrEqual(1000);
    expect(poster.height).toBeGreaterThan(poster.width);
    expect(poster.header[0]).toBeGreaterThan(200); // the orange band at the top
    expect(poster.header[2]).toBeLessThan(120);
    expect(poster.png).toBeGreaterThan(20_000);
    await expect(page.locator('[data-testid=save-poster]').isEnabled()).resolves.toBe(true);
    await page.locator('[data-testid=lines-empty]').waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'member-earnings.png'), fullPage: false });

    // The campaign page's "share & earn" opens the share tools for that campaign.
    await page.goto(`${server.url}/m/demo/c/${campaignId}`);
    await page.click('[data-testid=share-earn]');
    await page.waitForURL(new RegExp(`/m/demo/share\\?campaign=${campaignId}$`));
    await expect.poll(() => page.locator('[data-testid=share-url]').textContent(), { timeout: TIMEOUT }).toContain(`/m/demo/c/${campaignId}?ref=${code}`);
    await expect(page.locator('[data-testid=share-campaign]').inputValue()).resolves.toBe(campaignId);
    await page.locator('[data-testid=poster-canvas][data-ready=true]').waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'member-share.png'), fullPage: false });
    const shared = new URL((await page.locator('[data-testid=share-url]').textContent())!);

    // A friend, signed in, opens the shared link: the page records the touch and binds them.
    const friend = await phoneContext(browser);
    await signIn(friend, FRIEND_PHONE);
    const friendPage = await newPage(friend);
    const touch = friendPage.waitForResponse((r) => r.url().endsWith('/api/v1/me/referral-touches') && r.request().method() === 'POST');
    await friendPage.goto(`${server.url}${shared.pathname}${shared.search}`);
    await friendPage.locator('[data-testid=campaign-page]').waitFor();
    const res = await touch;
    expect(res.status()).toBe(200);
    expect(JSON.parse(res.request().postData() ?? '{}')).toEqual({ code });
    const bound = (await res.json()) as { boundTo: string | null; changed: boolean };
    expect(bound.changed).toBe(true);
    expect(bound.boundTo).toBeTruthy();

    // A code nobody has is ignored quietly: no error on the page.
    const unknown = friendPage.waitForResponse((r) => r.url().endsWith('/api/v1/me/referral-touches'));
    await friendPage.goto(`${server.url}/m/demo/c/${campaignId}?ref=ZZZZ9999`);
    expect((await unknown).status()).toBe(400);
    await friendPage.locator('[data-testid=campaign-page]').waitFor();
    await expect(friendPage.locator('[role=alert]').count()).resolves.toBe(0);
    await friend.close();

    // The distributor now counts one invited member.
    await page.goto(`${server.url}/m/demo/earnings`);
    await expect.poll(() => page.locator('[data-testid=invited]').textContent(), { timeout: TIMEOUT }).toBe('已邀请 1 人');
    await member.close();
  }, 180_000);
});
