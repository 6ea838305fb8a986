import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/orchestrate/clock.js';
import type { MonitorState } from '../../src/orchestrate/monitor/hysteresis.js';
import { monitorHandler, monitorJobs, monitorQueue, type MonitorPayload } from '../../src/orchestrate/monitor/job.js';
import { loadPlan } from '../../src/plan/load.js';
import { examplesDir } from '../../examples/stand-in/spec.js';
import { sqliteTarget, type StoreTarget } from '../store/setup.js';

// The seed plans write monitors as the teams did (「服务器负载持续超过 80%」「通知发送失败率 > 5% 时告警」), without a
// way to read them yet. They must still run: scheduled, evaluated by the monitor job, and shown as inconclusive
// with the reason — never a silent pass.

const seeds = ['seed-001', 'seed-002', 'seed-003'] as const;
const t0 = Date.UTC(2026, 11, 7, 1, 0, 0);
const clock: Clock = { now: () => t0, sleep: async () => undefined, scale: 1 };

describe("the seed plans' monitors run", () => {
  let target: StoreTarget | undefined;
  afterEach(async () => target?.teardown());

  for (const seed of seeds) {
    it(`${seed}: every monitor is scheduled, evaluated and inconclusive for want of a check`, async () => {
      const planPath = join(examplesDir, seed, 'golive.yaml');
      // A worker has the plan's variables in its environment; which values does not matter to monitors without checks.
      const filled = await loadPlan(planPath, { env: {}, prompt: async ({ name }) => `example-${name}` });
      const env = { ...filled.variables };
      const monitors = filled.plan.monitors ?? [];
      target = sqliteTarget();
      const { store } = await target.open();
      try {
        const run = await store.createRun({ plan: filled.plan, source: filled.source, planPath, environment: null, release: 'v1', createdBy: 'zhang' });
        const { jobs, problems } = monitorJobs(run, filled.plan, planPath, t0);
        await store.enqueueJobs(jobs);
        const handler = monitorHandler({ env, store, clock });
        const outcomes = [];
        for (let job = await store.claimJob('w', new Date(t0), 60_000, [monitorQueue]); job; job = await store.claimJob('w', new Date(t0), 60_000, [monitorQueue])) {
          const outcome = await handler(job.payload as MonitorPayload, new AbortController().signal);
          await store.finishJob(job.id, 'w', job.attempts, outcome);
          outcomes.push(outcome);
        }
        const states = await store.monitorStates(run.id);

        expect(monitors.length).toBeGreaterThan(0);
        expect(problems).toEqual([]);
        expect(jobs.map((job) => (job.payload as { monitor?: string }).monitor).sort()).toEqual(monitors.map((monitor) => monitor.id).sort());
        expect(outcomes.map((outcome) => outcome.status)).toEqual(monitors.map(() => 'done'));
        expect(states.map((stored) => stored.monitorId).sort()).toEqual(monitors.map((monitor) => monitor.id).sort());
        for (const stored of states) {
          const state = stored.state as unknown as MonitorState;
          expect(state).toMatchObject({ status: 'inconclusive', alerting: false, lastValue: null, evaluations: 1 });
          expect(state.lastReason?.zh).toContain('没有读取数值的 check');
        }
      } finally {
        await store.close();
      }
    });
  }
});
