/**
 * Two people (or a deploy script on two hosts) start a run's inspections, or its monitors, at the same moment, each
 * with its own "now": the store reads the run's jobs and adds the schedule in one write transaction
 * (`Store.scheduleJobs`), so exactly one schedule results. All starts in flight together: over four pools on one
 * PostgreSQL schema, and over one SQLite connection (better-sqlite3 is synchronous: a second connection in the same
 * process would wait out the busy timeout on the first one's open transaction; across processes SQLite's write lock
 * serializes the transactions the same way, `start-twice.test.ts`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionQueue } from '../../src/orchestrate/inspect.js';
import { monitorQueue } from '../../src/orchestrate/monitor/job.js';
import { loadPlan } from '../../src/plan/load.js';
import { scheduleInspections } from '../../src/service/inspect.js';
import { scheduleMonitors } from '../../src/service/monitor.js';
import type { RunRecord, Store } from '../../src/store/store.js';
import { storeTargets, type StoreTarget } from '../store/setup.js';

const plan = `name: started-at-once
items:
  - { id: smoke, title: Smoke, priority: high, check: { kind: command, run: [sh, -c, "true"] } }
inspections:
  - { id: hourly, title: 每小时巡检, schedule: every 1h, for: 3h, items: [smoke] }
monitors:
  - { id: alive, metric: 存活 / alive, check: { kind: command, run: [sh, -c, "true"] }, schedule: every 10m }
`;
const hour = 3_600_000;

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`starting the post-launch jobs of a run several times at once (${kind})`, () => {
    let target: StoreTarget;
    let stores: Store[];
    let run: RunRecord;
    let planPath: string;

    beforeAll(async () => {
      target = await create();
      planPath = join(target.planDir, 'golive.yaml');
      writeFileSync(planPath, plan);
      stores = await Promise.all(Array.from({ length: kind === 'sqlite' ? 1 : 4 }, async () => (await target.open()).store));
      const loaded = await loadPlan(planPath, { env: {} });
      run = await stores[0]!.createRun({ plan: loaded.plan, source: loaded.source, planPath, environment: null, release: 'v1', createdBy: 'test' });
    });

    const starters = [0, 1, 2, 3];
    const storeOf = (index: number): Store => stores[index % stores.length]!;

    afterAll(async () => {
      for (const store of stores) await store.close();
      await target.teardown();
    });

    it('inspect start: one schedule, from the T+0 of the start that came first', async () => {
      // Each start has a different "now" (a minute apart): without one transaction, each would add its own 3 jobs.
      const starts = await Promise.all(starters.map((index) => scheduleInspections({ store: storeOf(index), run, planPath, env: minutesAhead(index) })));
      const jobs = await stores[0]!.jobs({ queue: inspectionQueue, runId: run.id });

      expect(jobs).toHaveLength(3);
      expect(starts.map((start) => start.added).sort()).toEqual([0, 0, 0, 3]);
      // The starts that came later kept the first one's T+0 and added nothing.
      expect(new Set(jobs.map((job) => (job.payload as { startedAt: number }).startedAt)).size).toBe(1);
      expect(starts.every((start) => start.jobs.length === 3)).toBe(true);
    });

    it('monitor start: one chain of evaluations per monitor', async () => {
      const starts = await Promise.all(starters.map((index) => scheduleMonitors({ store: storeOf(index), run, planPath, env: minutesAhead(index), windowMs: hour })));
      const jobs = await stores[0]!.jobs({ queue: monitorQueue, runId: run.id });

      expect(jobs).toHaveLength(1);
      expect(starts.map((start) => start.added).sort()).toEqual([0, 0, 0, 1]);
    });
  });
}

/** An environment whose clock runs `minutes` ahead of the system's: 2 × now − origin, origin `minutes` ago. */
function minutesAhead(minutes: number): NodeJS.ProcessEnv {
  return { GOLIVE_TIME_SCALE: '2', GOLIVE_TIME_ORIGIN: String(Date.now() - minutes * 60_000) };
}
