import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { monitorNotifier } from '../../src/notify/monitor-notifier.js';
import { RateLimiter } from '../../src/notify/rate-limit.js';
import type { Clock } from '../../src/orchestrate/clock.js';
import type { MonitorState } from '../../src/orchestrate/monitor/hysteresis.js';
import { monitorHandler, monitorJobs, monitorQueue, type MonitorPayload } from '../../src/orchestrate/monitor/job.js';
import { loadPlan } from '../../src/plan/load.js';
import { monitorHistoryLimit, type Store } from '../../src/store/store.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { startPrometheusQueryStandIn, type PrometheusQueryStandIn } from '../stand-ins/prometheus-query.js';
import { listenLoopback, type Listening } from '../support/net.js';
import { runCli } from '../support/cli.js';
import { rejection, storeTargets, testPlan, type StoreTarget } from './setup.js';

const minute = 60_000;
const t0 = Date.UTC(2026, 11, 7, 1, 0, 0);

// The monitor job over a real store: its state lives in `monitor_states`, so a worker that stops (the store closed,
// the handler gone) and another that starts later go on with the same hysteresis. A real http service on 127.0.0.1
// answers 200 or 500; the generic webhook stand-in checks golive's HMAC signature.

let robots: ChatRobotStandIn;
let service: Listening;
let healthy = true;
let prometheus: PrometheusQueryStandIn;

