import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, RESULTS, skip, signInStaff, TIMEOUT, trail, settledShot } from './support';

// The KOC ranking, the tier rules and a profile's privacy, tier and KOC panels in Chromium against
// the real app on a fresh demo database (the demo seeds tier rules, consents and KOC scores). The
// owner creates a member tier from the tiers page and finds it offered in the rules' levels.

/** Waiting for what the API changes (a page's data, a reload after a save); a busy machine takes more than a second. */
const WAIT = { timeout: TIMEOUT };

describe.skipIf(skip)('CRM super users, tiers and privacy in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ranks super users, shows the tier rules, and a profile with its consents, tier and KOC score', async () => {
    const { context, page } = await signInStaff(browser, server.url, OWNER.email);
    const lines = trail(page);
    try {
      await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '超级用户' }).first().click();
      await page.waitForURL(/\/console\/crm\/koc$/);
      const rows = page.locator('[data-testid="koc-table"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count(), WAIT).toBeGreaterThan(0);
      const scores = await page.locator('[data-testid="koc-score"]').allInnerTexts();
      const numbers = scores.map((s) => Number(s.replace(/[^\d]/g, '')));
      expect(numbers.length).toBeGreaterThan(0);
      expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
      await page.screenshot({ path: `${RESULTS}/crm-koc.png`, fullPage: true });

      await page.goto(`${server.url}/console/crm/tiers`);
      await expect.poll(() => page.locator('[data-testid="tier-name"]').allInnerTexts(), WAIT).toEqual(['银卡会员', '金卡会员']);
      await expect.poll(() => page.locator('[data-testid="tier-rules"]').count(), WAIT).toBe(1);
      await page.screenshot({ path: `${RESULTS}/crm-tiers.png`, fullPage: true });

      // 新建等级: the rank starts above the highest tier (金卡 is 2); the new tier is listed and offered in the levels.
      const modal = page.locator('.ant-modal:visible');
      // The <input> of the rank's InputNumber (the test id sits on the input or on its wrapper).
      const rankInput = page.locator('[data-testid="tier-form-rank"]').locator('xpath=descendant-or-self::input').first();
      await page.click('[data-testid="tier-new"]');
      await expect.poll(() => modal.locator('.ant-modal-title').innerText(), WAIT).toBe('新建会员等级');
      await expect(rankInput.inputValue()).resolves.toBe('3');
      await page.fill('[data-testid="tier-form-name"]', '钻石会员');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: '已创建会员等级「钻石会员」' }).waitFor();
      await expect.poll(() => page.locator('.ant-modal:visible').count(), WAIT).toBe(0);
      await expect.poll(() => page.locator('[data-testid="tier-name"]').allInnerTexts(), WAIT).toEqual(['银卡会员', '金卡会员', '钻石会员']);
      const diamond = page.locator('[data-testid="tiers-table"] .ant-table-row', { hasText: '钻石会员' });
      await expect(diamond.textContent()).resolves.toContain('未纳入规则');
      // The member-tier list other pages load has it too.
      const listed = (await (await page.request.get(`${server.url}/api/v1/member-tiers`)).json()) as { items: Array<{ name: string; rank: number }> };
      expect(listed.items.map((x) => [x.name, x.rank])).toContainEqual(['钻石会员', 3]);
      // In the rules: a new level row picks the one tier not in the rules yet.
      const levels = page.locator('[data-testid="tier-level"]');
      const before = await levels.count();
      await page.click('[data-testid="tier-add-level"]');
      await expect.poll(() => levels.count(), WAIT).toBe(before + 1);
      await expect(levels.last().locator('[data-testid="tier-level-tier"]').innerText()).resolves.toContain('钻石会员');
      await settledShot(page, 'crm-tiers-created');

      // A rank another tier holds is caught in the form; a taken name is the server's message under the name.
      await page.click('[data-testid="tier-new"]');
      await expect.poll(() => modal.locator('.ant-modal-title').innerText(), WAIT).toBe('新建会员等级');
      await expect(rankInput.inputValue()).resolves.toBe('4');
      await page.fill('[data-testid="tier-form-name"]', '金卡会员');
      await rankInput.fill('1');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      const rankItem = modal.locator('.ant-form-item', { has: page.locator('[data-testid="tier-form-rank"]') });
      await expect.poll(() => rankItem.locator('.ant-form-item-explain-error').allInnerTexts(), WAIT).toEqual(['级别 1 已是「银卡会员」']);
      await rankInput.fill('4');
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      const nameItem = modal.locator('.ant-form-item', { has: page.locator('[data-testid="tier-form-name"]') });
      await expect.poll(() => nameItem.locator('.ant-form-item-explain-error').allInnerTexts(), WAIT).toEqual(['会员等级「金卡会员」已存在']);
      await expect.poll(() => rankItem.locator('.ant-form-item-explain-error').count(), WAIT).toBe(0);
      await settledShot(page, 'crm-tier-taken');
      await modal.locator('.ant-modal-footer .ant-btn', { hasText: '取' }).click();
      await expect.poll(() => page.locator('.ant-modal:visible').count(), WAIT).toBe(0);
      await expect.poll(() => page.locator('[data-testid="tier-name"]').allInnerTexts(), WAIT).toEqual(['银卡会员', '金卡会员', '钻石会员']);

      // The form in English (once the Chinese toast is gone).
      await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => page.locator('[data-testid="tier-new"]').innerText(), WAIT).toBe('New tier');
      await page.click('[data-testid="tier-new"]');
      await expect.poll(() => modal.locator('.ant-modal-title').innerText(), WAIT).toBe('New member tier');
      await expect(modal.innerText()).resolves.toContain('A higher number is a higher tier');
      await settledShot(page, 'crm-tier-form-en');
      await modal.locator('.ant-modal-footer .ant-btn', { hasText: 'Cancel' }).click();
      await expect.poll(() => page.locator('.ant-modal:visible').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => page.locator('[data-testid="tier-new"]').innerText(), WAIT).toBe('新建等级');

      // The demo member: consents given on her page, a tier from her spend, a KOC score from the people she brought.
      await page.goto(`${server.url}/console/crm/profiles?q=13800000001`);
      await page.locator('tbody tr.ant-table-row').first().click();
      await page.waitForURL(/\/console\/crm\/profiles\/mbr_/);
      await expect.poll(() => page.locator('[data-testid="privacy-now-marketing"]').getAttribute('data-granted'), WAIT).toBe('true');
      await expect.poll(() => page.locator('[data-testid="privacy-history"] tbody tr.ant-table-row').count(), WAIT).toBeGreaterThan(0);
      await expect(page.locator('[data-testid="privacy-export-json"]').getAttribute('href')).resolves.toMatch(/\/crm\/profiles\/mbr_.*\/export\?format=json/);
      await page.screenshot({ path: `${RESULTS}/crm-profile-privacy.png`, fullPage: true });
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/crm-koc-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
