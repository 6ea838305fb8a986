import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGolive, startGolive } from '../support/golive-process.js';

// `golive inspect start` and `golive monitor start` a second time (a person re-running it, a deploy script that runs
// on every deploy) must add nothing: a run's inspections have one T+0, and a monitor one chain of evaluations. On the
// SQLite store with real `golive` processes; "now" differs between two starts, which is what the default T+0 is.

const env: NodeJS.ProcessEnv = { DATABASE_URL: '', GOLIVE_LANG: 'en' };

interface StatusJson {
  jobs: Array<{ id: string; dueAt: string; status: string }>;
}

describe('starting the post-launch jobs of a run twice', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function folder(plan: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'golive-start-twice-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'golive.yaml'), plan);
    return dir;
  }

  it('inspect start without --from keeps the first T+0: the second start schedules nothing, a --from that differs is refused', async () => {
    const dir = folder(`name: inspected-twice
items:
  - { id: smoke, title: Smoke, priority: high, check: { kind: command, run: [sh, -c, "true"] } }
inspections:
  - { id: hourly, title: 每小时巡检, schedule: every 1h, for: 3h, items: [smoke] }
  - { id: daily, title: 每日巡检, schedule: daily 09:00, for: 2d, items: [smoke] }
`);
    expect((await runGolive(['run', 'start', '--release', 'v1'], dir, env)).code).toBe(0);

    const first = await runGolive(['inspect', 'start'], dir, env);
    const second = await runGolive(['inspect', 'start'], dir, env);
    const status = JSON.parse((await runGolive(['inspect', 'status', '--format', 'json'], dir, env)).output) as StatusJson;
    const elsewhen = await runGolive(['inspect', 'start', '--from', '2026-01-01T09:00:00+08:00'], dir, env);
    const chinese = await runGolive(['inspect', 'start', '--from', '2026-01-01T09:00:00+08:00'], dir, { ...env, GOLIVE_LANG: 'zh' });
    const after = JSON.parse((await runGolive(['inspect', 'status', '--format', 'json'], dir, env)).output) as StatusJson;

    expect(first.output).toContain('5 inspection(s) scheduled (0 already were)');
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('0 inspection(s) scheduled (5 already were)');
    expect(status.jobs.filter((job) => job.id.includes('/hourly/'))).toHaveLength(3);
    expect(status.jobs).toHaveLength(5);
    expect(elsewhen.code).toBe(2);
    expect(elsewhen.output).toMatch(/hourly of r-\S+ started at \S+ \(T\+0\); --from 2026-01-01T01:00:00.000Z would schedule it a second time/);
    expect(elsewhen.output).not.toMatch(/\n\s+at /);
    expect(chinese.output).toContain('已于');
    expect(after.jobs).toHaveLength(5);
  }, 60_000);

  it('monitor start again adds no second chain of evaluations, before the first evaluation and after it', async () => {
    const dir = folder(`name: monitored-twice
items:
  - { id: smoke, title: Smoke, priority: high, check: { kind: command, run: [sh, -c, "true"] } }
monitors:
  - { id: alive, metric: 存活 / alive, check: { kind: command, run: [sh, -c, "true"] }, schedule: every 1h }
`);
    expect((await runGolive(['run', 'start', '--release', 'v1'], dir, env)).code).toBe(0);
    const monitorJobs = async () => {
      const { output } = await runGolive(['monitor', 'status', '--format', 'json'], dir, env);
      return JSON.parse(output) as { monitors: Array<{ id: string; state: { evaluations: number } | null }> };
    };

    const first = await runGolive(['monitor', 'start', '--for', '1d'], dir, env);
    const second = await runGolive(['monitor', 'start', '--for', '1d'], dir, env);
    // One worker evaluates the first one (due now); the next one is an hour away.
    const worker = startGolive(['worker', '--name', 'w1'], dir, env);
    await expect.poll(async () => (await monitorJobs()).monitors[0]?.state?.evaluations ?? 0, { timeout: 30_000, interval: 250 }).toBe(1);
    worker.process.kill('SIGTERM');
    expect(await worker.done, worker.output()).toBe(0);
    const third = await runGolive(['monitor', 'start', '--for', '1d'], dir, env);

    expect(first.output).toContain('1 monitor(s) scheduled (0 already were)');
    expect(second.output).toContain('0 monitor(s) scheduled (1 already were)');
    expect(third.output).toContain('0 monitor(s) scheduled (1 already were)');
  }, 60_000);
});
