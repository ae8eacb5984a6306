import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, RESULTS, skip, signInStaff, trail } from './support';

// The KOC ranking, the tier rules and a profile's privacy, tier and KOC panels in Chromium against
// the real app on a fresh demo database (the demo seeds tier rules, consents and KOC scores).

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
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      const scores = await page.locator('[data-testid="koc-score"]').allInnerTexts();
      const numbers = scores.map((s) => Number(s.replace(/[^\d]/g, '')));
      expect(numbers.length).toBeGreaterThan(0);
      expect([...numbers].sort((a, b) => b - a)).toEqual(numbers);
      await page.screenshot({ path: `${RESULTS}/crm-koc.png`, fullPage: true });

      await page.goto(`${server.url}/console/crm/tiers`);
      await expect.poll(() => page.locator('[data-testid="tier-name"]').allInnerTexts()).toEqual(['银卡会员', '金卡会员']);
      await expect.poll(() => page.locator('[data-testid="tier-rules"]').count()).toBe(1);
      await page.screenshot({ path: `${RESULTS}/crm-tiers.png`, fullPage: true });

      // The demo member: consents given on her page, a tier from her spend, a KOC score from the people she brought.
      await page.goto(`${server.url}/console/crm/profiles?q=13800000001`);
      await page.locator('tbody tr.ant-table-row').first().click();
      await page.waitForURL(/\/console\/crm\/profiles\/mbr_/);
      await expect.poll(() => page.locator('[data-testid="privacy-now-marketing"]').getAttribute('data-granted')).toBe('true');
      await expect.poll(() => page.locator('[data-testid="privacy-history"] tbody tr.ant-table-row').count()).toBeGreaterThan(0);
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
