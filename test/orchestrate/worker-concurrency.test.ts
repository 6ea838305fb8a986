import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../../src/orchestrate/clock.js';
import { registerJobType } from '../../src/orchestrate/job-types.js';
import { runWorker } from '../../src/orchestrate/worker.js';
import { openLaunchStore } from '../../src/service/store.js';
import { requireService } from '../support/services.js';
import { runCli } from '../support/cli.js';
import { startGolive, type GoliveProcess } from '../support/golive-process.js';
import { postgresService } from '../store/setup.js';
import { inspectedPlan, queueFixture, type JobRow } from './_queue.js';

// `golive worker --concurrency N` on both queue paths over real PostgreSQL, with real worker processes and an
// accelerated clock. Every inspection's http check hits a loopback server (`CheckTarget`), which counts the requests in
// flight at once and holds them until the test lets them go: four held at once is overlap, proven without timing. An answered
// request is one execution; a request whose worker died before the answer is not.

const postgresUp = await requireService(postgresService);

for (const queue of ['store', 'pg-boss'] as const) {
  describe.skipIf(!postgresUp)(`golive worker --concurrency on PostgreSQL (queue: ${queue})`, () => {
    const fixture = queueFixture('golive_slots_test');
    const target = fixture.target;

    /** 12 inspections (every 10 minutes for 2 hours), all due already: T+0 was three hours ago; the target holds every request. */
    async function scheduled(name: string) {
      const { db, dir, started } = await fixture.scheduled(name, 'every 10m', '2h', ['--from', new Date(Date.now() - 3 * 3_600_000).toISOString()]);
      expect(started.output).toContain('12 inspection(s) scheduled');
      target.holdAll();
      return { db, dir };
    }

    // A lease of 6 h of plan time is 30 s of wall time: a held job of a healthy worker is never taken over on a loaded machine.
    const worker = (dir: string, env: NodeJS.ProcessEnv, name: string, ...args: string[]): GoliveProcess =>
      startGolive(['worker', '--queue', queue, '--concurrency', '4', ...args, '--name', name], dir, { ...env, WORKER_TAG: name }, true);

    it('four slow jobs run at once in one worker, each in its slot; SIGTERM lets them finish and starts no other; a second worker does the rest, each job once', async () => {
      const { db, dir } = await scheduled(`slots-${queue}`);

      const first = worker(dir, db.env, 'w1', '--lease', '6h');
      await expect.poll(() => target.inFlight, { timeout: 60_000, interval: 100 }).toBe(4);
      first.process.kill('SIGTERM');
      await expect.poll(() => first.output(), { timeout: 30_000 }).toContain('stopping: the jobs in hand finish first');
      target.releaseAll();
      const firstCode = await first.done;
      const afterFirst = { arrivals: target.arrivals.length, answered: target.answered, jobs: await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at') };
      const second = worker(dir, db.env, 'w2', '--lease', '6h', '--exit-when-idle');
      const secondCode = await second.done;
      const jobs = await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at');
      const completions = await db.query<{ job_id: string }>('select job_id from $schema.job_completions');

      expect(firstCode, first.output()).toBe(0);
      expect(target.maxInFlight).toBe(4);
      // Stopping drained the four in hand and took no fifth.
      expect(afterFirst.arrivals).toBe(4);
      expect(afterFirst.answered).toBe(4);
      expect(afterFirst.jobs.filter((job) => job.status === 'done').map((job) => job.worker)).toEqual(['w1', 'w1', 'w1', 'w1']);
      expect(afterFirst.jobs.filter((job) => job.status === 'queued')).toHaveLength(8);
      expect(first.output()).toContain('worker w1 stopped after 4 job(s)');
      expect(first.output()).toContain('4 job(s) at a time');
      for (const slot of [1, 2, 3, 4]) expect(first.output()).toMatch(new RegExp(`slot ${slot} \\S+ \\S+ hourly: all passed`));
      expect(secondCode, second.output()).toBe(0);
      expect(target.answered).toBe(12);
      expect(target.arrivals).toHaveLength(12);
      expect(jobs.every((job) => job.status === 'done' && job.attempts === 1)).toBe(true);
      expect(jobs.filter((job) => job.worker === 'w2')).toHaveLength(8);
      if (queue === 'pg-boss') expect(completions).toHaveLength(12);
    }, 240_000);

    it('a worker SIGKILLed with four jobs in flight: another worker takes all four over, and every due time is executed once', async () => {
      const { db, dir } = await scheduled(`slots-kill-${queue}`);

      // 2 h of plan time is 10 s of wall time: the victim's claims (or pg-boss jobs) run out that soon.
      const victim = worker(dir, db.env, 'victim', '--lease', '2h');
      await expect.poll(() => target.inFlight, { timeout: 60_000, interval: 100 }).toBe(4);
      process.kill(-(victim.process.pid ?? 0), 'SIGKILL');
      await victim.done;
      await expect.poll(() => target.inFlight, { timeout: 30_000 }).toBe(0);
      target.releaseAll();
      const rescuer = worker(dir, db.env, 'rescuer', '--lease', '2h', '--exit-when-idle');
      const code = await rescuer.done;
      const jobs = await db.query<JobRow>('select id, status, attempts, worker from $schema.jobs order by due_at');
      const completions = await db.query<{ job_id: string; worker: string }>('select job_id, worker from $schema.job_completions');

      expect(code, rescuer.output()).toBe(0);
      expect(target.arrivals.filter((tag) => tag === 'victim')).toHaveLength(4);
      // The victim's four requests were never answered: 12 executions for 12 due times.
      expect(target.answered).toBe(12);
      expect(target.arrivals.filter((tag) => tag === 'rescuer')).toHaveLength(12);
      expect(jobs.every((job) => job.status === 'done' && job.worker === 'rescuer')).toBe(true);
      expect(jobs.filter((job) => job.attempts === 2)).toHaveLength(4);
      if (queue === 'pg-boss') expect(completions.map((row) => row.worker)).toEqual(Array.from({ length: 12 }, () => 'rescuer'));
    }, 240_000);
  });
}

describe('golive worker --concurrency', () => {
  it('refuses anything but a whole number from 1 to 100, saying so in both languages, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-slots-usage-'));
    try {
      writeFileSync(join(dir, 'golive.yaml'), inspectedPlan('slots-usage', 'http://127.0.0.1:9/healthz', 'every 1h', '1h'));
      const answers = await Promise.all(['0', '-2', '1.5', 'four', '101', ''].map((value) => runCli(['worker', '--concurrency', value, '--exit-when-idle'], { cwd: dir, env: { DATABASE_URL: '', GOLIVE_LANG: 'en' } })));
      const chinese = await runCli(['worker', '--concurrency', '0'], { cwd: dir, env: { DATABASE_URL: '', GOLIVE_LANG: 'zh' } });
      const fine = await runCli(['worker', '--concurrency', '3', '--exit-when-idle'], { cwd: dir, env: { DATABASE_URL: '', GOLIVE_LANG: 'en' } });

      for (const answer of answers) {
        expect(answer.code, answer.stderr).toBe(2);
        expect(answer.stderr).toMatch(/--concurrency takes a whole number of jobs from 1 to 100, got "[^"]*"/);
        expect(answer.stderr).not.toMatch(/\n\s+at /);
      }
      expect(chinese.code).toBe(2);
      expect(chinese.stderr).toContain('--concurrency 需要 1 到 100 之间的整数');
      expect(fine.code, fine.stderr).toBe(0);
      expect(fine.stderr).toContain('3 job(s) at a time');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('runWorker (the store queue) when the store fails a slot', () => {
  it('reports a failed claim and a failed finish, goes on, and does the job whose outcome it could not record again once its claim ran out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-slots-trouble-'));
    const store = await openLaunchStore({ planDir: dir, env: { DATABASE_URL: '' } });
    const failures = { claimJob: 1, finishJob: 1 };
    // The real SQLite store, but the first claim and the first finish fail as a lost connection would.
    const flaky = new Proxy(store, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        const method = (value as (...args: unknown[]) => Promise<unknown>).bind(target);
        if (property !== 'claimJob' && property !== 'finishJob') return method;
        return (...args: unknown[]) => {
          if (failures[property] === 0) return method(...args);
          failures[property] -= 1;
          return Promise.reject(new Error(`connection terminated (${property})`));
        };
      },
    });
    const runs: string[] = [];
    const errors: string[] = [];
    const echo = registerJobType({ name: 'echo', payload: z.object({ word: z.string() }), key: (payload) => payload.word, handler: () => async (payload) => (runs.push(payload.word), { status: 'done', result: { word: payload.word } }) });
    try {
      await store.enqueueJobs([{ id: 'echo/hello', queue: 'echo', runId: null, payload: { word: 'hello' }, dueAt: new Date().toISOString() }]);

      const { done } = await runWorker({ store: flaky, clock: systemClock, name: 'w1', types: [echo], context: { env: {}, store, clock: systemClock }, leaseMs: 1_000, pollMs: 50, concurrency: 2, exitWhenIdle: true, onError: (error) => errors.push(error.en) });
      const [job] = await store.jobs({ queue: 'echo' });

      expect(done).toBe(1);
      expect(errors).toEqual(['could not take a job: the store did not answer (connection terminated (claimJob))', 'could not record the outcome of echo/hello; it runs again once its claim runs out: the store did not answer (connection terminated (finishJob))']);
      expect(runs).toEqual(['hello', 'hello']);
      expect(job?.status).toBe('done');
      expect(job?.attempts).toBe(2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
