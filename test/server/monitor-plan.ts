// A plan with the seed plans' monitors (错误率 > 5%, 磁盘剩余 < 10%, CPU > 80%) read from a Prometheus query API, and
// what `golive worker` does with them: the real monitor job handler and notifier over the server's store.
import { monitorNotifier } from '../../src/notify/monitor-notifier.js';
import { RateLimiter } from '../../src/notify/rate-limit.js';
import type { Clock } from '../../src/orchestrate/clock.js';
import { monitorHandler, monitorJobs, monitorQueue, type MonitorPayload } from '../../src/orchestrate/monitor/job.js';
import type { RunRecord, Store } from '../../src/store/store.js';

export const minute = 60_000;

/** Notification targets come from the server's environment (`${VAR}`): the server refuses a plan with a secret in it. */
export const monitorPlanYaml = `name: monitored-launch
timezone: Asia/Shanghai
items:
  - id: health
    title: Health answers
    check: { kind: tcp, host: 127.0.0.1, port: 9, timeout: 200ms, expect: [open == false] }
monitors:
  - id: error_rate
    metric: 错误率
    check: { kind: prometheus, url: "\${PROM_URL}", query: errors }
    threshold: value <= 5%
    for: 2m
    clearFor: 2m
    notify: [ops]
  - id: disk_free
    metric: 磁盘剩余
    check: { kind: prometheus, url: "\${PROM_URL}", query: disk_free }
    threshold: value >= 10%
    for: 3m
    notify: [wecom-team]
  - id: cpu
    metric: CPU 使用率
    check: { kind: prometheus, url: "\${PROM_URL}", query: cpu }
    threshold: value <= 80%
    for: 10m
  - id: latency
    metric: 接口延迟 P99
    threshold: value <= 500ms
  - id: qps
    metric: 每秒请求数
    check: { kind: prometheus, url: "\${PROM_URL}", query: qps }
    threshold: value >= 1
  - id: queue
    metric: 队列积压
    check: { kind: prometheus, url: "\${PROM_URL}", query: echo_authorization, token: "\${PROM_TOKEN}" }
    threshold: value <= 100
notifications:
  - { id: ops, type: webhook, url: "\${HOOK_URL}", secret: "\${HOOK_SECRET}" }
  - { id: wecom-team, type: wecom, url: "\${WECOM_URL}" }
`;

/**
 * Twelve minutes of readings, one a minute: the error rate breaks 5% for three minutes (alert, then "resolved"), the
 * free disk falls under 10% (alert at its fourth minute under), the CPU has been over 80% for three minutes (under its
 * `for` of 10m). `latency` has no check and `queue`'s Prometheus refuses its query (both inconclusive); `qps` is never scheduled.
 */
export const readings: ReadonlyArray<Readonly<Record<string, number>>> = [
  [0.01, 0.4, 0.5],
  [0.063, 0.35, 0.5],
  [0.07, 0.3, 0.55],
  [0.08, 0.25, 0.6],
  [0.03, 0.2, 0.6],
  [0.02, 0.15, 0.62],
  [0.01, 0.12, 0.65],
  [0.01, 0.09, 0.7],
  [0.012, 0.08, 0.75],
  [0.01, 0.07, 0.85],
  [0.011, 0.06, 0.9],
  [0.01, 0.05, 0.88],
].map(([errors, disk, cpu]) => ({ errors: errors ?? 0, disk_free: disk ?? 0, cpu: cpu ?? 0 }));

/** The first evaluation of each monitor but `qps` from `startedAt`, as `golive monitor start` enqueues them. */
export async function startMonitors(store: Store, run: RunRecord, startedAt: number): Promise<void> {
  const { jobs } = monitorJobs(run, run.plan, run.planPath ?? '', startedAt, 7 * 24 * 60 * minute);
  await store.enqueueJobs(jobs.filter((job) => (job.payload as unknown as MonitorPayload).monitor !== 'qps'));
}

/**
 * What a worker does, minute by minute from `startedAt`: each due monitor job runs through the real handler (the
 * hysteresis saved in the store, alerts through the notifier), with `setValues` setting what the query API answers.
 */
export async function evaluateMinutes(options: {
  readonly store: Store;
  readonly env: NodeJS.ProcessEnv;
  readonly startedAt: number;
  readonly minutes: ReadonlyArray<Readonly<Record<string, number>>>;
  readonly setValues: (values: Readonly<Record<string, number>>) => void;
}): Promise<void> {
  let now = options.startedAt;
  const clock: Clock = { now: () => now, sleep: async () => undefined, scale: 1 };
  const handler = monitorHandler({ env: options.env, store: options.store, clock, onEvaluated: monitorNotifier(options.store, options.env, { limiter: new RateLimiter() }) });
  for (const values of options.minutes) {
    options.setValues(values);
    for (let job = await options.store.claimJob('worker-1', new Date(now), minute, [monitorQueue]); job; job = await options.store.claimJob('worker-1', new Date(now), minute, [monitorQueue])) {
      const outcome = await handler(job.payload as MonitorPayload, new AbortController().signal);
      await options.store.finishJob(job.id, 'worker-1', job.attempts, outcome);
    }
    now += minute;
  }
}
