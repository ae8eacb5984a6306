import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { latestSmsCode, signInMember, launchBrowser, newPage, OWNER, ownerApi, phoneContext, RESULTS, skip, TIMEOUT } from './support';

// Group-buys end to end in Chromium: a member joins the demo's live campaign on a phone (log in
// with an SMS code, pick a quantity, check out for pickup, pay in the sandbox, see the order paid
// and their line in the 接龙 list); the owner sees the campaign's figures and refunds one line.

interface CampaignJson {
  id: string;
  title: string;
  status: string;
  figures: { participants: number; paidOrders: number; unitsSold: number; gmvFen: number };
  items: { id: string; left: number; perMemberLimit: number | null; priceFen: number }[];
}

interface OrderJson {
  id: string;
  status: string;
  campaignId: string;
  memberPhone: string;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  referralCode: string | null;
  lines: { id: string; title: string; quantity: number; unitPriceFen: number; lineTotalFen: number; refundedQuantity: number; refundedFen: number }[];
}

// A number no seeded member has, so its masked name in the 接龙 list is unambiguous.
const BUYER_PHONE = '13912345678';
const BUYER_MASKED = '139****5678';
const REFERRER_PHONE = '13800000001';

describe.skipIf(skip)('campaigns, checkout and orders in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;
  let campaign: CampaignJson;

  /** The demo's live campaign; one is created and published here if the seed has none. */
  async function liveCampaign(request: APIRequestContext): Promise<CampaignJson> {
    const live = (await (await request.get(`${server.url}/api/v1/campaigns?status=live`)).json()) as { items: CampaignJson[] };
    const found = live.items.find((c) => c.items.some((i) => i.left >= 2 && (i.perMemberLimit ?? 2) >= 2));
    if (found) return found;
    const warehouses = (await (await request.get(`${server.url}/api/v1/warehouses`)).json()) as { items: { id: string }[] };
    const products = (await (await request.get(`${server.url}/api/v1/products?status=active&limit=5`)).json()) as { items: { id: string }[] };
    const skus: { id: string; basePriceFen: number }[] = [];
    for (const p of products.items.slice(0, 2)) {
      const product = (await (await request.get(`${server.url}/api/v1/products/${p.id}`)).json()) as { skus: { id: string; basePriceFen: number }[] };
      skus.push(product.skus[0]!);
    }
    const created = await request.post(`${server.url}/api/v1/campaigns`, {
      data: {
        title: '浏览器测试 周末鲜果团',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        threshold: { kind: 'participants', value: 3 },
        fulfilment: 'both',
        warehouseId: warehouses.items[0]!.id,
        items: skus.map((s) => ({ skuId: s.id, priceFen: s.basePriceFen, perMemberLimit: 5, cap: 100 })),
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const published = await request.post(`${server.url}/api/v1/campaigns/${id}/publish`, { data: {} });
    expect(published.status()).toBe(200);
    return (await published.json()) as CampaignJson;
  }

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
    campaign = await liveCampaign(owner.request);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a member join the live campaign on a phone: log in, pick, check out, pay, see the 接龙 list', async () => {
    const member = await phoneContext(browser);
    const page = await newPage(member);
    const item = campaign.items.find((i) => i.left >= 2 && (i.perMemberLimit ?? 2) >= 2)!;

    // The link was shared by the demo member: it carries their referral code.
    const referrer = await browser.newContext();
    await signInMember(referrer, owner, server.url, REFERRER_PHONE);
    const me = (await (await referrer.request.get(`${server.url}/api/v1/me`)).json()) as { actor: { referralCode?: string } };
    const ref = me.actor.referralCode!;
    expect(ref).toMatch(/^[A-Za-z0-9]{4,16}$/);
    await referrer.close();

    // Anonymous visit from the shared link: the page is public.
    await page.goto(`${server.url}/m/demo/c/${campaign.id}?ref=${ref}`);
    await page.locator('[data-testid=campaign-page]').waitFor();
    await expect(page.locator('.m-campaign-title').textContent()).resolves.toBe(campaign.title);
    await page.locator('[data-testid=countdown]').waitFor();

    // Two of the first item: the total follows the stepper.
    const plus = page.locator(`[data-testid="stepper-${item.id}"] button`).nth(1);
    await plus.click();
    await plus.click();
    await expect.poll(() => page.locator(`[data-testid="stepper-${item.id}"] .m-stepper-value`).textContent(), { timeout: TIMEOUT }).toBe('2');
    const total = `¥${((item.priceFen * 2) / 100).toFixed(2)}`;
    await expect.poll(() => page.locator('[data-testid=cart-total]').textContent(), { timeout: TIMEOUT }).toBe(total);
    await page.screenshot({ path: path.join(RESULTS, 'member-campaign.png'), fullPage: false });

    // Checkout needs a member: the login page takes us back there afterwards.
    await page.click('[data-testid=buy]');
    await page.waitForURL(/\/m\/demo\/login\?next=/);
    await page.fill('input[name=phone]', BUYER_PHONE);
    await page.click('[data-testid=get-code]');
    await page.locator('.m-alert-info').waitFor();
    const code = await latestSmsCode(owner, server.url, BUYER_PHONE);
    await page.fill('input[name=code]', code);
    await page.click('button[type=submit]');
    await page.waitForURL(new RegExp(`/m/demo/c/${campaign.id}/checkout$`));

    // The cart survived the detour; pickup (到店自提) is chosen.
    await page.locator('[data-testid=checkout-lines] .m-line').first().waitFor();
    await expect(page.locator('[data-testid=checkout-lines] .m-line').count()).resolves.toBe(1);
    await expect.poll(() => page.locator('[data-testid=checkout-total]').textContent(), { timeout: TIMEOUT }).toBe(total);
    const pickup = page.locator('input[name=fulfilment][value=pickup]');
    if ((await pickup.count()) > 0 && !(await pickup.isChecked())) await pickup.check();
    // A pickup order names where it will be collected.
    await page.locator('[data-testid=pickup-point]').first().click();
    await page.click('[data-testid=place-order]');

    // The sandbox's hosted pay page.
    await page.waitForURL(/\/m\/demo\/pay\/pay_/);
    await page.locator('[data-testid=sandbox-banner]').waitFor();
    await expect.poll(() => page.locator('[data-testid=pay-amount]').textContent(), { timeout: TIMEOUT }).toBe(total);
    await page.click('[data-testid=pay-confirm]');

    // The order, paid.
    await page.waitForURL(/\/m\/demo\/orders\/ord_/);
    await page.locator('[data-testid=order-status] [data-status=paid]').waitFor();
    await page.locator('[data-testid=paid-flash]').waitFor();
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await page.screenshot({ path: path.join(RESULTS, 'member-order-paid.png'), fullPage: true });

    const res = await owner.request.get(`${server.url}/api/v1/orders/${orderId}`);
    expect(res.status()).toBe(200);
    const order = (await res.json()) as OrderJson;
    expect(order.status).toBe('paid');
    expect(order.campaignId).toBe(campaign.id);
    expect(order.paidFen).toBe(item.priceFen * 2);
    expect(order.lines.map((l) => l.quantity)).toEqual([2]);
    // The ?ref= of the shared link came along through login and checkout.
    expect(order.referralCode).toBe(ref);

    // Back on the campaign page, the member's line is in the 接龙 list.
    await page.goto(`${server.url}/m/demo/c/${campaign.id}`);
    await page.locator('[data-testid=entry]', { hasText: BUYER_MASKED }).waitFor();
    await member.close();
  }, 180_000);

  it('shows the owner the campaign list and its figures, and refunds one line of an order', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page: Page = await newPage(context);
    await page.goto(`${server.url}/console/login`);
    await page.fill('#email', OWNER.email);
    await page.fill('#password', OWNER.password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=tenant-name]').waitFor();

    // The list, live tab: the campaign with its figures.
    await page.goto(`${server.url}/console/campaigns?status=live`);
    const row = page.locator('[data-testid=campaign-table] .ant-table-row', { hasText: campaign.title });
    await row.waitFor();
    const fresh = (await (await owner.request.get(`${server.url}/api/v1/campaigns/${campaign.id}`)).json()) as CampaignJson;
    expect(fresh.figures.paidOrders).toBeGreaterThan(0);
    await expect.poll(() => row.locator('[data-testid=campaign-participants]').textContent(), { timeout: TIMEOUT }).toContain(
      String(fresh.figures.participants),
    );

    // The detail page: figures, per-item progress and the 接龙 list.
    await row.locator('a', { hasText: campaign.title }).click();
    await page.waitForURL(new RegExp(`/console/campaigns/${campaign.id}$`));
    const figures = page.locator('[data-testid=campaign-figures]');
    await figures.waitFor();
    await expect.poll(() => figures.textContent(), { timeout: TIMEOUT }).toContain(String(fresh.figures.unitsSold));
    await page.locator('[data-testid=item-progress]').first().waitFor();
    await page.locator('[data-testid=campaign-entries] .ant-list-item').first().waitFor();
    await expect(page.locator('[data-testid=share-url]').textContent()).resolves.toContain(`/m/demo/c/${campaign.id}`);
    await page.screenshot({ path: path.join(RESULTS, 'console-campaign.png'), fullPage: true });

    // A paid order with a line of two or more units: refund one unit of it.
    const list = (await (
      await owner.request.get(`${server.url}/api/v1/orders?campaignId=${campaign.id}&status=paid&limit=50`)
    ).json()) as { items: OrderJson[] };
    const target = list.items.find((o) => o.lines.some((l) => l.quantity - l.refundedQuantity >= 2));
    expect(target).toBeDefined();
    const lineIndex = target!.lines.findIndex((l) => l.quantity - l.refundedQuantity >= 2);
    const line = target!.lines[lineIndex]!;

    await page.goto(`${server.url}/console/orders?campaignId=${campaign.id}`);
    await page.locator('[data-testid=order-table] .ant-table-row').first().waitFor();
    // The export buttons carry the page's filters; the session cookie authenticates the download.
    const csvHref = await page.locator('[data-testid=export-csv]').getAttribute('href');
    expect(csvHref).toContain(`campaignId=${campaign.id}`);
    expect(csvHref).toContain('format=csv');
    const csv = await page.request.get(`${server.url}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(target!.id);
    await page.goto(`${server.url}/console/orders?campaignId=${campaign.id}&order=${target!.id}`);
    const drawer = page.locator('[data-testid=order-detail]');
    await drawer.locator('[data-testid=order-lines] .ant-table-row').nth(target!.lines.length - 1).waitFor();
    await page.locator('[data-testid=order-refund]').click();

    const modal = page.locator('[data-testid=refund-modal]');
    await modal.waitFor();
    await modal.locator('.ant-radio-wrapper').nth(1).click();
    const refundRows = modal.locator('[data-testid=refund-lines] .ant-table-row');
    await refundRows.nth(lineIndex).waitFor();
    const qty = refundRows.nth(lineIndex).locator('input');
    await qty.fill('1');
    await qty.press('Tab');
    const expectedFen = line.unitPriceFen;
    const expectedText = `¥${(expectedFen / 100).toFixed(2)}`;
    await expect.poll(() => modal.locator('[data-testid=refund-amount]').textContent(), { timeout: TIMEOUT }).toBe(expectedText);
    await modal.locator('[data-testid=refund-reason]').fill('浏览器测试：破损一件');
    await page.locator('[data-testid=refund-submit]').click();
    await modal.waitFor({ state: 'detached' });

    // The drawer reloads with the refund; the API agrees on the amount.
    await expect.poll(() => drawer.locator('[data-testid=order-refunded]').textContent(), { timeout: TIMEOUT }).toBe(expectedText);
    const after = (await (await owner.request.get(`${server.url}/api/v1/orders/${target!.id}`)).json()) as OrderJson;
    expect(after.refundedFen).toBe(expectedFen);
    expect(after.status).toBe('paid');
    const refundedLine = after.lines.find((l) => l.id === line.id)!;
    expect(refundedLine.refundedQuantity).toBe(1);
    expect(refundedLine.refundedFen).toBe(expectedFen);
    await page.screenshot({ path: path.join(RESULTS, 'console-order-refund.png'), fullPage: false });
    await context.close();
  }, 180_000);

  it('renders a Markdown description safely on the phone and previews it while the owner edits', async () => {
    const description = [
      '## 产地直发',
      '',
      '**今天下单**，周六到店自提。',
      '每箱约 5 斤。',
      '',
      '- 冷链直达',
      '- 坏果包赔',
      '',
      '看 [售后说明](https://example.com/after-sale)',
      '',
      '<script>window.__pwned = 1</script>',
      '<img src=x onerror="window.__pwned = 2">',
    ].join('\n');
    // A live campaign may still change its description.
    const patched = await owner.request.patch(`${server.url}/api/v1/campaigns/${campaign.id}`, { data: { description } });
    expect(patched.status()).toBe(200);
    const pwned = () => (window as unknown as { __pwned?: number }).__pwned;

    const member = await phoneContext(browser);
    const page = await newPage(member);
    await page.goto(`${server.url}/m/demo/c/${campaign.id}`);
    const md = page.locator('[data-testid=campaign-description] .m-md');
    await md.locator('strong').waitFor();
    await expect(md.locator('strong').textContent()).resolves.toBe('今天下单');
    await expect(md.locator('h2').textContent()).resolves.toBe('产地直发');
    await expect(md.locator('li').count()).resolves.toBe(2);
    await expect(md.locator('br').count()).resolves.toBeGreaterThan(0);
    const link = md.locator('a', { hasText: '售后说明' });
    await expect(link.getAttribute('href')).resolves.toBe('https://example.com/after-sale');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // Raw HTML shows as text and never runs.
    await expect(md.locator('script, img').count()).resolves.toBe(0);
    await expect(md.textContent()).resolves.toContain('<script>window.__pwned = 1</script>');
    await expect(page.evaluate(pwned)).resolves.toBeUndefined();
    // Longer than the fold: 展开 shows it all.
    const toggle = page.locator('[data-testid=campaign-description] button');
    await expect(toggle.textContent()).resolves.toBe('展开');
    await toggle.click();
    await expect.poll(() => toggle.textContent(), { timeout: TIMEOUT }).toBe('收起');
    await page.screenshot({ path: path.join(RESULTS, 'member-campaign-markdown.png'), fullPage: true });
    await member.close();

    // The owner in the console (signed in through the API: the cookie is the context's).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: { tenant: 'demo', ...OWNER } });
    expect(login.status()).toBe(200);
    const desk = await newPage(context);
    await desk.goto(`${server.url}/console/campaigns/${campaign.id}`);
    const shown = desk.locator('[data-testid=campaign-description] .markdown-body');
    await shown.locator('h2').waitFor();
    await expect(shown.locator('script, img').count()).resolves.toBe(0);

    // The edit page previews the Markdown as it is typed.
    await desk.goto(`${server.url}/console/campaigns/${campaign.id}/edit`);
    const preview = desk.locator('[data-testid=campaign-description-preview] .markdown-body');
    await preview.locator('strong').waitFor();
    await expect(preview.locator('script, img').count()).resolves.toBe(0);
    await desk.locator('[data-testid=campaign-description-input]').fill('**新的介绍**\n\n- 一\n- 二');
    await expect.poll(() => preview.innerHTML(), { timeout: TIMEOUT }).toContain('<strong>新的介绍</strong>');
    await expect(preview.locator('li').count()).resolves.toBe(2);
    await expect(desk.evaluate(pwned)).resolves.toBeUndefined();
    await desk.screenshot({ path: path.join(RESULTS, 'console-campaign-edit-markdown.png'), fullPage: true });
    await context.close();
  }, 180_000);
});
