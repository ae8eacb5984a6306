import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { launchBrowser, OWNER, RESULTS, skip, signInStaff, TIMEOUT, trail, settledShot } from './support';

// Tag groups on the 标签 page in Chromium against the real app on a fresh demo database (the demo
// seeds two groups: 兴趣偏好 with four tags and 运营标记 with three). The owner renames a group,
// sees a taken name refused under the field, and deletes a group: its tags stay, under 未分组.

const RENAMED = '运营重点';
/** Waiting for what the API changes (a reload after a save); a busy machine takes more than a second. */
const WAIT = { timeout: TIMEOUT };

describe.skipIf(skip)('CRM tag groups in Chromium', () => {
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

  /** The page's group headings, in order ('' for 未分组 is its title text). */
  const headings = (page: Page) => page.locator('[data-testid=tag-section] .ant-card-head-title').allInnerTexts();
  /** The tag names listed in the section titled `title`. */
  const tagsIn = (page: Page, title: string) => page.locator('[data-testid=tag-section]', { has: page.locator('.ant-card-head-title', { hasText: title }) }).locator('[data-testid=crm-tag]').allInnerTexts();

  it('renames a tag group, refuses a taken name under the field, and deletes a group leaving its tags ungrouped', async () => {
    const { context, page } = await signInStaff(browser, server.url, OWNER.email);
    const lines = trail(page);
    try {
      const { groups } = (await (await page.request.get(`${server.url}/api/v1/crm/tags`)).json()) as { groups: Array<{ id: string; name: string }> };
      const ops = groups.find((g) => g.name === '运营标记')!;
      const interests = groups.find((g) => g.name === '兴趣偏好')!;
      expect(ops && interests).toBeTruthy();

      await page.goto(`${server.url}/console/crm/tags`);
      await expect.poll(() => headings(page), WAIT).toEqual([expect.stringContaining('兴趣偏好'), expect.stringContaining('运营标记')]);
      const opsTags = await tagsIn(page, '运营标记');
      expect(opsTags.map((n) => n.replace('⚙', '')).sort()).toEqual(['价格敏感', '重点维护', '高消费'].sort());
      await settledShot(page, 'crm-tag-groups');

      // Rename: the modal starts from the current name; the heading follows.
      await page.click(`[data-testid=tag-group-rename-${ops.id}]`);
      const modal = page.locator('.ant-modal:visible');
      await expect.poll(() => modal.locator('.ant-modal-title').innerText(), WAIT).toBe('重命名标签组「运营标记」');
      await expect(page.locator('[data-testid=tag-group-name]').inputValue()).resolves.toBe('运营标记');
      await page.fill('[data-testid=tag-group-name]', RENAMED);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: `标签组已改名为「${RENAMED}」` }).waitFor();
      await expect.poll(() => headings(page), WAIT).toEqual([expect.stringContaining('兴趣偏好'), expect.stringContaining(RENAMED)]);
      await expect.poll(async () => (await tagsIn(page, RENAMED)).length, WAIT).toBe(3);

      // A taken name: the server's message under the field, the modal stays open, nothing changes.
      await page.click(`[data-testid=tag-group-rename-${interests.id}]`);
      await expect.poll(() => modal.locator('.ant-modal-title').innerText(), WAIT).toBe('重命名标签组「兴趣偏好」');
      await expect(page.locator('[data-testid=tag-group-name]').inputValue()).resolves.toBe('兴趣偏好');
      await page.fill('[data-testid=tag-group-name]', RENAMED);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      const nameItem = modal.locator('.ant-form-item', { has: page.locator('[data-testid=tag-group-name]') });
      await expect.poll(() => nameItem.locator('.ant-form-item-explain-error').allInnerTexts(), WAIT).toEqual([`已有名为“${RENAMED}”的标签组`]);
      await expect(modal.locator('.ant-alert').count()).resolves.toBe(0);
      await settledShot(page, 'crm-tag-group-taken');
      await modal.locator('.ant-modal-footer .ant-btn', { hasText: '取' }).click();
      await expect.poll(() => page.locator('.ant-modal:visible').count(), WAIT).toBe(0);
      await expect.poll(() => headings(page), WAIT).toEqual([expect.stringContaining('兴趣偏好'), expect.stringContaining(RENAMED)]);

      // Delete: the confirmation says the three tags stay, ungrouped; afterwards they are under 未分组.
      await page.click(`[data-testid=tag-group-delete-${ops.id}]`);
      const confirm = page.locator('.ant-popover:visible');
      await expect.poll(() => confirm.innerText(), WAIT).toContain('组里的 3 个标签会保留，移到“未分组”');
      await settledShot(page, 'crm-tag-group-delete');
      await confirm.locator('.ant-btn-dangerous').click();
      await page.locator('.ant-message', { hasText: `已删除标签组「${RENAMED}」，3 个标签移到了“未分组”` }).waitFor();
      await expect.poll(() => headings(page), WAIT).toEqual([expect.stringContaining('兴趣偏好'), expect.stringContaining('未分组')]);
      await expect.poll(async () => (await tagsIn(page, '未分组')).map((n) => n.replace('⚙', '')).sort(), WAIT).toEqual(['价格敏感', '重点维护', '高消费'].sort());
      // The ungrouped section has no group actions; the remaining group keeps its own.
      await expect(page.locator(`[data-testid=tag-group-delete-${ops.id}]`).count()).resolves.toBe(0);
      await expect(page.locator(`[data-testid=tag-group-rename-${interests.id}]`).count()).resolves.toBe(1);
      const after = (await (await page.request.get(`${server.url}/api/v1/crm/tags`)).json()) as { groups: Array<{ id: string }>; items: Array<{ name: string; groupId: string | null }> };
      expect(after.groups.map((g) => g.id)).toEqual([interests.id]);
      expect(after.items.filter((i) => ['价格敏感', '重点维护', '高消费'].includes(i.name)).map((i) => i.groupId)).toEqual([null, null, null]);
      await settledShot(page, 'crm-tag-groups-after');

      // In English: the group actions and the confirmation are translated (once the Chinese toasts are gone).
      await expect.poll(() => page.locator('.ant-message-notice').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => headings(page), WAIT).toEqual([expect.stringContaining('兴趣偏好'), expect.stringContaining('Ungrouped')]);
      await expect(page.locator(`[data-testid=tag-group-rename-${interests.id}]`).innerText()).resolves.toBe('Rename');
      await page.click(`[data-testid=tag-group-delete-${interests.id}]`);
      await expect.poll(() => confirm.innerText(), WAIT).toContain('Its tags (4) stay, ungrouped');
      await settledShot(page, 'crm-tag-group-delete-en');
      await confirm.locator('.ant-btn', { hasText: 'Cancel' }).click();
      await expect.poll(() => page.locator('.ant-popover:visible').count(), WAIT).toBe(0);
      await page.getByRole('button', { name: '中文' }).click();
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/crm-tag-groups-failure.png`, fullPage: true }).catch(() => {});
      throw new Error(`${(err as Error).message}\n${lines.join('\n')}`);
    } finally {
      await context.close();
    }
  });
});
