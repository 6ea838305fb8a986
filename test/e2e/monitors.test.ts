/**
 * The monitors view in Debian's chromium (playwright-core): a run whose monitors a worker evaluated for twelve minutes
 * (the real monitor job handler over the server's store: an alert that resolved, one firing, one breaching, two
 * without data, one never scheduled) and a run whose monitors were never started. The run page links to the view;
 * each monitor is a card with its state, value against the threshold, recent values and alerts; the other run
 * explains how to start monitors. An evaluation made outside the server appears without a reload. Four passes:
 * Chinese and English, desktop and 375 px (cards stack, the page never scrolls sideways).
 * Screenshots: artifacts/e2e/monitors-<pass>/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, browserReady, launchChromium, signedIn, webRoot } from './_chromium.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { openLaunchStore } from '../../src/service/store.js';
import type { Store } from '../../src/store/store.js';
import { evaluateMinutes, minute, monitorPlanYaml, readings, startMonitors } from '../server/monitor-plan.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { startPrometheusQueryStandIn, type PrometheusQueryStandIn } from '../stand-ins/prometheus-query.js';

const password = 'correct horse battery';

const ready = browserReady('monitors e2e');

const passes = [
  { name: 'zh-desktop', locale: 'zh-CN', viewport: { width: 1280, height: 900 }, text: { firing: '告警中', resolved: '已恢复', start: '尚未开始评估', alerts: '已发送 1 次' } },
  { name: 'en-desktop', locale: 'en-US', viewport: { width: 1280, height: 900 }, text: { firing: 'alerting', resolved: 'resolved', start: 'not being evaluated', alerts: '1 sent' } },
  { name: 'zh-phone', locale: 'zh-CN', viewport: { width: 375, height: 812 }, text: { firing: '告警中', resolved: '已恢复', start: '尚未开始评估', alerts: '已发送 1 次' } },
  { name: 'en-phone', locale: 'en-US', viewport: { width: 375, height: 812 }, text: { firing: 'alerting', resolved: 'resolved', start: 'not being evaluated', alerts: '1 sent' } },
] as const;

/** A JSON call as the dashboard makes it: the session cookie and, for writes, the CSRF token. */
async function apiCall<T>(base: string, session: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(!ready)('monitors view end to end', () => {
  let browser: Browser;
  let robots: ChatRobotStandIn;
  let prometheus: PrometheusQueryStandIn;
  let server: RunningServer;
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  const runs = { watched: '', fresh: '' };
  // Thirty minutes ago on a whole minute: twelve evaluated minutes, then no worker (the view says so).
  const startedAt = Math.floor(Date.now() / minute) * minute - 30 * minute;
  const setValues = (values: Readonly<Record<string, number>>) => Object.entries(values).forEach(([query, value]) => prometheus.values.set(query, value));
  const withStore = async (work: (store: Store) => Promise<void>) => {
    const store = await openLaunchStore({ planDir: dir, env: {} });
    try {
      await work(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    browser = await launchChromium();
    robots = await startChatRobots();
    prometheus = await startPrometheusQueryStandIn();
    env = { PROM_URL: prometheus.url, PROM_TOKEN: 'promTokenPlanted-4b8e2d6a9c1f', HOOK_URL: robots.urls.webhook, HOOK_SECRET: robots.secrets.webhook, WECOM_URL: robots.urls.wecom };
    dir = await mkdtemp(join(tmpdir(), 'golive-e2e-monitors-'));
    server = await startServer({ host: '127.0.0.1', port: 0, dir, env, webRoot, logger: false });
    const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: (server.setupUrl ?? '').split('#')[1], username: 'admin', displayName: 'Admin', password }) });
    const session = { cookie: (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: ((await setup.json()) as { csrfToken: string }).csrfToken };
    await apiCall(server.url, session, 'POST', '/api/v1/projects', { id: 'mon', name: 'Monitors' });
    const { plan } = await apiCall<{ plan: { id: string } }>(server.url, session, 'POST', '/api/v1/projects/mon/plans', { source: monitorPlanYaml });
    runs.watched = (await apiCall<{ run: { id: string } }>(server.url, session, 'POST', `/api/v1/plans/${plan.id}/runs`, { release: 'v3.1.0' })).run.id;
    runs.fresh = (await apiCall<{ run: { id: string } }>(server.url, session, 'POST', `/api/v1/plans/${plan.id}/runs`, { release: 'v3.2.0' })).run.id;

    // What `golive monitor start` and `golive worker` would have written, through the server's store.
    await withStore(async (store) => {
      const run = await store.getRun(runs.watched);
      if (!run) throw new Error('no run');
      await startMonitors(store, run, startedAt);
      await evaluateMinutes({ store, env, startedAt, minutes: readings, setValues });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await prometheus?.close();
    await robots?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const pass of passes) {
    it(`shows each monitor's state, values and alerts, and how to start them (${pass.name})`, { timeout: 120_000 }, async () => {
      const shots = join(artifacts, `monitors-${pass.name}`);
      rmSync(shots, { recursive: true, force: true });
      mkdirSync(shots, { recursive: true });
      const snap = async (page: Page, label: string) => {
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(shots, `${label}.png`), fullPage: true });
      };
      const sideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      const pageErrors: string[] = [];
      const page = await signedIn(browser, { url: server.url, username: 'admin', password, viewport: pass.viewport, locale: pass.locale }, pageErrors);

      // The run page links to its monitors.
      await page.goto(`${server.url}/runs/${runs.watched}`);
      await page.locator('[data-link="monitors"]').click();
      await page.locator('[data-monitor="error_rate"]').waitFor();
      await page.locator('[data-testid="sparkline"] canvas').first().waitFor();
      expect(await page.locator('[data-monitor]').evaluateAll((cards) => cards.map((card) => `${card.getAttribute('data-monitor')}:${card.getAttribute('data-state')}`))).toEqual([
        'error_rate:resolved',
        'disk_free:firing',
        'cpu:breaching',
        'latency:inconclusive',
        'qps:never',
        'queue:inconclusive',
      ]);
      expect(await page.locator('[data-monitor="disk_free"] [data-testid="monitor-state"]').innerText()).toBe(pass.text.firing);
      expect(await page.locator('[data-monitor="error_rate"] [data-testid="monitor-state"]').innerText()).toBe(pass.text.resolved);
      expect(await page.locator('[data-monitor="disk_free"] [data-testid="monitor-value"]').innerText()).toBe('5%');
      expect(await page.locator('[data-monitor="disk_free"] [data-testid="monitor-alerts"]').innerText()).toContain(pass.text.alerts);
      expect(await page.locator('[data-monitor="disk_free"]').innerText()).toContain('value >= 10%');
      // Three monitors with values draw their last twelve evaluations; the two without data have none to draw.
      expect(await page.locator('[data-testid="sparkline"]').count()).toBe(3);
      await page.locator('[data-testid="monitors-overdue"]').waitFor();
      expect(await page.locator('[data-testid="not-scheduled"]').count()).toBe(1);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await snap(page, '1-monitors');

      // A run whose monitors were never started says how to start them.
      await page.goto(`${server.url}/runs/${runs.fresh}/monitors`);
      await page.locator('[data-testid="monitors-not-started"]').waitFor();
      expect(await page.locator('[data-testid="monitors-not-started"]').innerText()).toContain(pass.text.start);
      expect(await page.locator('[data-testid="monitors-not-started"]').innerText()).toContain(`golive monitor start --run ${runs.fresh}`);
      expect(await page.locator('[data-monitor][data-state="never"]').count()).toBe(6);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await snap(page, '2-not-started');

      if (pass.name === passes.at(-1)?.name) {
        // A worker evaluates once more (another process, no audit entry): the page follows without a reload.
        await page.goto(`${server.url}/runs/${runs.watched}/monitors`);
        await page.locator('[data-monitor="error_rate"][data-state="resolved"]').waitFor();
        await withStore((store) => evaluateMinutes({ store, env, startedAt: startedAt + readings.length * minute, minutes: [{ errors: 0.2, disk_free: 0.5, cpu: 0.5 }], setValues }));
        await page.locator('[data-monitor="error_rate"][data-state="breaching"]').waitFor({ timeout: 15_000 });
        expect(await page.locator('[data-monitor="error_rate"] [data-testid="monitor-value"]').innerText()).toBe('20%');
        await snap(page, '3-live-update');
      }

      expect(pageErrors).toEqual([]);
      await page.context().close();
    });
  }
});
