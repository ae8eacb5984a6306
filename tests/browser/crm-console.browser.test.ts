import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server';
import { clickUntilUrl, launchBrowser, OWNER, RESULTS, skip, TIMEOUT, signInStaff, trail } from './support';

// 客户运营 (the social CRM) in Chromium against the real app on a fresh demo database. The owner
// makes a manual tag, builds a segment whose count updates live as conditions are added (and shows
// the server's error at the condition at fault), saves it, tags every member, opens a member's
// profile and timeline, makes a rule tag, merges two profiles, and opens the lifecycle page. Everything the test needs beyond the demo
// members and their orders it makes itself, so it does not depend on a CRM demo seed.

const TAG = '浏览器测试：高意向';
const RULE_TAG = '浏览器测试：近期下单';
const SEGMENT = '浏览器测试：近期复购';
const DEMO_MEMBER = '13800000001';

describe.skipIf(skip)('CRM console pages in Chromium', () => {
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

  /**
   * Picks `option` in an antd Select (its dropdown is rendered at the end of the page). A multiple
   * select stays open after a pick: Escape closes it.
   */
  async function choose(page: Page, select: Locator, option: string, multiple = false) {
    await select.click();
    await settled(page.locator('.ant-select-dropdown:visible'));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    if (multiple) await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  }

  /**
   * A screenshot of the whole page with no hover, focus or open menu left over. The window is made
   * as tall as the page for it, so sticky parts (the menu, the save bar) sit where a reader sees them.
   */
  async function shot(page: Page, name: string, options: { modal?: boolean } = {}) {
    await page.mouse.move(720, 4);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const popups = () =>
      page
        .locator(options.modal ? '.ant-select-dropdown, .ant-dropdown, .ant-tooltip' : '.ant-select-dropdown, .ant-dropdown, .ant-tooltip, .ant-modal-wrap')
        .evaluateAll((els) => els.filter((e) => !/-hidden\b/.test(e.className) && getComputedStyle(e).display !== 'none' && getComputedStyle(e).opacity !== '0').length);
    await expect.poll(popups, { timeout: 5_000 }).toBe(0);
    const viewport = page.viewportSize()!;
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
    await page.screenshot({ path: `${RESULTS}/${name}.png` });
    await page.setViewportSize(viewport);
  }

  /** Waits until a popup has finished sliding in (antd marks it with motion classes meanwhile), so a click lands where it aims. */
  async function settled(popup: Locator) {
    await popup.waitFor();
    await expect.poll(() => popup.getAttribute('class')).not.toMatch(/-(appear|enter)/);
  }

  /** The live count once it is up to date with the rule on screen. */
  const preview = (page: Page) => page.locator('[data-testid=rule-preview]');
  async function freshCount(page: Page): Promise<number | null> {
    const state = await preview(page).getAttribute('data-state');
    if (state !== 'fresh') return null;
    const count = await preview(page).getAttribute('data-count');
    return count === null || count === '' ? null : Number(count);
  }

  it('builds a segment with a live count, saves it, tags its members, and opens a profile, tags and lifecycle', async () => {
    const { context, page } = await signInStaff(browser, server.url, OWNER.email);
    const lines = trail(page);
    try {
      // Profiles are projected by a background refresher: wait until the demo member has one.
      await expect
        .poll(async () => ((await (await page.request.get(`${server.url}/api/v1/crm/profiles?q=${DEMO_MEMBER}`)).json()) as { items: unknown[] }).items.length, { timeout: TIMEOUT })
        .toBe(1);

      // 1. A manual tag, from the new menu section.
      const menu = page.locator('.ant-layout-sider');
      await expect(menu.textContent()).resolves.toContain('客户运营');
      await clickUntilUrl(page, menu.locator('.ant-menu-item', { hasText: '标签' }), /\/console\/crm\/tags$/);
      await page.click('[data-testid=tag-new]');
      await page.fill('[data-testid=tag-name]', TAG);
      await page.click('[data-testid=tag-color-magenta]');
      await page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: `已创建标签「${TAG}」` }).waitFor();
      const tagRow = page.locator('[data-testid=tags-table] .ant-table-row', { hasText: TAG });
      await tagRow.waitFor();
      await expect(tagRow.textContent()).resolves.toContain('0 人');

      // 2. The segment builder: each condition changes the live count.
      await clickUntilUrl(page, menu.locator('.ant-menu-item', { hasText: '细分' }), /\/console\/crm\/segments$/);
      await page.click('[data-testid=segment-new]');
      await page.waitForURL(/\/console\/crm\/segments\/new$/);
      await expect(preview(page).getAttribute('data-state')).resolves.toBe('incomplete');
      const root = page.locator('[data-testid=rule-group][data-depth="1"]');
      const addTo = async (group: Locator, type: string) => {
        const rows = group.locator('> .rule-children > .rule-child > [data-testid=rule-condition]');
        const before = await rows.count();
        await group.locator('> .rule-group-actions [data-testid=rule-add-condition]').click();
        const menu = page.locator('.ant-dropdown:visible');
        await settled(menu);
        await menu.locator('.ant-dropdown-menu-item', { hasText: type }).click();
        await expect.poll(() => rows.count()).toBe(before + 1);
        await expect.poll(() => page.locator('.ant-dropdown:visible').count()).toBe(0);
      };

      // Ordered within the last 30 days (the default of 最近下单): the demo's buyers.
      await addTo(root, '最近下单');
      await expect.poll(() => freshCount(page), { timeout: TIMEOUT }).toBeGreaterThan(0);
      const buyers = (await freshCount(page))!;
      await expect(preview(page).locator('[data-testid=preview-sample] li').count()).resolves.toBeGreaterThan(0);

      // … and at least 2 orders in 90 days: fewer people.
      await addTo(root, '订单数');
      const orders = root.locator('> .rule-children [data-testid=rule-condition][data-type=orders]');
      await orders.locator('[data-testid=rule-value]').fill('2');
      await expect.poll(() => freshCount(page), { timeout: TIMEOUT }).toBeLessThan(buyers);
      const repeat = (await freshCount(page))!;
      expect(repeat).toBeGreaterThan(0);

      // "between 2 and 1": the server refuses it, and says so at that condition; the last count stays.
      await choose(page, orders.locator('[data-testid=rule-op]'), '介于');
      await expect(orders.locator('[data-testid=rule-issue]').textContent()).resolves.toContain('需要填写上限');
      await orders.locator('[data-testid=rule-max]').fill('1');
      const problem = orders.locator('[data-testid=rule-problem]');
      await problem.waitFor();
      await expect(problem.getAttribute('data-field')).resolves.toBe('max');
      await expect(problem.textContent()).resolves.toBe('上限不能小于下限');
      await expect(preview(page).getAttribute('data-state')).resolves.toBe('invalid');
      await expect(preview(page).getAttribute('data-count')).resolves.toBe(String(repeat));
      await shot(page, 'crm-segment-error');
      await orders.locator('[data-testid=rule-max]').fill('99');
      await problem.waitFor({ state: 'detached' });
      await expect.poll(() => freshCount(page), { timeout: TIMEOUT }).toBe(repeat);

      // A nested OR group: joined within 30 days, or in the new stage — everyone in the demo.
      await root.locator('> .rule-group-actions [data-testid=rule-add-group]').click();
      const inner = root.locator('[data-testid=rule-group][data-depth="2"]');
      await expect(inner.getAttribute('data-type')).resolves.toBe('any');
      await choose(page, inner.locator('[data-testid=rule-condition]').first().locator('[data-testid=rule-type]'), '加入时间');
      await addTo(inner, '生命周期');
      const stage = inner.locator('[data-testid=rule-condition][data-type=stage]');
      await expect(stage.locator('[data-testid=rule-issue]').textContent()).resolves.toContain('请至少选择一项');
      await choose(page, stage.locator('[data-testid=rule-values]'), '复购', true);
      await expect.poll(() => freshCount(page), { timeout: TIMEOUT }).toBe(repeat);
      await page.fill('[data-testid=segment-name]', SEGMENT);
      await page.fill('[data-testid=segment-description]', '近 30 天下过单、近 90 天至少 2 单');
      await shot(page, 'crm-segment-builder');

      // The same builder in English.
      await page.getByRole('button', { name: 'English' }).click();
      await expect.poll(() => root.locator('[data-testid=rule-add-condition]').first().textContent()).toContain('Add condition');
      // The language button's tooltip opened on the click: leave it and let it close.
      await preview(page).hover();
      await expect.poll(() => page.locator('.ant-tooltip:visible').count()).toBe(0);
      await expect(preview(page).textContent()).resolves.toContain('Live count');
      await shot(page, 'crm-segment-builder-en');
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => root.locator('[data-testid=rule-add-condition]').first().textContent()).toContain('添加条件');

      // 3. Save: the saved segment has the previewed count, and its members are listed.
      await page.click('[data-testid=segment-save]');
      await page.waitForURL(/\/console\/crm\/segments\/seg_[^/?]+$/);
      await page.locator('.ant-message', { hasText: `已保存细分「${SEGMENT}」，共 ${repeat} 人` }).waitFor();
      await expect(page.locator('[data-testid=segment-member-count]').getAttribute('data-count')).resolves.toBe(String(repeat));
      const members = page.locator('[data-testid=segment-members-table] .ant-table-row');
      await expect.poll(() => members.count(), { timeout: TIMEOUT }).toBe(repeat);
      for (const n of await page.locator('[data-testid=segment-members-table] [data-testid=profile-orders]').allTextContents()) expect(Number(n)).toBeGreaterThanOrEqual(2);

      // The export links download the members (CSV: a header and a line each; XLSX: a workbook).
      const csv = await page.request.get(`${server.url}${await page.locator('[data-testid=segment-export-csv]').getAttribute('href')}`);
      expect(csv.status()).toBe(200);
      const csvLines = (await csv.text()).trim().split(/\r?\n/);
      expect(csvLines).toHaveLength(repeat + 1);
      const phones = await page.locator('[data-testid=segment-members-table] .ant-table-row td:nth-child(2)').allTextContents();
      for (const phone of phones) expect(csvLines.some((l) => l.includes(phone.trim()))).toBe(true);
      const xlsx = await page.request.get(`${server.url}${await page.locator('[data-testid=segment-export-xlsx]').getAttribute('href')}`);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

      // Tag every member: the tag shows on each row.
      await page.click('[data-testid=segment-tag-all]');
      await choose(page, page.locator('[data-testid=tag-all-select]'), TAG);
      await page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: `已给 ${repeat} 人打上「${TAG}」` }).waitFor();
      // (A row shows three tags and "+n" for the rest: read the whole list the row carries.)
      const rowTags = () => page.locator('[data-testid=segment-members-table] .ant-table-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid=tag-list]')?.getAttribute('data-tag-names')?.split('|') ?? []));
      await expect.poll(async () => (await rowTags()).filter((names) => names.includes(TAG)).length, { timeout: TIMEOUT }).toBe(repeat);
      await shot(page, 'crm-segment-members');

      // 4. A member's profile: stats, the tag, the segment, and the timeline with their paid order.
      await members.first().locator('td').nth(2).click();
      await page.waitForURL(/\/console\/crm\/profiles\/mbr_/);
      await page.locator('[data-testid=profile-name]').waitFor();
      await expect(page.locator('[data-testid=profile-tags]').textContent()).resolves.toContain(TAG);
      await expect(page.locator('[data-testid=profile-segments]').textContent()).resolves.toContain(SEGMENT);
      await expect(Number(((await page.locator('[data-testid=profile-stat-orders]').textContent()) ?? '').replace(/\D/g, ''))).toBeGreaterThanOrEqual(2);
      // The tagging is on the person's timeline at once.
      const timeline = page.locator('[data-testid=profile-timeline] [data-testid=timeline-entry]');
      await expect.poll(() => timeline.evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))), { timeout: TIMEOUT }).toContain('tag_applied');
      await expect(timeline.filter({ hasText: TAG }).first().textContent()).resolves.toContain('打标签');
      await shot(page, 'crm-profile');

      // The demo member, found by phone from the member list; their referral tree and groups.
      await clickUntilUrl(page, menu.locator('.ant-menu-item', { hasText: '客户' }).first(), /\/console\/crm\/profiles(\?.*)?$/);
      await page.locator('[data-testid=profiles-table] .ant-table-row').first().waitFor();
      await page.locator('[data-testid=profiles-search] input, input[data-testid=profiles-search]').first().fill(DEMO_MEMBER);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('[data-testid=profiles-table] .ant-table-row').count(), { timeout: TIMEOUT }).toBe(1);
      await shot(page, 'crm-profiles-search');
      // An integration reports that they shared a group-buy: it is on their timeline, with its properties.
      const sent = await page.request.post(`${server.url}/api/v1/crm/events`, {
        data: { events: [{ clientEventId: 'browser-test-share-1', type: 'shared', person: { phone: DEMO_MEMBER }, channel: 'community', properties: { target: '朋友圈', campaignTitle: '浏览器测试团购' } }] },
      });
      expect(sent.status()).toBe(200);
      await expect(sent.json()).resolves.toMatchObject({ stored: 1, rejected: [] });
      await page.locator('[data-testid=profiles-table] [data-testid=profile-link]').click();
      await page.waitForURL(/\/console\/crm\/profiles\/mbr_/);
      await expect.poll(() => page.locator('[data-testid=profile-groups] a').count(), { timeout: TIMEOUT }).toBeGreaterThan(0);
      await expect(page.locator('[data-testid=referral-self]').textContent()).resolves.toContain('本人');
      const shared = page.locator('[data-testid=profile-timeline] [data-testid=timeline-entry][data-type=shared]');
      await shared.first().waitFor();
      await expect(shared.first().textContent()).resolves.toContain('分享');
      await expect(shared.first().textContent()).resolves.toContain('朋友圈');
      await expect(shared.first().textContent()).resolves.toContain('社群');
      await shot(page, 'crm-profile-demo-member');

      // The member list filtered by the segment.
      await page.goto(`${server.url}/console/crm/profiles`);
      await choose(page, page.locator('[data-testid=profiles-segment-filter]'), SEGMENT);
      await expect.poll(() => page.locator('[data-testid=profiles-table] .ant-table-row').count(), { timeout: TIMEOUT }).toBe(repeat);
      await shot(page, 'crm-profiles');

      // 5. Tags: the manual tag now counts the segment's members; its count opens the filtered list.
      await clickUntilUrl(page, menu.locator('.ant-menu-item', { hasText: '标签' }), /\/console\/crm\/tags$/);
      await expect.poll(() => tagRow.locator('[data-testid=tag-profiles]').textContent(), { timeout: TIMEOUT }).toBe(`${repeat} 人`);
      await shot(page, 'crm-tags');

      // A rule tag, with the same rule builder and its live count in the form.
      await page.click('[data-testid=tag-new]');
      await page.fill('[data-testid=tag-name]', RULE_TAG);
      await page.locator('[data-testid=tag-kind] label', { hasText: '规则标签' }).click();
      const form = page.locator('.ant-modal:visible');
      await form.locator('[data-testid=rule-condition][data-type=last_order]').waitFor();
      await expect.poll(() => freshCount(page), { timeout: TIMEOUT }).toBeGreaterThan(0);
      const ruleCount = (await freshCount(page))!;
      await shot(page, 'crm-tag-rule-form', { modal: true });
      await form.locator('.ant-modal-footer .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: `已创建标签「${RULE_TAG}」（${ruleCount} 人）` }).waitFor();
      const ruleRow = page.locator('[data-testid=tags-table] .ant-table-row', { hasText: RULE_TAG });
      await expect(ruleRow.textContent()).resolves.toContain('规则标签');
      await expect(ruleRow.locator('[data-testid=tag-profiles]').textContent()).resolves.toBe(`${ruleCount} 人`);
      await tagRow.locator('[data-testid=tag-profiles]').click();
      await page.waitForURL(/\/console\/crm\/profiles\?tagId=tag_/);
      await expect.poll(() => page.locator('[data-testid=profiles-table] .ant-table-row').count(), { timeout: TIMEOUT }).toBe(repeat);

      // Merging a duplicate: search it, read what moves in the confirmation, merge; the merged profile points to the kept one.
      const idOf = async (phone: string) => ((await (await page.request.get(`${server.url}/api/v1/crm/profiles?q=${phone}`)).json()) as { items: Array<{ id: string }> }).items[0]!.id;
      const [keptId, dupId] = [await idOf('13800000024'), await idOf('13800000025')];
      // The duplicate has a history of its own: an event from an integration and the manual tag.
      const dupEvent = await page.request.post(`${server.url}/api/v1/crm/events`, { data: { events: [{ clientEventId: 'browser-test-dup-1', type: 'viewed_campaign', person: { phone: '13800000025' }, channel: 'ecommerce' }] } });
      expect(dupEvent.status()).toBe(200);
      const tagId = ((await (await page.request.get(`${server.url}/api/v1/crm/tags`)).json()) as { items: Array<{ id: string; name: string }> }).items.find((t) => t.name === TAG)!.id;
      expect((await page.request.post(`${server.url}/api/v1/crm/tags/${tagId}/apply`, { data: { profileIds: [dupId] } })).status()).toBe(200);
      await page.goto(`${server.url}/console/crm/profiles/${keptId}`);
      await page.click('[data-testid=profile-merge]');
      const mergeSearch = page.locator('[data-testid=merge-search]');
      await mergeSearch.click();
      await page.keyboard.type('13800000025');
      await settled(page.locator('.ant-select-dropdown:visible'));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '13800000025' }).click();
      await page.locator('.ant-modal:visible .ant-modal-footer .ant-btn-primary', { hasText: '预览合并' }).click();
      const mergePreview = page.locator('[data-testid=merge-preview]');
      await mergePreview.waitFor();
      const moved = async (label: string) => Number(await mergePreview.locator('.ant-descriptions-item-label', { hasText: label }).locator('xpath=following-sibling::*[1]').textContent());
      await expect(moved('时间线事件')).resolves.toBeGreaterThanOrEqual(2); // the event and the tagging
      await expect(moved('新增标签')).resolves.toBe(1);
      await expect(mergePreview.textContent()).resolves.toContain('合并不能撤销');
      await settled(page.locator('.ant-modal-confirm'));
      await shot(page, 'crm-merge-confirm', { modal: true });
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await page.locator('.ant-message', { hasText: '已合并' }).waitFor();
      await expect.poll(() => page.locator('[data-testid=merged-from]').count(), { timeout: TIMEOUT }).toBe(1);
      await page.goto(`${server.url}/console/crm/profiles/${dupId}`);
      await page.locator('[data-testid=merged-banner]').waitFor();
      await expect(page.locator('[data-testid=profile-merge]').count()).resolves.toBe(0);
      await shot(page, 'crm-profile-merged-away');
      await page.click('[data-testid=merged-into-link]');
      await page.waitForURL(new RegExp(`/console/crm/profiles/${keptId}$`));
      await expect.poll(() => page.locator('[data-testid=profile-tags]').textContent(), { timeout: TIMEOUT }).toContain(TAG);
      await expect.poll(() => page.locator('[data-testid=profile-timeline] [data-testid=timeline-entry]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type'))), { timeout: TIMEOUT }).toContain('merged');
      await shot(page, 'crm-profile-merged');

      // 6. Lifecycle: counts per stage add up to the profiles; the thresholds form shows the server's check.
      await clickUntilUrl(page, menu.locator('.ant-menu-item', { hasText: '生命周期' }), /\/console\/crm\/lifecycle$/);
      await page.locator('[data-testid=stage-card]').first().waitFor();
      const counts = (await page.locator('[data-testid=stage-count]').allTextContents()).map(Number);
      expect(counts).toHaveLength(7);
      expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      await page.locator('[data-testid=settings-activeDays]').fill('120');
      await page.click('[data-testid=lifecycle-settings-save]');
      await page.locator('[data-testid=lifecycle-settings] .ant-form-item-explain-error', { hasText: '活跃 < 沉睡 < 流失' }).waitFor();
      await shot(page, 'crm-lifecycle');
    } catch (err) {
      await page.screenshot({ path: `${RESULTS}/crm-failure.png`, fullPage: true }).catch(() => undefined);
      console.log(lines.join('\n'));
      throw err;
    } finally {
      await context.close();
    }
  }, 240_000);
});
