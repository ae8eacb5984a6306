import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, RESULTS, skip, signInStaff, trail } from './support';

// The 生命周期 dashboard's daily chart (ECharts) in Chromium against the real app on a fresh demo
// database (the demo fills the daily stage counts of its last 30 days). The owner opens it from the
// menu: seven stages are drawn over every day the API has, and hovering the chart names each stage
// with its count for that day, in Chinese and in English.

const STAGES_ZH = ['新客', '活跃', '复购', '流失风险', '沉睡', '已流失', '召回'];
const STAGES_EN = ['New', 'Active', 'Repeat', 'At risk', 'Dormant', 'Churned', 'Won back'];

describe.skipIf(skip)('CRM lifecycle chart in Chromium', () => {
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

  /** How many pixels of the chart's canvas are painted (not transparent). */
  const painted = (canvas: Locator) =>
    canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });

  /** The painted pixels once the drawing has settled (ECharts animates it in): two reads alike. */
  async function settled(canvas: Locator): Promise<number> {
    let last = -1;
    let now = await painted(canvas);
    for (let i = 0; i < 40 && now !== last; i++) {
      await new Promise((r) => setTimeout(r, 250));
      [last, now] = [now, await painted(canvas)];
    }
    return now;
  }

  /** Moves the mouse over the middle of the plot and returns the tooltip that shows. */
  async function hover(page: Page, chart: Locator): Promise<Locator> {
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4, { steps: 4 });
    const tooltip = chart.locator('.lifecycle-chart-tooltip');
    await expect.poll(() => tooltip.evaluate((e) => getComputedStyle(e).display !== 'none' && getComputedStyle(e).opacity !== '0').catch(() => false)).toBe(true);
    return tooltip;
  }

  it('draws the seven stages over the demo’s days, with a tooltip naming each stage', async () => {
    const { context, page } = await signInStaff(browser, server.url, OWNER.email);
    const lines = trail(page);
    try {
      // The days the page's period (30) has, straight from the API.
      const summary = (await (await page.request.get(`${server.url}/api/v1/crm/lifecycle?days=30`)).json()) as { series: Array<{ day: string }> };
      const days = summary.series.length;
      expect(days).toBeGreaterThanOrEqual(30);

      const crm = page.locator('.ant-layout-sider .ant-menu-submenu', { hasText: '客户运营' });
      await crm.locator('.ant-menu-item', { hasText: '生命周期' }).click();
      await page.waitForURL(/\/console\/crm\/lifecycle$/);
      const chart = page.locator('[data-testid=lifecycle-chart]');
      await chart.waitFor();
      await expect(chart.getAttribute('data-series-count')).resolves.toBe('7');
      await expect(chart.getAttribute('data-days')).resolves.toBe(String(days));
      await expect(chart.getAttribute('aria-label')).resolves.toBe('每日阶段人数');
      expect(await page.locator('[data-testid=lifecycle-chart-empty]').count()).toBe(0);

      // ECharts draws into a canvas that fills the container, and paints it.
      const canvas = chart.locator('canvas').first();
      const [outer, inner] = [(await chart.boundingBox())!, (await canvas.boundingBox())!];
      expect(inner.width).toBeGreaterThan(600);
      expect(inner.height).toBeGreaterThan(200);
      expect(Math.abs(inner.width - outer.width)).toBeLessThanOrEqual(1);
      await expect.poll(() => painted(canvas)).toBeGreaterThan(10_000);
      const areas = await settled(canvas);

      // Hovering a day: the date and each stage with its count.
      const tooltip = await hover(page, chart);
      const text = await tooltip.innerText();
      expect(text).toMatch(/\d{4}-\d{2}-\d{2}/);
      for (const stage of STAGES_ZH) expect(text).toContain(stage);
      expect(text).not.toMatch(/crm\.|stages\./);
      await page.screenshot({ path: `${RESULTS}/crm-lifecycle-chart.png`, fullPage: true });

      // As lines: the same seven series over the same days.
      await page.mouse.move(720, 4);
      await page.locator('.ant-segmented-item', { hasText: '折线' }).click();
      await expect.poll(() => chart.getAttribute('data-mode')).toBe('lines');
      await expect(chart.getAttribute('data-series-count')).resolves.toBe('7');
      await expect(chart.getAttribute('data-days')).resolves.toBe(String(days));
      // Lines, not areas: far less of the canvas is painted.
      await expect.poll(() => painted(canvas)).toBeLessThan(areas / 2);
      await page.screenshot({ path: `${RESULTS}/crm-lifecycle-chart-lines.png`, fullPage: true });

      // In English, the tooltip names the stages in English.
      await page.mouse.move(720, 4);
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => chart.getAttribute('aria-label')).toBe('Customers per stage, day by day');
      const english = await (await hover(page, chart)).innerText();
      for (const stage of STAGES_EN) expect(english).toContain(stage);
      await page.screenshot({ path: `${RESULTS}/crm-lifecycle-chart-en.png`, fullPage: true });
      await page.mouse.move(720, 4);
      await page.getByRole('button', { name: '中文' }).click();
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/crm-lifecycle-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
