import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/orchestrate/clock.js';
import { driveRollout, startRollout } from '../../src/orchestrate/rollout/drive.js';
import type { RolloutState } from '../../src/orchestrate/rollout/state.js';
import { loadPlan } from '../../src/plan/load.js';
import { rolloutContext } from '../../src/service/rollout.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { startPrometheusQueryStandIn, type PrometheusQueryStandIn } from '../stand-ins/prometheus-query.js';
import { runCli } from '../support/cli.js';
import { sqliteTarget, type StoreTarget } from '../store/setup.js';
import { runGolive, startGolive } from '../support/golive-process.js';
import { errorRatio, startMetricsApp, type MetricsApp } from '../support/metrics-app.js';
import { instantValue, prometheusAvailable, startPrometheus, waitFor, type RunningPrometheus } from '../support/prometheus.js';

// The whole gray release through the real CLI (child processes of bin/golive.js), a real Prometheus
// (Debian's package) scraping a real app on 127.0.0.1 that counts requests with prom-client, and an
// accelerated clock (GOLIVE_TIME_SCALE) so a 24-hour hold and a 10-minute trigger take seconds.


interface RolloutJson {
  rollout: { status: string; stage: number; applied: boolean; rolledBack: boolean; holdStartedAt: number | null; updatedAt: number; fired: { trigger: string; values: Record<string, number>; heldMs: number } | null; events: Array<{ type: string; at: string; message: string; data: Record<string, unknown> }> };
}

async function status(dir: string, env: NodeJS.ProcessEnv): Promise<RolloutJson['rollout'] | undefined> {
  const { code, output } = await runGolive(['rollout', 'status', '--format', 'json'], dir, env);
  return code === 0 ? (JSON.parse(output) as RolloutJson).rollout : undefined;
}

const available = await prometheusAvailable();

