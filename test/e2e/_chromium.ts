// What the dashboard's browser tests share: Debian's chromium, the built dashboard, where screenshots go.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
