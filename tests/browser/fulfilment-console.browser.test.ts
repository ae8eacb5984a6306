import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, ownerApi, RESULTS, signInMember, skip, TIMEOUT, signInStaff, trail } from './support';

// The fulfilment console pages in Chromium against the real app on a fresh demo database. The demo
// takes 周三鲜果团 through fulfilment: the list at 漕溪北路 has arrived (some orders collected, one
// short line, the demo member's order waiting with a pickup code), the list at 徐家汇 is on the road.
// Leader 1 confirms the 徐家汇 list arrived with a short line, then verifies the demo member's code
// (a wrong code first: the tries left show). The owner imports a CSV with one bad row and reads the
// report, and publishes a live campaign to a group: its share text and poster.

const FULFILMENT_CAMPAIGN = '周三鲜果团：10斤脐橙 + 草莓礼盒 + 牛奶';
const ARRIVED_POINT = '漕溪北路自提点';
const DISPATCHED_POINT = '徐家汇便利店自提点';
const DEMO_MEMBER = '13800000001';
const LEADER = 'leader1@demo.tuan';
const PUBLISH_GROUP = '南山科技园店 店+群';

interface OrderJson {
  id: string;
  status: string;
  campaignTitle: string;
  lines: { title: string; quantity: number; refundedQuantity: number }[];
}

