import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requireService } from '../support/services.js';
import { waitFor } from '../support/prometheus.js';
import { runGolive as done, startGolive as run } from '../support/golive-process.js';
import { postgresBaseUrl, postgresService } from '../store/setup.js';

// Post-launch inspections carried out by several `golive worker` processes sharing one store, with an
// accelerated clock (GOLIVE_TIME_SCALE: 12 minutes of plan time per wall second). One worker is killed
// with SIGKILL in the middle of a job: its claim runs out and another worker does the job; every
// due job completes exactly once, counted by the line each inspection writes when it finishes. (The
// command kind runs its process in a group of its own, so SIGKILL on a worker orphans the command it
// ran; the line is written only while that worker is alive, as an in-process check would be.)

const scale = 720;

interface StatusJson {
  jobs: Array<{ id: string; dueAt: string; status: string; attempts: number; worker: string | null; result: { counts?: Record<string, number> } | null }>;
}

const postgresUp = await requireService(postgresService);
function postgresTarget(queue: 'pg-boss' | 'store') {
  const schema = `golive_workers_${process.pid}_${randomBytes(3).toString('hex')}`;
  return {
    kind: `postgres (queue: ${queue})`,
    available: postgresUp,
    queue,
    env: (): NodeJS.ProcessEnv => ({ DATABASE_URL: `${postgresBaseUrl}?schema=${schema}`, GOLIVE_AUDIT_KEY: 'workers-test-audit-key-0123456789abcdef' }),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresBaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.query(`drop schema if exists ${schema}_boss cascade`);
      await client.end();
    },
  };
}

// The store's own queue on both databases, and pg-boss (team mode's default) on PostgreSQL.
const targets = [
  { kind: 'sqlite', available: true, queue: 'store', env: (): NodeJS.ProcessEnv => ({ DATABASE_URL: '' }), drop: async () => undefined },
  postgresTarget('pg-boss'),
  postgresTarget('store'),
];

for (const target of targets) {
  describe.skipIf(!target.available)(`golive worker: inspections by three workers on ${target.kind}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-workers-'));

    afterAll(async () => {
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a worker killed mid-job has its job done by another; every due job completes exactly once', async () => {
      writeFileSync(
        join(dir, 'golive.yaml'),
        `name: inspected-${target.kind.replace(/\W+/g, '-')}
items:
  - id: smoke
    title: Smoke
    priority: high
    check: { kind: command, run: [sh, -c, "while [ ! -f release ]; do sleep 0.2; done; kill -0 $PPID && echo done >> inspections.log"], timeout: 60s }
inspections:
  - id: hourly
    title: 每小时巡检
    schedule: every 10m
    for: 2h
    items: [smoke]
`,
      );
      const env = { ...target.env(), GOLIVE_TIME_SCALE: String(scale), GOLIVE_TIME_ORIGIN: String(Date.now()) };
      // Every inspection waits for the file "release": the worker killed below is certainly in the middle of its job,
      // and the other workers' jobs are held well past their lease (2h of plan time, 10 s of wall time at this scale).
      // Their heartbeats keep them: no healthy job is taken over (each runs once, attempts 1); only the killed
      // worker's job runs twice (its first run never finishes).
      writeFileSync(join(dir, 'release'), '');
      await done(['run', 'start', '--release', 'v1'], dir, env);
      writeFileSync(join(dir, 'inspections.log'), '');
      const scheduled = await done(['inspect', 'start'], dir, env);
      rmSync(join(dir, 'release'));

      const workers = ['w1', 'w2', 'w3'].map((name) => run(['worker', '--exit-when-idle', '--lease', '2h', '--queue', target.queue, '--name', name], dir, env, true));
      let runningJob: { id: string; worker: string } | undefined;
      await waitFor(
        'a worker is in the middle of a job',
        async () => {
          const running = (JSON.parse((await done(['inspect', 'status', '--format', 'json'], dir, env)).output) as StatusJson).jobs.find((job) => job.status === 'running');
          if (running) runningJob = { id: running.id, worker: running.worker ?? '' };
          return running !== undefined;
        },
        30_000,
      );
      const heldSince = Date.now();
      const killed = workers.find((worker) => worker.name === runningJob?.worker);
      process.kill(-(killed?.process.pid ?? 0), 'SIGKILL');
      // Reaped before the release: a killed worker that is still a zombie would pass its orphaned command's `kill -0`.
      await killed?.done;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, heldSince + 25_000 - Date.now())));
      writeFileSync(join(dir, 'release'), '');
      const codes = await Promise.all(workers.map((worker) => worker.done));
      const status = JSON.parse((await done(['inspect', 'status', '--format', 'json'], dir, env)).output) as StatusJson;
      const text = await done(['inspect', 'status'], dir, env);
      const lines = readFileSync(join(dir, 'inspections.log'), 'utf8').trim().split('\n');

      expect(scheduled.output).toContain('12 inspection(s) scheduled');
      expect(killed).toBeDefined();
      expect(codes.filter((code) => code === 0), workers.map((worker) => worker.output()).join('\n---\n')).toHaveLength(2);
      expect(status.jobs).toHaveLength(12);
      expect(status.jobs.every((job) => job.status === 'done')).toBe(true);
      expect(status.jobs.every((job) => job.result?.counts?.pass === 1)).toBe(true);
      // The killed worker's job was claimed again by another worker, and finished once; every other job ran once,
      // though held for two and a half leases.
      expect(status.jobs.find((job) => job.id === runningJob?.id)?.attempts).toBe(2);
      expect(status.jobs.filter((job) => job.id !== runningJob?.id).map((job) => job.attempts)).toEqual(Array.from({ length: 11 }, () => 1));
      expect(lines).toHaveLength(12);
      expect(text.output).toContain('inspections: 12/12 done');
      expect(text.output).toMatch(/hourly\s+✔/);
    }, 240_000);
  });
}
