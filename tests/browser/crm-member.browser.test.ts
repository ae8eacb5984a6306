import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, newPage, ownerApi, phoneContext, RESULTS, signInMember, skip, TIMEOUT, trail } from './support';

// The social CRM on the member pages, in Chromium on a phone: the demo member 13800000001 sees the
// weekend fruit group-buy under 为你推荐 (the demo aims it at 爱水果的复购客, a segment they are in),
// turns marketing messages off and on again on 隐私与授权 (each switch saved at once), and reads a
// marketing message and a leader invitation in their notices, the invitation leading to the
// leader application.

const MEMBER = '13800000001';
const FRUIT_FANS = '爱水果的复购客';

interface Consents {
  marketing: boolean;
  share_contact: boolean;
}

describe.skipIf(skip)('the social CRM on the member pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;
  let member: BrowserContext;
  let page: Page;
  let lines: string[];
  let memberId: string;

  const shot = (name: string) => page.screenshot({ path: path.join(RESULTS, `member-crm-${name}.png`), fullPage: true, animations: 'disabled' });
  const consents = async (): Promise<Consents> => (await (await member.request.get(`${server.url}/api/v1/me/consents`)).json()) as Consents;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
    member = await phoneContext(browser);
    await signInMember(member, owner, server.url, MEMBER);
    memberId = ((await (await member.request.get(`${server.url}/api/v1/me`)).json()) as { actor: { id: string } }).actor.id;
    page = await newPage(member);
    lines = trail(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const forYouFruit = async () => {
    const forYou = (await (await member.request.get(`${server.url}/api/v1/me/for-you`)).json()) as { items: { id: string; title: string }[] };
    return forYou.items.find((c) => c.title.includes('周末水果团'))!;
  };

  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      console.error(`[crm-member] ${what} failed; last page events:\n${lines.slice(-30).join('\n')}`);
      throw err;
    }
  };

  it('shows 为你推荐 on the home page with the campaign aimed at the member, linking to it', async () => {
    const forYou = (await (await member.request.get(`${server.url}/api/v1/me/for-you`)).json()) as { items: { id: string; title: string }[] };
    expect(forYou.items.length).toBeGreaterThan(0);
    const fruit = forYou.items.find((c) => c.title.includes('周末水果团'));
    expect(fruit).toBeDefined();

    await step('home', async () => {
      await page.goto(`${server.url}/m/demo/`);
      await page.locator('[data-testid=member-home]').waitFor();
      const section = page.locator('[data-testid=for-you]');
      await section.waitFor();
      await expect(section.locator('h2').textContent()).resolves.toContain('为你推荐');
      const card = section.locator(`[data-testid=for-you-campaign][data-campaign-id="${fruit!.id}"]`);
      await expect(card.textContent()).resolves.toContain('周末水果团');
      await expect(card.textContent()).resolves.toMatch(/¥\d/);
      // The recommendations come before the orders.
      const order = await page.evaluate(() => Array.from(document.querySelectorAll('[data-testid=for-you], [data-testid=recent-orders]'), (e) => e.getAttribute('data-testid')));
      expect(order).toEqual(['for-you', 'recent-orders']);
      await expect(page.locator('[data-testid=home-privacy-link]').textContent()).resolves.toContain('隐私与授权');
      await shot('home-for-you');
      await card.click();
      await page.waitForURL(new RegExp(`/m/demo/c/${fruit!.id}$`));
      await page.locator('h1').first().waitFor();
    });
  });

  it("shows the member's tier price (银卡会员价) where it beats the group-buy price, and only there", async () => {
    await step('tier price', async () => {
      const campaign = (await (await member.request.get(`${server.url}/api/v1/t/demo/campaigns/${(await forYouFruit()).id}`)).json()) as { id: string; items: Array<{ id: string; title: string; priceFen: number; myPriceFen?: number }> };
      const eggs = campaign.items.find((i) => i.title.includes('鸡蛋'))!;
      // 银卡 pays 80% of the catalog price (¥35.90 → ¥28.70), under the group-buy price of ¥29.90.
      expect(eggs).toMatchObject({ priceFen: 2990, myPriceFen: 2870 });
      expect(campaign.items.filter((i) => i.myPriceFen !== undefined)).toHaveLength(1);
      await page.goto(`${server.url}/m/demo/c/${campaign.id}`);
      const row = page.locator('[data-testid=campaign-item]', { hasText: '鸡蛋' });
      await row.waitFor();
      await expect(row.locator('[data-testid=item-price]').textContent()).resolves.toBe('¥28.70');
      await expect(row.locator('.m-tier-price').textContent()).resolves.toBe('银卡会员价');
      await expect(row.locator('s').textContent()).resolves.toContain('¥29.90');
      const orange = page.locator('[data-testid=campaign-item]', { hasText: '脐橙' });
      await expect(orange.locator('.m-tier-price').count()).resolves.toBe(0);
      // The viewport, not the full page: the sticky header and cart bar would cover the row there.
      await row.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: path.join(RESULTS, 'member-crm-tier-price.png'), animations: 'disabled' });
    });
  });

  it('turns marketing off and on again on 隐私与授权, each switch saved at once', async () => {
    expect(await consents()).toEqual({ marketing: true, share_contact: true });
    await step('privacy', async () => {
      await page.goto(`${server.url}/m/demo/`);
      await page.click('[data-testid=home-privacy-link]');
      await page.waitForURL(/\/m\/demo\/privacy$/);
      const marketing = page.locator('[data-testid=consent-switch-marketing]');
      await marketing.waitFor();
      await expect(marketing.getAttribute('role')).resolves.toBe('switch');
      await expect(marketing.getAttribute('aria-checked')).resolves.toBe('true');
      await expect(page.locator('[data-testid=consent-switch-share_contact]').getAttribute('aria-checked')).resolves.toBe('true');
      // Each switch has its one-line explanation.
      await expect(page.locator('[data-testid=consent-marketing]').textContent()).resolves.toContain('接收营销消息');
      await expect(page.locator('[data-testid=consent-share_contact]').textContent()).resolves.toContain('团长');
      await shot('privacy');

      await marketing.click();
      await expect.poll(async () => (await consents()).marketing, { timeout: TIMEOUT }).toBe(false);
      await expect.poll(() => marketing.getAttribute('aria-checked'), { timeout: TIMEOUT }).toBe('false');
      await expect.poll(() => page.locator('[data-testid=toast]').textContent(), { timeout: TIMEOUT }).toContain('已关闭营销消息');
      await expect(page.locator('[data-testid=consent-marketing]').textContent()).resolves.toContain('已关闭');
      // The other switch is left as it was.
      expect((await consents()).share_contact).toBe(true);
      await shot('privacy-marketing-off');

      // Still off after a reload: the server's state, not the page's.
      await page.reload();
      await expect.poll(() => page.locator('[data-testid=consent-switch-marketing]').getAttribute('aria-checked'), { timeout: TIMEOUT }).toBe('false');

      await page.locator('[data-testid=consent-switch-marketing]').click();
      await expect.poll(async () => (await consents()).marketing, { timeout: TIMEOUT }).toBe(true);
      await expect.poll(() => page.locator('[data-testid=consent-switch-marketing]').getAttribute('aria-checked'), { timeout: TIMEOUT }).toBe('true');
      await expect.poll(() => page.locator('[data-testid=toast]').textContent(), { timeout: TIMEOUT }).toContain('已开启营销消息');
      await shot('privacy-marketing-on');

      // In English too.
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('.m-brand').textContent(), { timeout: TIMEOUT }).toBe('Privacy & consent');
      await expect(page.locator('[data-testid=consent-marketing]').textContent()).resolves.toContain('Receive marketing messages');
      await shot('privacy-en');
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => page.locator('.m-brand').textContent(), { timeout: TIMEOUT }).toBe('隐私与授权');
    });

    // Staff see both changes in the consent history, recorded from the member page.
    const history = (await (await owner.request.get(`${server.url}/api/v1/crm/profiles/${memberId}/consents`)).json()) as { items: { purpose: string; granted: boolean; source: string }[] };
    expect(history.items.slice(0, 2).map((e) => [e.purpose, e.granted, e.source])).toEqual([
      ['marketing', true, 'member_page'],
      ['marketing', false, 'member_page'],
    ]);
  });

  it('names marketing messages and leader invitations in the notices; the invitation leads to the leader application', async () => {
    const segments = (await (await owner.request.get(`${server.url}/api/v1/crm/segments`)).json()) as { items: { id: string; name: string }[] };
    const fans = segments.items.find((s) => s.name === FRUIT_FANS);
    expect(fans).toBeDefined();
    const sent = await owner.request.post(`${server.url}/api/v1/crm/segments/${fans!.id}/messages`, { data: { title: '周末鲜果团开团啦', body: '本周六上午 10 点开团，赣南脐橙限量 200 箱。' } });
    expect(sent.status()).toBe(200);
    expect(((await sent.json()) as { sent: number }).sent).toBeGreaterThan(0);
    const invited = await owner.request.post(`${server.url}/api/v1/crm/profiles/${memberId}/invite`, { data: { role: 'leader', message: '' } });
    expect(invited.status()).toBe(200);

    await step('notices', async () => {
      await page.goto(`${server.url}/m/demo/`);
      await expect.poll(() => page.locator('[data-testid=notices-bell]').getAttribute('data-unread'), { timeout: TIMEOUT }).not.toBe('0');
      await page.click('[data-testid=notices-bell]');
      await page.waitForURL(/\/m\/demo\/notices$/);
      const marketing = page.locator('[data-testid=notice][data-kind=marketing]').first();
      await marketing.waitFor();
      await expect(marketing.locator('.m-notice-kind').textContent()).resolves.toBe('品牌推荐');
      await expect(marketing.textContent()).resolves.toContain('周末鲜果团开团啦');
      await expect(marketing.locator('[data-testid=notice-privacy-link]').getAttribute('href')).resolves.toBe('/m/demo/privacy');
      const invitation = page.locator('[data-testid=notice][data-kind=invitation]').first();
      await expect(invitation.locator('.m-notice-kind').textContent()).resolves.toBe('团长邀请');
      await expect(invitation.textContent()).resolves.toContain('邀请你成为团长');
      await shot('notices');
      await invitation.locator('[data-testid=notice-leader-link]').click();
      await page.waitForURL(/\/m\/demo\/leader\/apply$/);
      await page.locator('[data-testid=leader-page]').waitFor();
    });
  });
});
