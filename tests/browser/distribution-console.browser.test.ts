import crypto from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTuan } from '../../src/app';
import { seedDemo } from '../../src/demo/seed';
import { CONSUMERS } from '../../src/jobs';
import { releaseDueCommissions } from '../../src/modules/distribution';
import type { BaseCtx } from '../../src/platform/context';
import { dispatchRound } from '../../src/platform/consumers';
import { baseCtx, testConfig, testDatabase } from '../helpers/db';
import { latestSmsCode, signInMember, launchBrowser, newPage, OWNER, RESULTS, skip, TIMEOUT } from './support';

// The distribution (分销) console pages in Chromium against the real app on a fresh demo database:
// the owner sets the default policy, approves a distributor, reads a statement, pays a batch; a
// leader opens their own commission page. Background jobs do not run here: the test delivers the
// outbox events and releases due commission itself, as the jobs would.

const DISTRIBUTOR_PHONE = '13900000801';
const BUYER_PHONE = '13900000802';
const DISTRIBUTOR_NAME = '浏览器测试分销员';

interface Statement {
  beneficiary: { beneficiaryId: string; availableFen: number; pendingFen: number };
  lines: { items: unknown[] };
  totals: { lines: number; netFen: number; accruedFen: number };
}

/** "¥12.34" as the console formats money (Intl zh-CN, CNY). */
const yuan = (fen: number) => new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(fen / 100);

