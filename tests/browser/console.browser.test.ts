import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, newPage, OWNER, RESULTS, skip, TIMEOUT } from './support';

// The console and the member pages, driven in Debian's Chromium against the real app (API + the
// built pages in dist/web) on a fresh database with the demo tenant.

const MEMBER_PHONE = '13800000001';

describe.skipIf(skip)('console and member pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${server.url}/console/`);
    // Not signed in: the console sends us to its login page, with the demo tenant prefilled.
    await page.waitForURL(/\/console\/login/);
    expect(await page.locator('#tenant').inputValue()).toBe('demo');
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=tenant-name]').waitFor();
  }

  it('shows the server’s message when the password is wrong', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await newPage(context);
    await page.goto(`${server.url}/console/login`);
    await page.fill('#email', OWNER.email);
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    // The detail comes from the server, localised from Accept-Language.
    await expect(page.locator('[data-testid=login-error]').textContent()).resolves.toContain('不正确');
    await context.close();
  }, 120_000);

  it('lets the owner create a product with two SKUs and tier prices, then find it in the list', async () => {
    const page = await newPage(owner);
    await signIn(page, OWNER.email, OWNER.password);
    await expect(page.locator('[data-testid=tenant-name]').textContent()).resolves.toBe('鲜果团 Demo');

    const title = `浏览器测试 黄桃 ${Date.now()}`;
    await page.goto(`${server.url}/console/products/new`);
    await page.locator('[data-testid=sku-table]').waitFor();
    await page.fill('#title', title);
    await page.fill('#category', '水果');

    // SKU 1: 规格 500g, ¥19.90, a price for each of the two demo tiers.
    await page.fill('#skus_0_code', 'PEACH-500G');
    await page.locator('#skus_0_specs input').nth(0).fill('规格');
    await page.locator('#skus_0_specs input').nth(1).fill('500g');
    await page.fill('#skus_0_basePrice', '19.9');
    const tier0 = page.locator('input[id^="skus_0_tierPrices_"]');
    // The tier columns arrive with /member-tiers: wait for them before counting.
    await expect.poll(() => tier0.count(), { timeout: TIMEOUT }).toBe(2);
    await tier0.nth(0).fill('18.5');
    await tier0.nth(1).fill('17');

    // SKU 2: two attributes, ¥29.90, a price for the first tier only.
    await page.click('[data-testid=sku-add]');
    await page.locator('#skus_1_code').waitFor();
    await page.fill('#skus_1_code', 'PEACH-1KG');
    await page.locator('#skus_1_specs input').nth(0).fill('规格');
    await page.locator('#skus_1_specs input').nth(1).fill('1kg');
    await page.locator('#skus_1_specs button', { hasText: /添加属性|Add attribute/ }).click();
    await page.locator('#skus_1_specs input').nth(2).fill('产地');
    await page.locator('#skus_1_specs input').nth(3).fill('炎陵');
    await page.fill('#skus_1_basePrice', '29.90');
    await page.locator('input[id^="skus_1_tierPrices_"]').nth(0).fill('27.5');

    await page.click('[data-testid=product-save]');
    await page.waitForURL(/\/console\/products\/prd_/);
    const productId = page.url().split('/').pop()!;

    // One POST made the product with both SKUs; prices arrived as exact fen.
    const res = await page.request.get(`${server.url}/api/v1/products/${productId}`);
    expect(res.status()).toBe(200);
    const product = (await res.json()) as {
      title: string;
      category: string;
      skus: { code: string; specs: Record<string, string>; basePriceFen: number; tierPrices: { tierId: string; priceFen: number }[] }[];
    };
    expect(product.title).toBe(title);
    expect(product.category).toBe('水果');
    const byCode = Object.fromEntries(product.skus.map((s) => [s.code, s]));
    expect(Object.keys(byCode).sort()).toEqual(['PEACH-1KG', 'PEACH-500G']);
    expect(byCode['PEACH-500G']!.basePriceFen).toBe(1990);
    expect(byCode['PEACH-500G']!.specs).toEqual({ 规格: '500g' });
    expect(byCode['PEACH-500G']!.tierPrices.map((t) => t.priceFen).sort((a, b) => a - b)).toEqual([1700, 1850]);
    expect(byCode['PEACH-1KG']!.basePriceFen).toBe(2990);
    expect(byCode['PEACH-1KG']!.specs).toEqual({ 规格: '1kg', 产地: '炎陵' });
    expect(byCode['PEACH-1KG']!.tierPrices.map((t) => t.priceFen)).toEqual([2750]);

    // The edit page shows both SKUs as saved rows.
    // The table re-renders once the saved product loads: poll rather than count once.
    await expect.poll(() => page.locator('[data-testid=sku-table] .ant-table-row').count(), { timeout: TIMEOUT }).toBe(2);

    // Search the list for it.
    await page.goto(`${server.url}/console/products`);
    const search = page.locator('[data-testid=product-search] input, input[data-testid=product-search]').first();
    await search.fill(title);
    await search.press('Enter');
    await page.waitForURL(/[?&]q=/);
    const row = page.locator('.ant-table-row', { hasText: title });
    await row.waitFor();
    // The previous rows stay under the spinner until the search answers.
    await expect.poll(() => page.locator('.ant-table-row').count(), { timeout: TIMEOUT }).toBe(1);
    await expect(row.textContent()).resolves.toContain('¥19.90 – ¥29.90');
    await page.screenshot({ path: path.join(RESULTS, 'console-products.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('signs a member in with an SMS code and shows the home page, without the console’s bundle', async () => {
    const member = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await newPage(member);
    let scriptBytes = 0;
    const scriptUrls: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') {
        scriptUrls.push(response.url());
        void response.body().then(
          (body) => (scriptBytes += body.length),
          () => undefined,
        );
      }
    });

    await page.goto(`${server.url}/m/`);
    await page.waitForURL(/\/m\/demo\/login$/);
    await page.fill('input[name=phone]', MEMBER_PHONE);
    await page.click('[data-testid=get-code]');
    await page.locator('.m-alert-info').waitFor();

    // The sandbox SMS inbox is owner-only: read the code with an owner session of its own.
    const ownerApi = await browser.newContext();
    const login = await ownerApi.request.post(`${server.url}/api/v1/auth/login`, { data: { tenant: 'demo', ...OWNER } });
    expect(login.status()).toBe(200);
    const inbox = await ownerApi.request.get(`${server.url}/api/v1/sandbox/sms?phone=${MEMBER_PHONE}&limit=1`);
    expect(inbox.status()).toBe(200);
    const { items } = (await inbox.json()) as { items: { code: string | null }[] };
    const code = items[0]?.code;
    expect(code).toMatch(/^\d{6}$/);
    await ownerApi.close();

    await page.fill('input[name=code]', code!);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/m\/demo\/$/);
    const home = page.locator('[data-testid=member-home]');
    await home.waitFor();
    await expect(home.textContent()).resolves.toContain('138****0001');
    await expect(page.locator('.m-brand').textContent()).resolves.toBe('鲜果团 Demo');
    await page.screenshot({ path: path.join(RESULTS, 'member-home.png'), fullPage: true });

    // Member pages load React, the router and i18next only: antd alone would be well over this.
    expect(scriptBytes).toBeGreaterThan(0);
    expect(scriptBytes).toBeLessThan(600_000);
    // The Markdown renderer is the campaign page's alone.
    expect(scriptUrls.filter((u) => /\/assets\/markdown-/.test(u))).toEqual([]);
    await member.close();
  }, 120_000);

  it('gives an operator a read-only catalog and no owner pages', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await newPage(context);
    await signIn(page, 'operator@demo.tuan', 'demo12345');
    const menu = page.locator('.ant-layout-sider .ant-menu-root');
    await expect(menu.textContent()).resolves.toContain('商品管理');
    await expect(menu.textContent()).resolves.not.toContain('员工账号');
    await expect(menu.textContent()).resolves.not.toContain('API 令牌');

    await page.goto(`${server.url}/console/products`);
    await page.locator('.ant-table-row').first().waitFor();
    await expect(page.locator('.page-header-extra').count()).resolves.toBe(0);
    await page.locator('.ant-table-row a').first().click();
    await page.locator('[data-testid=sku-table] .ant-table-row').first().waitFor();
    await expect(page.locator('[data-testid=product-save]').count()).resolves.toBe(0);

    await page.goto(`${server.url}/console/users`);
    await page.locator('.ant-result-403').waitFor();
    await context.close();
  }, 120_000);
});
