// What the dashboard's browser tests share: Debian's chromium, the built dashboard, where screenshots go.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const webRoot = join(import.meta.dirname, '../../dist/web');
export const artifacts = join(import.meta.dirname, '../../artifacts/e2e');

/**
 * True when chromium and a built dashboard are here. CI installs chromium (.ci/run) and builds the dashboard
 * (npm test); without them a browser suite cannot mean anything, so CI fails and a local run skips loudly.
 */
export function browserReady(suite: string): boolean {
  const ready = existsSync(chromiumPath) && existsSync(join(webRoot, 'index.html'));
  if (!ready && process.env.CI === 'true') throw new Error(`the ${suite} needs ${chromiumPath} and a built dashboard (npm run build:web)`);
  if (!ready) console.warn(`⚠ skipping the ${suite}: chromium or dist/web is missing (apt-get install chromium; npm run build:web)`);
  return ready;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

/** A new browser (context) at a pass's size and language, signed in on the login page; its page errors go to `errors`. */
export async function signedIn(browser: Browser, input: { readonly url: string; readonly username: string; readonly password: string; readonly viewport: { width: number; height: number }; readonly locale: string }, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: input.viewport, locale: input.locale });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${input.url}/login`);
  await page.locator('#username').fill(input.username);
  await page.locator('#password').fill(input.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`${input.url}/`);
  return page;
}