describe.skipIf(skip)('distribution console pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let base: BaseCtx;
  let browser: Browser;
  let owner: BrowserContext;
  let api: APIRequestContext;

  /** What the background jobs would do: deliver events (accrual on payment) and release due commission. */
  async function runJobs(): Promise<void> {
    for (let i = 0; i < 10 && (await dispatchRound(base, CONSUMERS)) > 0; i++);
    await releaseDueCommissions(base, new Date(Date.now() + 1000));
    for (let i = 0; i < 10 && (await dispatchRound(base, CONSUMERS)) > 0; i++);
  }

  async function json<T>(res: { status(): number; json(): Promise<unknown>; text(): Promise<string> }, status = 200): Promise<T> {
    if (res.status() !== status) throw new Error(`expected ${status}, got ${res.status()}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A member signed in through the sandbox SMS code, as an API context. */
  async function memberApi(phone: string): Promise<APIRequestContext> {
    const context = await browser.newContext();
    await signInMember(context, owner, server.url, phone);
    return context.request;
  }

  /** Signs in through the login page (the owner's context already has a session from the API login). */
  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto(`${server.url}/console/`);
    await page.locator('#email, [data-testid=tenant-name]').first().waitFor();
    if (await page.locator('[data-testid=tenant-name]').count()) return;
    await page.fill('#email', email);
    await page.fill('#password', OWNER.password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=tenant-name]').waitFor();
  }

  beforeAll(async () => {
    const database = await testDatabase();
    const config = testConfig({ loginRatePerMinute: 10_000 });
    base = baseCtx(database, config);
    await seedDemo(base);
    const app = await buildTuan({ config, database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    server = {
      url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      close: async () => {
        await app.close();
        await database.close();
      },
    };
    browser = await launchBrowser();
    owner = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    api = owner.request;
    await json(await api.post(`${server.url}/api/v1/auth/login`, { data: { tenant: 'demo', ...OWNER } }));
    // Commission becomes available as soon as an order completes.
    await json(await api.patch(`${server.url}/api/v1/distribution/settings`, { data: { afterSaleDays: 0, level2Enabled: true } }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the owner set the default policy, approve a distributor, read a statement and pay a batch', async () => {
    const page = await newPage(owner);
    // On failure, the page's API calls and console messages are printed with the screenshot.
    const trail: string[] = [];
    page.on('console', (m) => trail.push(`console ${m.type()}: ${m.text().slice(0, 200)}`));
    page.on('response', (r) => void (r.url().includes('/api/') && trail.push(`${r.request().method()} ${r.url().slice(-80)} ${r.status()}`)));
    try {
      await signIn(page, OWNER.email);

      // 1. The tenant default: leader 5%, level 1 12.5%, level 2 ¥0.50 per unit. The two-level limit is stated.
      await page.goto(`${server.url}/console/distribution/policies`);
      await expect(page.locator('[data-testid=two-levels]').textContent()).resolves.toContain('分销最多两级');
      const slot = (name: string) => page.locator(`[data-testid=rule-${name}]`);
      await slot('leader').locator('label', { hasText: '按比例' }).click();
      await page.locator('input[data-testid=rule-leader-percent]').fill('5');
      await slot('level1').locator('label', { hasText: '按比例' }).click();
      await page.locator('input[data-testid=rule-level1-percent]').fill('12.5');
      await slot('level2').locator('label', { hasText: '每件固定金额' }).click();
      await page.locator('input[data-testid=rule-level2-yuan]').fill('0.5');
      await page.click('[data-testid=default-policy-save]');
      await page.locator('.ant-message', { hasText: '佣金规则已保存' }).waitFor();
      const view = await json<{ policy: { rules: unknown } }>(await api.get(`${server.url}/api/v1/distribution/policy?scope=tenant`));
      expect(view.policy.rules).toEqual({
        leader: { method: 'rate', rateBps: 500 },
        level1: { method: 'rate', rateBps: 1250 },
        level2: { method: 'fixed', fixedFen: 50 },
      });

      // 2. A member applies; the owner approves them on the distributors page, with a note.
      const distributor = await memberApi(DISTRIBUTOR_PHONE);
      await json(await distributor.post(`${server.url}/api/v1/me/distributor`, { data: { realName: DISTRIBUTOR_NAME, reason: '宝妈群', payoutAccount: '微信 test-801' } }), 201);
      await page.goto(`${server.url}/console/distribution/distributors?status=applied`);
      const row = page.locator('[data-testid=distributor-table] .ant-table-row', { hasText: DISTRIBUTOR_PHONE });
      await row.locator('[data-testid=distributor-approve]').click();
      await page.locator('[data-testid=decision-note]').fill('群活跃，通过');
      await page.locator('.ant-modal-footer button.ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: DISTRIBUTOR_NAME }).waitFor();
      const listed = await json<{ items: { memberId: string; status: string; decisionNote: string }[] }>(
        await api.get(`${server.url}/api/v1/distribution/distributors?q=${DISTRIBUTOR_PHONE}`),
      );
      expect(listed.items[0]).toMatchObject({ status: 'approved', decisionNote: '群活跃，通过' });
      const memberId = listed.items[0]!.memberId;

      // 3. A buyer orders through the distributor's link and pays; the order completes.
      const { code } = await json<{ code: string }>(await distributor.get(`${server.url}/api/v1/me/referral-link`));
      const buyer = await memberApi(BUYER_PHONE);
      const live = await json<{ items: { id: string; items: { id: string }[] }[] }>(await api.get(`${server.url}/api/v1/campaigns?status=live&limit=1`));
      const campaign = live.items[0]!;
      const order = await json<{ id: string }>(
        await buyer.post(`${server.url}/api/v1/orders`, {
          data: { campaignId: campaign.id, items: [{ itemId: campaign.items[0]!.id, quantity: 2 }], fulfilment: 'pickup', referralCode: code },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
        201,
      );
      const payment = await json<{ paymentId: string }>(await buyer.post(`${server.url}/api/v1/orders/${order.id}/payments`), 201);
      await json(await buyer.post(`${server.url}/api/v1/sandbox/payments/${payment.paymentId}/complete`, { data: { outcome: 'paid' } }));
      await runJobs();
      for (const status of ['fulfilling', 'ready_for_pickup', 'completed']) {
        await json(await api.post(`${server.url}/api/v1/orders/${order.id}/status`, { data: { status } }));
      }
      await runJobs();
      const statement = await json<Statement>(await api.get(`${server.url}/api/v1/distribution/statements/${memberId}`));
      expect(statement.totals.lines).toBeGreaterThan(0);
      expect(statement.totals.netFen).toBeGreaterThan(0);
      expect(statement.beneficiary.availableFen).toBe(statement.totals.netFen);

      // 4. The statement page, reached from the balances list, shows the same numbers.
      await page.goto(`${server.url}/console/distribution/balances?q=${DISTRIBUTOR_PHONE}`);
      await page.locator('[data-testid=balance-table] .ant-table-row', { hasText: DISTRIBUTOR_NAME }).locator('[data-testid=balance-statement]').click();
      await page.waitForURL(/\/console\/distribution\/statements\/mbr_/);
      await expect(page.locator('[data-testid=statement-title]').textContent()).resolves.toContain(DISTRIBUTOR_NAME);
      await expect.poll(() => page.locator('[data-testid=balance-available] .ant-statistic-content').textContent(), { timeout: TIMEOUT }).toBe(yuan(statement.totals.netFen));
      await expect(page.locator('[data-testid=statement-net-total]').textContent()).resolves.toBe(yuan(statement.totals.netFen));
      await expect.poll(() => page.locator('[data-testid=statement-lines] .ant-table-row').count()).toBe(statement.totals.lines);
      await expect(page.locator('[data-testid=statement-lines]').textContent()).resolves.toContain('一级分销');
      const exportRes = await api.get(`${server.url}${await page.locator('[data-testid=statement-export]').getAttribute('href')}`);
      expect(exportRes.status()).toBe(200);
      expect(exportRes.headers()['content-type']).toContain('spreadsheetml');

      // 5. A payout batch with the default minimum, then marked paid. A double click posts once.
      const settings = await json<{ payoutMinimumFen: number }>(await api.get(`${server.url}/api/v1/distribution/settings`));
      await page.goto(`${server.url}/console/distribution/payouts`);
      await page.click('[data-testid=payout-create]');
      // The minimum starts from the setting; ¥1 here, so the batch takes everyone with ¥1 or more available.
      await expect.poll(() => page.inputValue('[data-testid=payout-minimum]')).toBe(settings.payoutMinimumFen > 0 ? (settings.payoutMinimumFen / 100).toFixed(2) : '');
      await page.fill('[data-testid=payout-minimum]', '1');
      await page.locator('.ant-modal-footer button.ant-btn-primary').click();
      await page.waitForURL(/\/console\/distribution\/payouts\/pob_/);
      const batchId = page.url().split('/').pop()!;
      const item = page.locator('[data-testid=payout-items] .ant-table-row', { hasText: DISTRIBUTOR_NAME });
      await expect(item.textContent()).resolves.toContain(yuan(statement.totals.netFen));
      await page.click('[data-testid=payout-mark-paid]');
      await page.fill('[data-testid=mark-paid-reference]', 'WX-TEST-0001');
      const markPaidPosts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/mark-paid')) markPaidPosts.push(r.headers()['idempotency-key'] ?? '');
      });
      await page.locator('[data-testid=mark-paid-submit]').dblclick();
      await expect.poll(() => page.locator('[data-testid=payout-reference]').textContent(), { timeout: TIMEOUT }).toBe('WX-TEST-0001');
      const entries = await json<{ items: { payoutBatchId: string | null }[] }>(await api.get(`${server.url}/api/v1/distribution/ledger?kind=payout_paid&limit=200`));
      expect(entries.items.filter((e) => e.payoutBatchId === batchId)).toHaveLength(1);
      // The page sent one request, with a key (the server would replay a second one with the same key anyway).
      expect(markPaidPosts).toHaveLength(1);
      expect(markPaidPosts[0]).toMatch(/^[0-9a-f-]{36}$/);
      const balance = await json<{ availableFen: number; paidFen: number }>(await api.get(`${server.url}/api/v1/distribution/balances/${memberId}`));
      expect(balance).toMatchObject({ availableFen: 0, paidFen: statement.totals.netFen });
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/distribution-owner-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(trail.join('\n'));
      throw err;
    }
  }, 180_000);

  it('shows a leader their own commission and share link, and nothing of the brand’s ledger', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await newPage(context);
    try {
      await signIn(page, 'leader1@demo.tuan');
      const menu = page.locator('.ant-layout-sider');
      await expect(menu.textContent()).resolves.toContain('我的佣金');
      await expect(menu.textContent()).resolves.not.toContain('分销员');
      await menu.locator('.ant-menu-item', { hasText: '我的佣金' }).click();
      await page.waitForURL(/\/console\/my-commission/);
      await page.locator('[data-testid=balance-earned]').waitFor();
      await expect.poll(() => page.locator('[data-testid=referral-code]').textContent(), { timeout: TIMEOUT }).toMatch(/^[A-Za-z0-9]{4,16}$/);
      await expect(page.locator('[data-testid=referral-url]').textContent()).resolves.toContain('ref=');
      await expect(page.locator('[data-testid=referral-qr]').getAttribute('src')).resolves.toMatch(/^data:image\/svg\+xml/);
      // The brand's pages stay closed.
      await page.goto(`${server.url}/console/distribution/ledger`);
      await expect(page.locator('.ant-result').textContent()).resolves.toContain('没有权限');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/distribution-leader-failure.png`, fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  }, 120_000);
});