describe.skipIf(!available)('golive rollout against a real Prometheus', () => {
  let app: MetricsApp;
  let prometheus: RunningPrometheus;
  let robots: ChatRobotStandIn;
  const dirs: string[] = [];

  beforeAll(async () => {
    robots = await startChatRobots();
    app = await startMetricsApp();
    prometheus = await startPrometheus([app.listening.port]);
    await waitFor('the error ratio has a value', async () => (await instantValue(prometheus.url, errorRatio)) !== undefined);
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
    await robots?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function planDir(rollout: string, notifications = ''): string {
    const dir = mkdtempSync(join(tmpdir(), 'golive-rollout-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'golive.yaml'),
      `name: gray-launch
items:
  - id: health
    title: API health
    priority: blocker
    check: { kind: http, url: "http://127.0.0.1:${app.listening.port}/healthz", expect: ["status == 200"] }
monitors:
  - id: error_rate
    metric: 系统错误率 / error rate
    check: { kind: prometheus, url: "${prometheus.url}", query: '${errorRatio}' }
${rollout}${notifications}`,
    );
    return dir;
  }

  it('refuses a run whose gate failed, then a 10% stage rolls back when the error rate holds over 1% for 10 minutes', async () => {
    const dir = planDir(`rollout:
  interval: 30s
  stages:
    - { id: gray-10, percent: 10, hold: 24h, action: { kind: command, run: [sh, -c, "echo 10 > weights"] } }
    - { id: full, percent: 100, hold: 1h, action: { kind: command, run: [sh, -c, "echo 100 > weights"] } }
  rollbackWhen:
    - { id: errors, condition: "error_rate > 1%", for: 10m }
  onTrigger: { run: [sh, -c, "echo rolled-back > rollback.log"], auto: true }
`, `notifications:
  - { id: wecom, type: wecom, url: "\${WECOM_WEBHOOK}" }
  - { id: ding, type: dingtalk, url: "\${DING_WEBHOOK}", secret: "\${DING_SECRET}" }
  - { id: lark, type: feishu, url: "\${LARK_WEBHOOK}", secret: "\${LARK_SECRET}" }
`);
    const env = {
      DATABASE_URL: '',
      GOLIVE_TIME_SCALE: '360',
      GOLIVE_TIME_ORIGIN: String(Date.now()),
      WECOM_WEBHOOK: robots.urls.wecom,
      DING_WEBHOOK: robots.urls.dingtalk,
      DING_SECRET: robots.secrets.dingtalk,
      LARK_WEBHOOK: robots.urls.feishu,
      LARK_SECRET: robots.secrets.feishu,
    };
    app.setErrorPercent(0);
    writeFileSync(join(dir, 'down.yaml'), readFileSync(join(dir, 'golive.yaml'), 'utf8').replace('/healthz', '/missing').replace('name: gray-launch', 'name: gray-launch-down'));

    await runGolive(['run', 'start', '-p', 'down.yaml', '--release', 'v0'], dir, env);
    const refused = await runGolive(['rollout', 'start', '-p', 'down.yaml'], dir, env);
    const started = await runGolive(['run', 'start', '--release', 'v1'], dir, env);
    const watcher = startGolive(['rollout', 'start', '--by', '张工'], dir, env);
    await waitFor('the 10% stage is set', async () => (await status(dir, env))?.applied === true, 20_000);
    // Healthy for 3 s of wall time (18 minutes of rollout time): nothing fires.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const healthy = await status(dir, env);
    app.setErrorPercent(20);
    await waitFor('Prometheus sees the errors', async () => ((await instantValue(prometheus.url, errorRatio)) ?? 0) > 0.01);
    const sawErrorsAt = Date.now();
    // After the abort and the rollback the watcher stays, watching the fired trigger until it clears.
    await waitFor('the rollout is aborted and rolled back', async () => (await status(dir, env))?.rolledBack === true, 60_000);
    const finalState = await status(dir, env);
    // Still high for a while after the rollback (as long as the fired trigger's `for`): no "resolved" yet.
    await new Promise((resolve) => setTimeout(resolve, (10 * 60_000) / 360));
    const stillWatched = watcher.process.exitCode;
    const beforeResolve = robots.received.length;
    app.setErrorPercent(0);
    const exitCode = await watcher.done;
    const resolvedState = await status(dir, env);
    const resolvedMessages = robots.received.slice(beforeResolve).filter((message) => message.body.includes('rollback trigger errors resolved'));

    expect(refused.code).toBe(1);
    expect(refused.output).toContain('the gate of');
    expect(refused.output).toContain('has not passed');
    expect(started.code).toBe(0);
    expect(healthy).toMatchObject({ status: 'running', stage: 0, fired: null });
    expect(readFileSync(join(dir, 'weights'), 'utf8').trim()).toBe('10');
    expect(exitCode, watcher.output()).toBe(1);
    expect(readFileSync(join(dir, 'rollback.log'), 'utf8').trim()).toBe('rolled-back');
    expect(finalState).toMatchObject({ status: 'aborted', stage: 0, rolledBack: true, fired: { trigger: 'errors' } });
    expect(finalState?.fired?.values.error_rate).toBeGreaterThan(0.01);
    // Not before its `for`: the condition had held at least 10 minutes of rollout time when it fired.
    expect(finalState?.fired?.heldMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(Date.now() - sawErrorsAt).toBeGreaterThan((10 * 60_000) / 360 - 500);
    expect(finalState?.events.map((event) => event.type)).toEqual(['started', 'stage.applied', 'trigger.fired', 'rollback.done']);
    // Then the error rate falls: exactly one "resolved" per target, recorded with the values that cleared it.
    expect(stillWatched).toBeNull();
    expect(resolvedState?.events.map((event) => event.type)).toEqual(['started', 'stage.applied', 'trigger.fired', 'rollback.done', 'trigger.resolved']);
    const resolvedEvent = resolvedState?.events.at(-1);
    expect((resolvedEvent?.data.values as Record<string, number>).error_rate).toBeLessThanOrEqual(0.01);
    expect(resolvedMessages.map((message) => message.platform).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    expect(robots.received.filter((message) => message.body.includes('resolved')).length).toBe(3);
    expect(resolvedMessages.filter((message) => message.platform !== 'wecom').every((message) => message.signatureValid === true)).toBe(true);
    expect(robots.received.some((message) => message.body.includes('回滚条件 errors 已恢复'))).toBe(true);
    expect(watcher.output()).toContain('rollback trigger errors fired: error_rate > 1% held for');
    // The chat stand-ins verify each platform's documented signature; the trigger is one alert per target.
    const alerts = robots.received.filter((message) => message.body.includes('rollback trigger errors fired'));
    expect(alerts.map((message) => message.platform).sort()).toEqual(['dingtalk', 'feishu', 'wecom']);
    expect(robots.received.filter((message) => message.platform !== 'wecom').every((message) => message.signatureValid === true)).toBe(true);
    expect(robots.received.some((message) => message.body.includes('回滚条件 errors 已触发'))).toBe(true);
  }, 150_000);

  it('resumes a hold after the watching process was killed, with the right remaining time and no second apply', async () => {
    const dir = planDir(`rollout:
  interval: 5m
  stages:
    - { id: gray-5, percent: 5, hold: 6h, action: { kind: command, run: [sh, -c, "echo 5 >> applied.log"] } }
    - { id: full, percent: 100, manual: "微信公众平台 → 版本管理 → 全量发布" }
`);
    // Ten minutes of rollout time per wall second: the 6h hold takes 36 s, far longer than a restart.
    const env = { DATABASE_URL: '', GOLIVE_TIME_SCALE: '600', GOLIVE_TIME_ORIGIN: String(Date.now()) };
    const hold = 6 * 3_600_000;
    await runGolive(['run', 'start', '--release', 'v2'], dir, env);

    const first = startGolive(['rollout', 'start'], dir, env);
    await waitFor('the 5% stage is set', async () => (await status(dir, env))?.applied === true, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    first.process.kill('SIGKILL');
    await first.done;
    const killed = await status(dir, env);
    const second = startGolive(['rollout', 'resume'], dir, env);
    // The resumed watcher is back when it saves a decision of its own (each evaluation saves the state).
    let back: NonNullable<Awaited<ReturnType<typeof status>>> | undefined;
    await waitFor('the resumed watcher evaluates', async () => {
      const now = await status(dir, env);
      if (now && now.updatedAt > (killed?.updatedAt ?? 0)) back = now;
      return back !== undefined;
    }, 60_000);
    await waitFor('the manual full stage is reached', async () => (await status(dir, env))?.status === 'waiting', 90_000);
    second.process.kill('SIGINT');
    await second.done;
    const after = await status(dir, env);
    const held = Date.parse(after?.events.find((event) => event.type === 'stage.held')?.at ?? '');
    const holdEnds = (killed?.holdStartedAt ?? 0) + hold;

    expect(killed).toMatchObject({ status: 'running', stage: 0, applied: true });
    expect(readFileSync(join(dir, 'applied.log'), 'utf8')).toBe('5\n');
    // Resumed within the hold, from the same start: the remaining time is what was left, not a new hold.
    expect(back).toMatchObject({ status: 'running', stage: 0, holdStartedAt: killed?.holdStartedAt });
    expect(after).toMatchObject({ status: 'waiting', stage: 1 });
    expect(held).toBeGreaterThanOrEqual(holdEnds);
    // Ended at the hold's end (one 5m interval plus slack), unless the watcher only came back after it.
    expect(held - Math.max(holdEnds, back?.updatedAt ?? 0)).toBeLessThan(20 * 60_000);
    expect(after?.events.filter((event) => event.type === 'stage.applied')).toHaveLength(1);
    expect(existsSync(join(dir, 'rollback.log'))).toBe(false);
  }, 150_000);
});

// The same engine in-process over a real store, with the Prometheus query stand-in on 127.0.0.1 and an injected clock:
// what `for: 3x` counts is evaluations, so the test counts queries and sets the next reading between evaluations.
describe('a for: 3x rollback trigger over a real store and a Prometheus stand-in', () => {
  const query = 'sum(rate(errors[1m])) / sum(rate(requests[1m]))';
  let robots: ChatRobotStandIn;
  let prometheus: PrometheusQueryStandIn;
  let target: StoreTarget | undefined;

  beforeAll(async () => {
    robots = await startChatRobots();
    prometheus = await startPrometheusQueryStandIn();
  });
  afterAll(async () => {
    await prometheus?.close();
    await robots?.close();
    await target?.teardown();
  });

  it('fires on exactly the third consecutive check with data, across a restart of the watcher, and every output says so', async () => {
    target = sqliteTarget();
    const planPath = join(target.planDir, 'golive.yaml');
    writeFileSync(
      planPath,
      `name: gray-launch
items: []
monitors:
  - id: error_rate
    metric: 系统错误率 / error rate
    check: { kind: prometheus, url: "${prometheus.url}", query: "${query}" }
rollout:
  interval: 30s
  stages:
    - { id: gray-10, percent: 10, hold: 24h, action: { kind: command, run: [sh, -c, "true"] } }
  rollbackWhen:
    - { id: errors, condition: "error_rate > 1%", for: 3x }
  onTrigger: { run: [sh, -c, "echo rolled-back > rollback.log"], auto: true }
notifications:
  - { id: hook, type: webhook, url: "\${HOOK_URL}", secret: "\${HOOK_SECRET}" }
`,
    );
    const env = { HOOK_URL: robots.urls.webhook, HOOK_SECRET: robots.secrets.webhook };
    const loaded = await loadPlan(planPath, { env });
    const reading = (value: number | undefined) => (value === undefined ? prometheus.values.delete(query) : prometheus.values.set(query, value));
    // Evaluation 1 applies the stage and 2 starts the hold, both at 0; each interval then sets the next reading: a
    // breach, a reset, two breaches — and the watcher stops. After the restart: no data (neither counts nor resets),
    // the third breach (it fires; the rollback runs and the trigger is read again at once), then a clear reading.
    const script: Array<number | undefined> = [0.05, 0.002, 0.05, 0.05, undefined, 0.06, 0.001];
    reading(0);
    const queries = () => prometheus.asked.filter((asked) => asked === query).length;
    let now = Date.UTC(2026, 0, 17, 6, 0, 0);
    /** Per evaluation: the trigger's count after the decision on it, and whether it fired then. */
    const seen = new Map<number, { breaches: number; fired: boolean }>();
    const watch = async (stopAfter: number | undefined): Promise<RolloutState> => {
      const opened = await target!.open();
      const controller = new AbortController();
      const clock: Clock = {
        now: () => now,
        sleep: async (ms, signal) => {
          // The next reading is set before the watcher may stop: the restarted one reads it.
          if (script.length > 0) reading(script.shift());
          if (stopAfter !== undefined && queries() >= stopAfter) controller.abort();
          if (signal?.aborted) throw new Error('stopped watching');
          now += ms;
        },
        scale: 1,
      };
      const run = (await opened.store.latestRun('gray-launch')) ?? (await opened.store.createRun({ plan: loaded.plan, source: 'name: gray-launch\n', planPath, environment: null, release: 'v1', createdBy: 'zhang' }));
      const onChange = (state: RolloutState, events: ReadonlyArray<{ type: string }>) => {
        // The start is saved before any evaluation.
        if (queries() === 0) return;
        const before = seen.get(queries());
        seen.set(queries(), { breaches: state.breaches?.errors ?? 0, fired: (before?.fired ?? false) || events.some((happened) => happened.type === 'trigger.fired') });
      };
      const context = await rolloutContext({ store: opened.store, run, loaded, env, clock, signal: controller.signal, onChange });
      try {
        if (!(await opened.store.rollout(run.id))) await startRollout(context, '张工');
        return await driveRollout(context);
      } finally {
        await opened.store.close();
      }
    };

    const stopped = await watch(6);
    const midway = await runCli(['rollout', 'status', '--plan', planPath], { env: { DATABASE_URL: '' } });
    const ended = await watch(undefined);
    const status = await runCli(['rollout', 'status', '--plan', planPath], { env: { DATABASE_URL: '' } });
    const zhStatus = await runCli(['rollout', 'status', '--plan', planPath, '--lang', 'zh-CN'], { env: { DATABASE_URL: '' } });
    const fired = robots.received.filter((message) => message.body.includes('rollback trigger errors fired'));

    expect(stopped).toMatchObject({ status: 'running', fired: null, breaches: { errors: 2 } });
    expect([...seen].map(([evaluation, step]) => [evaluation, step.breaches, step.fired])).toEqual([
      [1, 0, false],
      [2, 0, false],
      [3, 1, false],
      [4, 0, false],
      [5, 1, false],
      [6, 2, false],
      [7, 2, false],
      [8, 3, true],
      [9, 3, false],
      [10, 3, false],
    ]);
    expect(ended).toMatchObject({ status: 'aborted', rolledBack: true, unresolved: [], fired: { trigger: 'errors', checks: 3, consecutive: true, values: { error_rate: 0.06 } } });
    expect(readFileSync(join(target.planDir, 'rollback.log'), 'utf8').trim()).toBe('rolled-back');
    expect(midway.stdout).toContain('trigger errors: error_rate > 1% has held for 2 consecutive check(s) of the 3 that fire it');
    expect(status.stdout).toContain('rollback trigger errors fired: error_rate > 1% held for 3 consecutive checks (error_rate=0.06)');
    expect(zhStatus.stdout).toContain('回滚条件 errors 已触发：error_rate > 1% 连续 3 次成立（error_rate=0.06）');
    expect(fired).toHaveLength(1);
    expect(fired[0]?.signatureValid).toBe(true);
    expect(fired[0]?.body).toContain('连续 3 次成立');
  });
});
