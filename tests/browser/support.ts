import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Shared setup of the browser tests: Debian's Chromium driven by playwright-core against the real
// app (API + the built pages in dist/web) on a fresh database with the demo tenant.

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = path.join(ROOT, 'test-results');
export const TIMEOUT = 60_000;
export const hasChromium = fs.existsSync(CHROMIUM);
// Without Chromium a developer's run skips with a message; CI must not pass silently.
export const skip = !hasChromium && process.env.CI !== 'true';
if (skip) {
  console.warn(`[browser tests] skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium fonts-noto-cjk)`);
}

export const OWNER = { email: 'owner@demo.tuan', password: 'demo12345' };

/** Checks the prerequisites and starts Chromium headless. */
export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI needs it (apt-get install -y chromium fonts-noto-cjk)`);
  if (!fs.existsSync(path.join(ROOT, 'dist/web/console/index.html'))) {
    throw new Error('dist/web is not built: run `npm run build:web` (npm test does it first)');
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: TIMEOUT,
  });
}

export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.setDefaultNavigationTimeout(TIMEOUT);
  return page;
}

/** A desktop console context signed in as a demo staff user through the login page. */
export async function signInStaff(browser: Browser, baseUrl: string, email: string, options: { acceptDownloads?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options });
  const page = await newPage(context);
  await page.goto(`${baseUrl}/console/`);
  await page.waitForURL(/\/console\/login/);
  if (!(await page.locator('#tenant').inputValue())) await page.fill('#tenant', 'demo');
  await page.fill('#email', email);
  await page.fill('#password', OWNER.password);
  await page.click('button[type=submit]');
  await page.locator('[data-testid=tenant-name]').waitFor();
  return { context, page };
}

/** Records a page's API calls, console messages and errors, to print when a step fails. */
export function trail(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`console ${m.type()}: ${m.text().slice(0, 200)}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message.slice(0, 300)}`));
  page.on('response', (r) => void (r.url().includes('/api/') && lines.push(`${r.request().method()} ${r.url().slice(-90)} ${r.status()}`)));
  return lines;
}

/** A phone-sized member context (iPhone 12-ish: 390×844, touch). */
export function phoneContext(browser: Browser, locale = 'zh-CN'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale });
}

/** A context signed in as the owner through the API, for reading codes and checking results. */
export async function ownerApi(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, { data: { tenant: 'demo', ...OWNER } });
  if (login.status() !== 200) throw new Error(`owner login failed: ${login.status()}`);
  return context;
}

/** The newest sandbox SMS code sent to `phone` (the inbox is owner-only). */
export async function latestSmsCode(owner: BrowserContext, baseUrl: string, phone: string): Promise<string> {
  const inbox = await owner.request.get(`${baseUrl}/api/v1/sandbox/sms?phone=${phone}&limit=1`);
  if (inbox.status() !== 200) throw new Error(`sandbox inbox: ${inbox.status()}`);
  const { items } = (await inbox.json()) as { items: { code: string | null }[] };
  const code = items[0]?.code;
  if (!code || !/^\d{6}$/.test(code)) throw new Error(`no code for ${phone}`);
  return code;
}

/** Signs a demo member in through the API (code, then the sandbox inbox); the context's pages share the cookie. */
export async function signInMember(context: BrowserContext, owner: BrowserContext, baseUrl: string, phone: string): Promise<void> {
  const sent = await context.request.post(`${baseUrl}/api/v1/member-auth/code`, { data: { tenant: 'demo', phone } });
  if (!sent.ok()) throw new Error(`member code for ${phone}: ${sent.status()}`);
  const code = await latestSmsCode(owner, baseUrl, phone);
  const verified = await context.request.post(`${baseUrl}/api/v1/member-auth/verify`, { data: { tenant: 'demo', phone, code } });
  if (verified.status() !== 200) throw new Error(`member sign-in for ${phone}: ${verified.status()}`);
}

/**
 * A screenshot of the whole page (the window made as tall as the page, so the sticky header stays
 * on top) with no hover or focus left over, once any modal or popover has finished sliding in.
 */
export async function settledShot(page: Page, name: string): Promise<void> {
  // The pointer rests in a corner: not on a button, nor on a toast (hovering one keeps it open).
  await page.mouse.move(1439, 899);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const moving = () => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length);
  await expect.poll(moving, { timeout: TIMEOUT }).toBe(0);
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `${RESULTS}/${name}.png` });
  await page.setViewportSize(viewport);
}

/**
 * Clicks a menu item or link until the page's URL matches `url`. A click that lands while the page
 * is still re-rendering (the menu of a page that is loading its data) can be lost: the CRM console
 * test once waited 60 s on a URL after one such click in CI.
 */
export async function clickUntilUrl(page: Page, target: Locator, url: RegExp, timeout = TIMEOUT): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    await target.click({ timeout: Math.max(1000, until - Date.now()) });
    try {
      await page.waitForURL(url, { timeout: 5_000 });
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
    }
  }
}
