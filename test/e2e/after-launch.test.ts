/**
 * The after-launch views in Debian's chromium (playwright-core): a run whose rollout waits for the gray stage's
 * console step and whose T+0 … T+1 inspections ran (one failing). A member promotes and pauses from the rollout
 * timeline; the inspection grid shows the failing day, whose cell opens the inspection's failures. One pass in
 * Chinese on a desktop, one in English at 375 px. Screenshots: artifacts/e2e/after-launch-<pass>/.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, browserReady, launchChromium, signedIn, webRoot } from './_chromium.js';
import { acceleratedClock } from '../../src/orchestrate/clock.js';
import { inspectionJobs, inspectionQueue } from '../../src/orchestrate/inspect.js';
import { startRollout } from '../../src/orchestrate/rollout/drive.js';
import { loadPlan } from '../../src/plan/load.js';
import { startServer } from '../../src/server/serve.js';
import { openLaunchStore } from '../../src/service/store.js';
import { grayPlanYaml } from '../server/gray-plan.js';

const password = 'correct horse battery';
const dayMs = 86_400_000;

const ready = browserReady('after-launch e2e');

const passes = [
  { name: 'zh-desktop', locale: 'zh-CN', viewport: { width: 1280, height: 900 }, text: { running: '进行中', paused: '已暂停', failure: '9 端口开着' } },
  { name: 'en-phone', locale: 'en-US', viewport: { width: 375, height: 812 }, text: { running: 'running', paused: 'paused', failure: 'port 9 is open' } },
] as const;

/** A JSON call as the dashboard makes it: the session cookie and, for writes, the CSRF token. */
async function apiCall<T>(base: string, session: { cookie: string; csrf: string }, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(!ready)('after-launch views end to end', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const pass of passes) {
    it(`follows a rollout and the inspections in the browser (${pass.name})`, { timeout: 120_000 }, async () => {
      const shots = join(artifacts, `after-launch-${pass.name}`);
      rmSync(shots, { recursive: true, force: true });
      mkdirSync(shots, { recursive: true });
      const snap = async (page: Page, label: string) => {
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(shots, `${label}.png`), fullPage: true });
      };
      // Two days of plan time after T+0 on the server's clock: T+0's inspection ran, T+1's is due.
      const startedAt = Date.parse('2026-12-01T00:00:00Z');
      const dir = await mkdtemp(join(tmpdir(), 'golive-e2e-after-'));
      const server = await startServer({ host: '127.0.0.1', port: 0, dir, env: { GOLIVE_TIME_SCALE: '1', GOLIVE_TIME_ORIGIN: String(startedAt + 2 * dayMs) }, webRoot, logger: false });
      const pageErrors: string[] = [];
      try {
        const setup = await fetch(`${server.url}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: (server.setupUrl ?? '').split('#')[1], username: 'admin', displayName: 'Admin', password }) });
        const session = { cookie: (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: ((await setup.json()) as { csrfToken: string }).csrfToken };
        await apiCall(server.url, session, 'POST', '/api/v1/projects', { id: 'gray', name: 'Gray' });
        const { plan } = await apiCall<{ plan: { id: string } }>(server.url, session, 'POST', '/api/v1/projects/gray/plans', { source: grayPlanYaml });
        const { run } = await apiCall<{ run: { id: string } }>(server.url, session, 'POST', `/api/v1/plans/${plan.id}/runs`, { release: 'v2.0.0' });

        // What `golive rollout start` and `golive worker` would have recorded, written into the server's store.
        const store = await openLaunchStore({ planDir: dir, env: {} });
        try {
          const record = await store.getRun(run.id);
          if (!record) throw new Error('no run');
          const loaded = await loadPlan(record.planPath ?? '', { env: {}, only: new Set() });
          const state = await startRollout({ store, clock: acceleratedClock(1, startedAt + dayMs), loaded, runId: run.id }, 'ci');
          await store.saveRollout(run.id, { state: { ...state, status: 'waiting', waitingFor: 'stage-step', reason: { en: 'gray-10 (10%): do it by hand', zh: 'gray-10 (10%)：请手动操作' } }, expectedVersion: 1, events: [] });
          await store.enqueueJobs(inspectionJobs(record, record.plan, record.planPath ?? '', startedAt).jobs);
          const first = await store.claimJob('worker-1', new Date(startedAt + dayMs), 60_000, [inspectionQueue]);
          if (!first) throw new Error('no inspection due');
          await store.finishJob(first.id, 'worker-1', first.attempts, { status: 'done', result: { counts: { fail: 1 }, failures: [{ itemId: 'health', status: 'fail', reason: { en: 'port 9 is open', zh: '9 端口开着' } }] } });
        } finally {
          await store.close();
        }

        const page = await signedIn(browser, { url: server.url, username: 'admin', password, viewport: pass.viewport, locale: pass.locale }, pageErrors);

        // The run page links to the rollout; the timeline waits for the console step.
        await page.goto(`${server.url}/runs/${run.id}`);
        await page.locator('[data-link="rollout"]').click();
        await page.locator('[data-testid="rollout-status"][data-status="waiting"]').waitFor();
        expect(await page.locator('[data-stage]').count()).toBe(2);
        await snap(page, '1-rollout-waiting');

        await page.locator('[data-action="promote"]').click();
        await page.locator('[data-testid="rollout-status"][data-status="running"]').waitFor();
        await page.locator('[data-event="stage.applied"]').waitFor();
        expect(await page.locator('[data-testid="hold-progress"]').count()).toBe(1);
        expect(await page.locator('[data-testid="rollout-status"]').innerText()).toContain(pass.text.running);
        await snap(page, '2-rollout-promoted');

        await page.locator('[data-action="pause"]').click();
        await page.locator('[data-testid="rollout-status"][data-status="paused"]').waitFor();
        await page.locator('[data-event="paused"]').waitFor();
        expect(await page.locator('[data-testid="rollout-status"]').innerText()).toContain(pass.text.paused);

        // The inspection grid: T+0 failed, T+1 missed (due a day ago, no worker took it); its cell opens the failures.
        await page.goto(`${server.url}/runs/${run.id}/inspections`);
        await page.locator('[data-inspection="t7"]').waitFor();
        expect(await page.locator('[data-cell]').evaluateAll((cells) => cells.map((cell) => `${cell.getAttribute('data-cell')}:${cell.getAttribute('data-kind')}`))).toEqual(['0|09:00:fail', '1|09:00:missed']);
        await snap(page, '3-inspections');
        await page.locator('[data-cell="0|09:00"]').click();
        await page.locator('[data-testid="inspection-detail"] [data-failure="health"]').waitFor();
        expect(await page.locator('[data-testid="inspection-detail"]').innerText()).toContain(pass.text.failure);
        await snap(page, '4-inspection-detail');

        expect(pageErrors).toEqual([]);
        await page.context().close();
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