beforeAll(async () => {
  robots = await startChatRobots();
  service = await listenLoopback(createServer((_request, response) => void response.writeHead(healthy ? 200 : 500).end()));
  prometheus = await startPrometheusQueryStandIn();
});
afterAll(async () => {
  await prometheus?.close();
  await service?.close();
  await robots?.close();
});

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`monitor state in the store: ${kind}`, () => {
    let target: StoreTarget;
    let store: Store;

    beforeEach(async () => {
      target = await create();
      ({ store } = await target.open());
    });
    afterEach(async () => {
      await store?.close();
      await target.teardown();
    });

    it('saves with compare-and-set per run and monitor', async () => {
      const run = await store.createRun({ plan: testPlan, source: 'name: shop-launch\n', planPath: '/srv/golive.yaml', environment: null, release: 'v1', createdBy: 'zhang' });
      const first = await store.saveMonitorState(run.id, 'cpu', { state: { version: 1, status: 'ok' }, expectedVersion: null });
      const other = await store.saveMonitorState(run.id, 'disk', { state: { version: 1, status: 'inconclusive' }, expectedVersion: null });
      const second = await store.saveMonitorState(run.id, 'cpu', { state: { version: 1, status: 'alerting' }, expectedVersion: first });
      const stale = await rejection(store.saveMonitorState(run.id, 'cpu', { state: { version: 1 }, expectedVersion: first }));
      const missing = await rejection(store.saveMonitorState('r-19990101-0001', 'cpu', { state: {}, expectedVersion: null }));

      expect([first, other, second]).toEqual([1, 1, 2]);
      expect(stale.code).toBe('monitor.conflict');
      expect(missing.code).toBe('run.missing');
      expect((await store.monitorStates(run.id)).map((stored) => [stored.monitorId, stored.version, stored.state.status])).toEqual([
        ['cpu', 2, 'alerting'],
        ['disk', 1, 'inconclusive'],
      ]);
    });

    it('keeps the newest saved states of each monitor as a bounded ring, in the save\'s transaction', async () => {
      const run = await store.createRun({ plan: testPlan, source: 'name: shop-launch\n', planPath: '/srv/golive.yaml', environment: null, release: 'v1', createdBy: 'zhang' });
      let version: number | null = null;
      for (let evaluation = 1; evaluation <= monitorHistoryLimit + 5; evaluation += 1) {
        version = await store.saveMonitorState(run.id, 'cpu', { state: { version: 1, evaluations: evaluation }, expectedVersion: version });
      }
      await store.saveMonitorState(run.id, 'disk', { state: { version: 1, evaluations: 1 }, expectedVersion: null });
      await rejection(store.saveMonitorState(run.id, 'disk', { state: { version: 1, evaluations: 99 }, expectedVersion: null }));

      const history = await store.monitorHistory(run.id);
      const cpu = history.filter((stored) => stored.monitorId === 'cpu');
      expect(cpu).toHaveLength(monitorHistoryLimit);
      expect([cpu[0]?.version, cpu.at(-1)?.version, cpu.at(-1)?.state.evaluations]).toEqual([6, monitorHistoryLimit + 5, monitorHistoryLimit + 5]);
      // A refused save (compare-and-set) leaves no trace in the ring.
      expect(history.filter((stored) => stored.monitorId === 'disk').map((stored) => stored.state.evaluations)).toEqual([1]);
    });

    it('a worker restart in the middle goes on from the stored state: one alert, one "resolved"', async () => {
      const planPath = join(target.planDir, 'golive.yaml');
      writeFileSync(
        planPath,
        `name: monitored
items: []
monitors:
  - id: web
    metric: 首页可用 / home page up
    check: { kind: http, url: "http://127.0.0.1:${service.port}/", expect: ["status == 200"] }
    for: 3m
    clearFor: 3m
notifications:
  - { id: hook, type: webhook, url: "\${HOOK_URL}", secret: "\${HOOK_SECRET}" }
`,
      );
      const env = { HOOK_URL: robots.urls.webhook, HOOK_SECRET: robots.secrets.webhook };
      const loaded = await loadPlan(planPath, { env });
      const run = await store.createRun({ plan: loaded.plan, source: 'name: monitored\n', planPath, environment: null, release: 'v1', createdBy: 'zhang' });
      let now = t0;
      const clock: Clock = { now: () => now, sleep: async () => undefined, scale: 1 };
      const limiter = new RateLimiter();
      await store.enqueueJobs(monitorJobs(run, loaded.plan, planPath, t0, 60 * minute).jobs);
      const received = robots.received.length;

      // One worker's life: evaluates each due job minute by minute over `health` (one entry a minute).
      const evaluate = async (over: Store, health: readonly boolean[]) => {
        const handler = monitorHandler({ env, store: over, clock, onEvaluated: monitorNotifier(over, env, { limiter }) });
        const transitions: string[] = [];
        for (const up of health) {
          healthy = up;
          const job = await over.claimJob('w', new Date(now), minute, [monitorQueue]);
          if (!job) throw new Error(`no monitor job due at ${new Date(now).toISOString()}`);
          const outcome = await handler(job.payload as MonitorPayload, new AbortController().signal);
          await over.finishJob(job.id, 'w', job.attempts, outcome);
          transitions.push(String(outcome.result.transition));
          now += minute;
        }
        return transitions;
      };

      const before = await evaluate(store, [true, false, false]);
      await store.close();
      ({ store } = await target.open());
      const after = await evaluate(store, [false, false, true, false, true, true, true, true]);
      const messages = robots.received.slice(received);
      const queued = (await store.jobs({ queue: monitorQueue, runId: run.id })).filter((job) => job.status === 'queued');

      // Broken from minute 1: the alert at minute 4 (after the restart), resolved 3 minutes after the last breach.
      expect(before).toEqual(['none', 'none', 'none']);
      expect(after).toEqual(['none', 'alert', 'none', 'none', 'none', 'none', 'none', 'resolve']);
      expect(messages.map((message) => (message.json as { kind?: string }).kind)).toEqual(['alert', 'resolved']);
      expect(messages.every((message) => message.signatureValid === true)).toBe(true);
      expect(messages[0]?.body).toContain('monitor web');
      expect((await store.monitorStates(run.id))[0]?.state).toMatchObject({ status: 'ok', alerting: false, evaluations: 11 });
      // The chain goes on: exactly one next evaluation is queued, at the next minute.
      expect(queued.map((job) => [job.dueAt, (job.payload as unknown as MonitorPayload).monitor])).toEqual([[new Date(now).toISOString(), 'web']]);
    });

    it('for: 3x alerts on the third consecutive breach, across a worker restart; no data neither counts nor resets; clearFor: 2x resolves on the second good reading', async () => {
      const query = `errors_over_requests_${kind}`;
      const planPath = join(target.planDir, 'golive.yaml');
      writeFileSync(
        planPath,
        `name: monitored
items: []
monitors:
  - id: error_rate
    metric: 错误率 / error rate
    check: { kind: prometheus, url: "${prometheus.url}", query: "${query}" }
    threshold: value <= 5%
    for: 3x
    clearFor: 2x
notifications:
  - { id: hook, type: webhook, url: "\${HOOK_URL}", secret: "\${HOOK_SECRET}" }
`,
      );
      const env = { HOOK_URL: robots.urls.webhook, HOOK_SECRET: robots.secrets.webhook };
      const loaded = await loadPlan(planPath, { env });
      const run = await store.createRun({ plan: loaded.plan, source: 'name: monitored\n', planPath, environment: null, release: 'v1', createdBy: 'zhang' });
      // The injected clock moves a minute per evaluation: what is counted is evaluations, never wall time.
      let now = t0;
      const clock: Clock = { now: () => now, sleep: async () => undefined, scale: 1 };
      const limiter = new RateLimiter();
      await store.enqueueJobs(monitorJobs(run, loaded.plan, planPath, t0, 60 * minute).jobs);
      const received = robots.received.length;

      // One worker's life: each due job in turn, the stand-in answering one reading per evaluation (undefined: no data).
      const evaluate = async (over: Store, readings: ReadonlyArray<number | undefined>) => {
        const handler = monitorHandler({ env, store: over, clock, onEvaluated: monitorNotifier(over, env, { limiter }) });
        const steps: Array<{ transition: string; breaches: number; status: string; checks?: number }> = [];
        for (const reading of readings) {
          if (reading === undefined) prometheus.values.delete(query);
          else prometheus.values.set(query, reading);
          const job = await over.claimJob('w', new Date(now), minute, [monitorQueue]);
          if (!job) throw new Error(`no monitor job due at ${new Date(now).toISOString()}`);
          const outcome = await handler(job.payload as MonitorPayload, new AbortController().signal);
          await over.finishJob(job.id, 'w', job.attempts, outcome);
          const state = (await over.monitorStates(run.id))[0]?.state as unknown as MonitorState;
          const result = outcome.result as { transition: string; checks?: number };
          steps.push({ transition: result.transition, breaches: state.breaches ?? -1, status: state.status, ...(result.checks === undefined ? {} : { checks: result.checks }) });
          now += minute;
        }
        return steps;
      };

      const before = await evaluate(store, [0.01, 0.08, 0.09]);
      const counting = await runCli(['monitor', 'status', '--plan', planPath, '--run', run.id], { env: target.env });
      await store.close();
      ({ store } = await target.open());
      const between = await evaluate(store, [undefined, 0.07]);
      const alertState = (await store.monitorStates(run.id))[0]?.state as unknown as MonitorState;
      const status = await runCli(['monitor', 'status', '--plan', planPath, '--run', run.id], { env: target.env });
      const zhStatus = await runCli(['monitor', 'status', '--plan', planPath, '--run', run.id, '--lang', 'zh-CN'], { env: target.env });
      const after = await evaluate(store, [0.08, 0.01, undefined, 0.02, 0.01]);
      const messages = robots.received.slice(received);

      // Two breaches, then (after the restart) no data: still two; the next breach is the third.
      expect(before.map((step) => [step.transition, step.breaches])).toEqual([['none', 0], ['none', 1], ['none', 2]]);
      expect(between).toEqual([
        { transition: 'none', breaches: 2, status: 'inconclusive' },
        { transition: 'alert', breaches: 0, status: 'alerting', checks: 3 },
      ]);
      expect(alertState.alertedAfter).toEqual({ checks: 3, consecutive: true, heldMs: 3 * minute, value: 0.07 });
      // Recovery: one good reading, then no data (a recovery must be seen whole), then two good ones in a row.
      expect(after.map((step) => step.transition)).toEqual(['none', 'none', 'none', 'none', 'resolve']);
      expect(after.at(-1)?.checks).toBe(2);
      expect(messages.map((message) => (message.json as { kind?: string }).kind)).toEqual(['alert', 'resolved']);
      expect(messages.every((message) => message.signatureValid === true)).toBe(true);
      expect(messages[0]?.body).toContain('monitor error_rate (错误率 / error rate) breaks value <= 5%: 7%, held for 3 consecutive checks');
      expect(messages[0]?.body).toContain('监控 error_rate（错误率 / error rate）超出 value <= 5%：7%，连续 3 次成立');
      expect(messages[1]?.body).toContain('is back within value <= 5%: 1%, held for 2 consecutive checks');
      expect(counting.stdout).toMatch(/over the threshold on 2 consecutive check\(s\) since .* \(it alerts when they reach 3: for: 3x\)/);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('alerted: the breach held for 3 consecutive checks (7%)');
      expect(zhStatus.stdout).toContain('已告警：超出阈值连续 3 次成立（7%）');
    });
  });
}