describe.skipIf(skip)('fulfilment console pages in Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let owner: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    owner = await ownerApi(browser, server.url);
  }, 120_000);

  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await server?.close();
  });



  /** A full-page screenshot from the top (the sticky menu and header would otherwise be drawn where the page was scrolled to). */
  async function fullShot(page: Page, name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${RESULTS}/${name}.png`, fullPage: true });
  }

  const signIn = (email: string) => signInStaff(browser, server.url, email, { acceptDownloads: true });
  const okButton = (page: Page) => page.locator('.ant-modal-footer button.ant-btn-primary');
  /** The <input> of an antd InputNumber or Input (the test id sits on the input or on its wrapper). */
  const inputOf = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).locator('xpath=descendant-or-self::input').first();

  it('lets a leader confirm a dispatched list with a short line and verify a member’s pickup code', async () => {
    const { page } = await signIn(LEADER);
    const lines = trail(page);
    const member = await browser.newContext();
    try {
      // 1. The leader's menu has the fulfilment pages; the picking lists are both of theirs.
      const menu = page.locator('.ant-layout-sider');
      for (const label of ['拣货单', '核销提货', '超期未提']) await expect(menu.textContent()).resolves.toContain(label);
      await expect(menu.textContent()).resolves.not.toContain('成员导入');
      await menu.locator('.ant-menu-item', { hasText: '拣货单' }).click();
      await page.waitForURL(/\/console\/fulfilment\/picking-lists$/);
      const rows = page.locator('[data-testid=list-table] .ant-table-row');
      await expect.poll(() => rows.count(), { timeout: TIMEOUT }).toBe(2);
      const arrivedRow = rows.filter({ hasText: ARRIVED_POINT });
      const dispatchedRow = rows.filter({ hasText: DISPATCHED_POINT });
      await expect(arrivedRow.locator('[data-testid=list-status]').getAttribute('data-status')).resolves.toBe('arrived');
      await expect(dispatchedRow.locator('[data-testid=list-status]').getAttribute('data-status')).resolves.toBe('dispatched');
      await expect(dispatchedRow.textContent()).resolves.toContain(FULFILMENT_CAMPAIGN);
      await fullShot(page, 'fulfilment-leader-lists');

      // 2. The arrived list: per SKU, the bags (some collected) and the warehouse's shortage.
      await arrivedRow.locator('[data-testid=list-link]').click();
      await page.waitForURL(/\/console\/fulfilment\/picking-lists\/pkl_/);
      await page.locator('[data-testid=bag-table] .ant-table-row').first().waitFor();
      await expect.poll(() => page.locator('[data-testid=bag-collected]').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
      await expect(page.locator('[data-testid=shortage-table] .ant-table-row').count()).resolves.toBe(1);
      // An arrived list offers no more steps; leaders never dispatch.
      await expect(page.locator('[data-testid=list-arrive], [data-testid=list-dispatch]').count()).resolves.toBe(0);
      await page.goBack();

      // 3. The dispatched list: confirm arrival, one unit of the first line short.
      await rows.filter({ hasText: DISPATCHED_POINT }).locator('[data-testid=list-link]').click();
      await page.waitForURL(/\/console\/fulfilment\/picking-lists\/pkl_/);
      await expect(page.locator('[data-testid=list-title]').textContent()).resolves.toBe(DISPATCHED_POINT);
      await expect(page.locator('[data-testid=list-dispatch]').count()).resolves.toBe(0);
      const unitsBefore = await page.locator('[data-testid=sku-quantity]').allTextContents();
      await page.locator('[data-testid=list-arrive]').click();
      const modal = page.locator('.ant-modal', { has: page.locator('[data-testid=shortage-rows]') });
      await modal.waitFor();
      await page.locator('[data-testid=shortage-add]').click();
      await page.locator('[data-testid=shortage-line]').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option').first().click();
      // More than is left is refused on the form, before anything is sent.
      await inputOf(page, 'shortage-quantity').fill('99');
      await okButton(page).click();
      await modal.locator('.ant-form-item-explain-error', { hasText: '最多 1 件' }).waitFor();
      await inputOf(page, 'shortage-quantity').fill('1');
      await modal.locator('.ant-form-item-explain-error', { hasText: '最多 1 件' }).waitFor({ state: 'detached' });
      await modal.locator('[data-testid=shortage-summary]').waitFor();
      await page.screenshot({ path: `${RESULTS}/fulfilment-arrival-modal.png` });
      await okButton(page).click();
      await modal.waitFor({ state: 'detached' });
      await page.locator('.ant-message', { hasText: '已确认到货' }).waitFor();
      await expect.poll(() => page.locator('[data-testid=list-status]').getAttribute('data-status'), { timeout: TIMEOUT }).toBe('arrived');
      await page.locator('[data-testid=shortage-table] .ant-table-row').first().waitFor();
      await expect(page.locator('[data-testid=shortage-table]').textContent()).resolves.toContain('到货时缺件');
      const unitsAfter = (await page.locator('[data-testid=sku-quantity]').allTextContents()).map(Number);
      expect(unitsAfter.reduce((a, b) => a + b, 0)).toBe(unitsBefore.map(Number).reduce((a, b) => a + b, 0) - 1);
      await fullShot(page, 'fulfilment-list-arrived');
      // The printed list: no menu, header or buttons; both tables.
      await page.emulateMedia({ media: 'print' });
      await expect(page.locator('.ant-layout-sider').isVisible()).resolves.toBe(false);
      await expect(page.locator('[data-testid=list-print]').isVisible()).resolves.toBe(false);
      await expect(page.locator('[data-testid=bag-table]').isVisible()).resolves.toBe(true);
      await fullShot(page, 'fulfilment-list-print');
      await page.emulateMedia({ media: 'screen' });

      // 4. The demo member's order waits at 漕溪北路 with a pickup code (read as the member).
      await signInMember(member, owner, server.url, DEMO_MEMBER);
      const mine = (await (await member.request.get(`${server.url}/api/v1/me/orders?status=ready_for_pickup`)).json()) as { items: OrderJson[] };
      const order = mine.items.find((o) => o.campaignTitle === FULFILMENT_CAMPAIGN);
      expect(order, 'the demo member has an order ready for pickup').toBeDefined();
      const pickup = await member.request.get(`${server.url}/api/v1/me/orders/${order!.id}/pickup-code`);
      expect(pickup.status()).toBe(200);
      const { code } = (await pickup.json()) as { code: string };
      expect(code).toMatch(/^\d{6}$/);

      // 5. Verify pickup: the field has the focus, as a scanner expects; a wrong code shows the tries left.
      await menu.locator('.ant-menu-item', { hasText: '核销提货' }).click();
      await page.waitForURL(/\/console\/fulfilment\/verify$/);
      const field = inputOf(page, 'verify-code');
      await field.waitFor();
      await expect.poll(() => field.evaluate((el) => el === document.activeElement), { timeout: TIMEOUT }).toBe(true);
      const wrong = code.slice(0, 5) + String((Number(code[5]) + 5) % 10);
      await page.keyboard.type(wrong);
      await page.keyboard.press('Enter');
      const result = page.locator('[data-testid=verify-result]');
      await expect.poll(() => result.getAttribute('data-result'), { timeout: TIMEOUT }).toBe('wrong');
      await expect(page.locator('[data-testid=verify-tries]').textContent()).resolves.toMatch(/还可以再试 \d 次/);
      await page.screenshot({ path: `${RESULTS}/fulfilment-verify-wrong.png` });

      // The right code, typed as a scanner does (digits, then Enter): the order is collected.
      await expect.poll(() => field.inputValue(), { timeout: TIMEOUT }).toBe('');
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await expect.poll(() => result.getAttribute('data-result'), { timeout: TIMEOUT }).toBe('ok');
      await expect(result.getAttribute('data-order-status')).resolves.toBe('completed');
      await expect(page.locator('[data-testid=verify-items]').textContent()).resolves.toContain(order!.lines[0]!.title);
      await expect(page.locator('[data-testid=verify-history] .ant-table-row').count()).resolves.toBe(2);
      await page.screenshot({ path: `${RESULTS}/fulfilment-verify-ok.png` });
      const after = (await (await member.request.get(`${server.url}/api/v1/orders/${order!.id}`)).json()) as OrderJson;
      expect(after.status).toBe('completed');

      // The same code again: already used.
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await expect.poll(() => result.getAttribute('data-result'), { timeout: TIMEOUT }).toBe('used');

      // 6. Uncollected: with no waiting days the other members at the points are listed.
      await page.goto(`${server.url}/console/fulfilment/uncollected?days=0`);
      await page.locator('[data-testid=uncollected-table] .ant-table-row').first().waitFor();
      const uncollected = await page.locator('[data-testid=uncollected-order]').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
      expect(uncollected).not.toContain(order!.id);
      await fullShot(page, 'fulfilment-uncollected');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/fulfilment-leader-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await member.close();
      await page.context().close();
    }
  }, 180_000);

  it('lets the owner import members from a CSV and read the bad row in the report', async () => {
    const { page } = await signIn(OWNER.email);
    const lines = trail(page);
    try {
      await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '成员导入' }).click();
      await page.waitForURL(/\/console\/community\/imports$/);
      // The template downloads with the session cookie.
      const template = await page.request.get(`${server.url}${await page.locator('[data-testid=import-template-csv]').getAttribute('href')}`);
      expect(template.status()).toBe(200);
      expect(await template.text()).toContain('手机号');

      // Row 3 (the header is row 1) has no valid phone.
      const file = path.join(RESULTS, 'fulfilment-import.csv');
      fs.writeFileSync(file, '手机号,姓名,渠道\n13900000201,浏览器一,天猫旗舰店\n12345,坏号码,天猫旗舰店\n13900000202,浏览器二,京东\n');
      await page.locator('[data-testid=import-group]').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '徐汇鲜果团 1 群' }).click();
      await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(file);
      const report = page.locator('[data-testid=import-report]');
      await report.waitFor();
      await expect.poll(() => report.locator('[data-testid=import-status]').getAttribute('data-status'), { timeout: TIMEOUT }).toBe('done');
      await expect.poll(() => report.locator('[data-testid=import-progress]').getAttribute('data-percent'), { timeout: TIMEOUT }).toBe('100');
      await expect(report.locator('[data-testid=import-count-created]').textContent()).resolves.toContain('2');
      await expect(report.locator('[data-testid=import-count-failed]').textContent()).resolves.toContain('1');
      const bad = report.locator('[data-testid=import-rows] .ant-table-row');
      await expect.poll(() => bad.count(), { timeout: TIMEOUT }).toBe(1);
      await expect(bad.locator('[data-testid=import-row-number]').textContent()).resolves.toBe('3');
      await expect(bad.locator('[data-outcome]').getAttribute('data-outcome')).resolves.toBe('failed');
      await expect(bad.textContent()).resolves.toContain('12345');
      await fullShot(page, 'fulfilment-import-report');

      // The outcome filter: the two new members.
      await report.locator('[data-testid=import-outcome] .ant-segmented-item', { hasText: '新会员' }).click();
      await expect.poll(() => report.locator('[data-testid=import-rows] .ant-table-row').count(), { timeout: TIMEOUT }).toBe(2);
      // And the import is in the history.
      await expect(page.locator('[data-testid=import-history]').textContent()).resolves.toContain('fulfilment-import.csv');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/fulfilment-import-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('lets the owner publish a live campaign to a group and shows its share text and poster', async () => {
    const { page } = await signIn(OWNER.email);
    const lines = trail(page);
    try {
      const live = (await (await owner.request.get(`${server.url}/api/v1/campaigns?status=live&limit=50`)).json()) as { items: { id: string; title: string }[] };
      const campaign = live.items[0]!;
      const before = (await (await owner.request.get(`${server.url}/api/v1/campaigns/${campaign.id}/groups`)).json()) as { items: { groupName: string }[] };
      expect(before.items.map((g) => g.groupName)).not.toContain(PUBLISH_GROUP);

      await page.goto(`${server.url}/console/campaigns/${campaign.id}`);
      await page.locator('[data-testid=campaign-groups]').waitFor();
      await page.locator('[data-testid=campaign-end]').waitFor();
      await page.locator('[data-testid=campaign-publish-groups]').click();
      // Nothing chosen: the form says so.
      await okButton(page).click();
      await page.locator('.ant-form-item-explain-error', { hasText: '请至少选择一个群' }).waitFor();
      await page.locator('[data-testid=publish-groups]').click();
      await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: PUBLISH_GROUP }).click();
      // Close the (multiple) select's list by clicking the modal's title; Escape could close the modal itself.
      await page.locator('.ant-modal-title').click();
      await page.locator('[data-testid=publish-groups] .ant-select-selection-item', { hasText: PUBLISH_GROUP }).waitFor();
      await okButton(page).click();

      const card = page.locator('[data-testid=share-card]');
      await card.waitFor();
      await expect(card.locator('.ant-card-head').textContent()).resolves.toContain(PUBLISH_GROUP);
      const text = await card.locator('[data-testid=share-text]').inputValue();
      expect(text).toContain(campaign.title);
      expect(text).toMatch(/\?g=grp_/);
      const url = (await card.locator('[data-testid=share-link]').textContent()) ?? '';
      expect(url).toMatch(new RegExp(`/m/demo/c/${campaign.id}\\?g=grp_`));
      const poster = card.locator('img[data-testid=share-poster]');
      await poster.waitFor();
      await expect(poster.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
      await expect.poll(() => poster.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), { timeout: TIMEOUT }).toBe(1080);
      await page.screenshot({ path: `${RESULTS}/fulfilment-share-card.png` });
      const [download] = await Promise.all([page.waitForEvent('download'), card.locator('[data-testid=share-download-poster]').click()]);
      expect(download.suggestedFilename()).toMatch(/\.png$/);
      const png = path.join(RESULTS, 'fulfilment-poster.png');
      await download.saveAs(png);
      expect(fs.readFileSync(png).subarray(1, 4).toString()).toBe('PNG');

      // Closed: the group is in the campaign's published list, and the API agrees.
      await page.locator('[data-testid=share-cards-done]').click();
      await card.waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      await page.locator('[data-testid=campaign-group]', { hasText: PUBLISH_GROUP }).waitFor();
      const after = (await (await owner.request.get(`${server.url}/api/v1/campaigns/${campaign.id}/groups`)).json()) as { items: { groupName: string }[] };
      expect(after.items.map((g) => g.groupName)).toContain(PUBLISH_GROUP);
      await fullShot(page, 'fulfilment-campaign-groups');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/fulfilment-publish-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
