import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';
import { GoliveError } from '../../core/errors.js';
import type { LoadedPlan } from '../../plan/load.js';
import type { Plan } from '../../plan/schema.js';
import type { JobRecord, NewJob, RunRecord, Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import { planCache } from '../plan-cache.js';
import { defaultTimeZone, parseSchedule, type Schedule } from '../schedule.js';
import type { JobType, RunJob } from '../job-types.js';
import { monitorNotifier } from '../../notify/monitor-notifier.js';
import { evaluateHysteresis, initialMonitorState, type MonitorState, type Transition } from './hysteresis.js';
import { formatMonitorValue } from './format.js';
import { hysteresisRule, readMonitor, type PlanMonitor } from './read.js';

/** The job queue monitors are evaluated on. */
export const monitorQueue = 'monitor';
/** How often a monitor is evaluated when the plan says nothing. */
export const defaultMonitorSchedule = 'every 1m';
/** How long after `golive monitor start` monitors are evaluated when no window is given (the T+0 … T+7 of inspections). */
export const defaultMonitorWindowMs = 7 * 24 * 3_600_000;

/**
 * What a monitor job carries: enough for any worker to evaluate the monitor and to schedule its next evaluation
 * without the plan (so the chain survives a plan that does not load for a while), and its own due time.
 */
const monitorPayload = z.object({
  runId: z.string(),
  planPath: z.string(),
  environment: z.string().nullable(),
  monitor: z.string(),
  schedule: z.string(),
  timeZone: z.string(),
  /** Evaluations stop at this time (clock ms). */
  until: z.number(),
  dueAt: z.string(),
});
export type MonitorPayload = z.infer<typeof monitorPayload>;
/** A monitor's chain of evaluations: every job of it carries this, plus its due time. */
type MonitorChain = Omit<MonitorPayload, 'dueAt'>;

/** What one evaluation tells the notifier port. */
export interface MonitorEvaluation {
  readonly payload: MonitorPayload;
  readonly monitor: PlanMonitor;
  readonly state: MonitorState;
  readonly transition: Transition;
  /** For an alert: how long the threshold had been broken; for "resolved": how long it had been back. */
  readonly heldMs: number;
  /** For an alert or "resolved": on how many consecutive evaluations (what `for: 3x` / `clearFor: 3x` count). */
  readonly checks: number;
  readonly loaded: LoadedPlan;
}

function monitorJob(chain: MonitorChain, due: number): NewJob {
  const dueAt = new Date(due).toISOString();
  return { id: `monitor/${chain.runId}/${chain.monitor}/${dueAt}`, queue: monitorQueue, runId: chain.runId, payload: { ...chain, dueAt }, dueAt };
}

function scheduleOf(monitor: PlanMonitor, plan: Plan): Schedule | { error: Bilingual } {
  const parsed = parseSchedule(monitor.schedule ?? defaultMonitorSchedule, plan.timezone ?? defaultTimeZone);
  return 'error' in parsed ? { error: bi(`monitor ${monitor.id}: ${parsed.error.en}`, `监控项 ${monitor.id}：${parsed.error.zh}`) } : parsed;
}

/** The first evaluation of each monitor of the plan from `startedAt`; each evaluation schedules the next one. */
export function monitorJobs(run: RunRecord, plan: Plan, planPath: string, startedAt: number, windowMs = defaultMonitorWindowMs): { jobs: NewJob[]; problems: Bilingual[] } {
  const jobs: NewJob[] = [];
  const problems: Bilingual[] = [];
  for (const monitor of plan.monitors ?? []) {
    const schedule = scheduleOf(monitor, plan);
    if ('error' in schedule) {
      problems.push(schedule.error);
      continue;
    }
    const payload: MonitorChain = { runId: run.id, planPath, environment: run.environment, monitor: monitor.id, schedule: schedule.text, timeZone: plan.timezone ?? defaultTimeZone, until: startedAt + windowMs };
    const first = schedule.dueTimes(startedAt, payload.until, 1)[0];
    if (first !== undefined) jobs.push(monitorJob(payload, first));
  }
  return { jobs, problems };
}

/** Monitors whose chain of evaluations is going on (a queued or running job), so starting again adds no second chain. */
export function monitorsUnderWay(jobs: readonly JobRecord[]): Set<string> {
  return new Set(jobs.filter((job) => job.queue === monitorQueue && (job.status === 'queued' || job.status === 'running')).map((job) => (job.payload as unknown as MonitorPayload).monitor));
}

/**
 * The evaluation after the one due at `due`: the schedule's next time, or — when the worker fell behind — the
 * first due time from now (missed evaluations are not made up). None after the window.
 */
export function nextMonitorJob(payload: MonitorChain, due: number, now: number): NewJob | undefined {
  const schedule = parseSchedule(payload.schedule, payload.timeZone);
  if ('error' in schedule) return undefined;
  let next = schedule.dueTimes(due, payload.until, 2)[1];
  if (next !== undefined && next <= now) next = schedule.dueTimes(now + 1, payload.until, 1)[0];
  return next === undefined ? undefined : monitorJob(payload, next);
}

/** Time between two evaluations of the schedule (for the default `clearFor`). */
function intervalOf(payload: MonitorChain, due: number): number {
  const schedule = parseSchedule(payload.schedule, payload.timeZone);
  const [first, second] = 'error' in schedule ? [] : schedule.dueTimes(due, due + 32 * 24 * 3_600_000, 2);
  return first !== undefined && second !== undefined ? second - first : 60_000;
}

const saveAttempts = 3;

/**
 * The worker's handler for monitor jobs: schedules the next evaluation, reads the monitor, steps its hysteresis from
 * the state in the store (so any worker, after any restart, goes on where the last one stopped), saves it and tells
 * the notifier. `enqueue` is the queue the next evaluation goes to (the store's job table by default).
 */
export function monitorHandler(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly store: Store;
  readonly clock: Clock;
  enqueue?(job: NewJob): Promise<void>;
  /** Told after every evaluation (so an incident can also clear); errors are recorded in the job's result. */
  onEvaluated?(evaluation: MonitorEvaluation): Promise<void>;
}): RunJob<MonitorPayload> {
  const planOf = planCache(options.env);
  const enqueue = options.enqueue ?? (async (job: NewJob) => void (await options.store.enqueueJobs([job])));
  return async (payload, signal) => {
    const due = Date.parse(payload.dueAt);
    const next = nextMonitorJob(payload, due, options.clock.now());
    let loaded: LoadedPlan;
    try {
      loaded = await planOf(payload.planPath, payload.environment);
    } catch (error) {
      // The plan may be mid-edit: keep the chain going, and say why this evaluation could not run.
      if (next) await enqueue(next);
      throw error;
    }
    const monitor = loaded.plan.monitors?.find((candidate) => candidate.id === payload.monitor);
    if (!monitor) return { status: 'failed', result: { error: bi(`the plan has no monitor "${payload.monitor}" any more; its evaluations stop`, `计划中已没有监控项 "${payload.monitor}"，停止评估`) } };
    if (next) await enqueue(next);
    const sample = await readMonitor({ store: options.store, runId: payload.runId, loaded, signal }, monitor);
    const rule = hysteresisRule(monitor, intervalOf(payload, due));
    for (let attempt = 1; ; attempt += 1) {
      const stored = (await options.store.monitorStates(payload.runId)).find((candidate) => candidate.monitorId === monitor.id);
      const now = options.clock.now();
      const before = stored ? (stored.state as unknown as MonitorState) : initialMonitorState(now);
      const stepped = evaluateHysteresis(before, sample, rule, now);
      try {
        await options.store.saveMonitorState(payload.runId, monitor.id, { state: stepped.state as unknown as Record<string, unknown>, expectedVersion: stored?.version ?? null });
      } catch (error) {
        // Another worker evaluated the same monitor meanwhile (an overlapping, taken-over job): step from its state.
        if (error instanceof GoliveError && error.code === 'monitor.conflict' && attempt < saveAttempts) continue;
        throw error;
      }
      const notified = await options.onEvaluated?.({ payload, monitor, state: stepped.state, transition: stepped.transition, heldMs: stepped.heldMs, checks: stepped.checks, loaded }).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      return {
        status: 'done',
        result: { status: stepped.state.status, value: stepped.state.lastValue, reason: stepped.state.lastReason, transition: stepped.transition, ...(stepped.transition === 'none' ? {} : { heldMs: stepped.heldMs, checks: stepped.checks }), ...(notified ? { notifyError: notified } : {}) },
        summary: evaluationSummary(monitor, stepped.state, stepped.transition, notified ?? null),
      };
    }
  };
}

/** Monitors as a job type: one due evaluation of one monitor of one run runs once; transitions notify its targets. */
export const monitorJobType: JobType<MonitorPayload> = {
  name: monitorQueue,
  payload: monitorPayload,
  key: (payload) => `${payload.runId}/${payload.monitor}`,
  handler: (context) => monitorHandler({ env: context.env, store: context.store, clock: context.clock, onEvaluated: monitorNotifier(context.store, context.env, {}, context.targets) }),
};

const statusWords: Readonly<Record<MonitorState['status'], Bilingual>> = {
  ok: bi('ok', '正常'),
  alerting: bi('ALERTING', '告警中'),
  inconclusive: bi('no data', '无数据'),
};

/** The worker's words for one evaluation (its line already names the monitor): `ALERTING 7% (alert sent)`. */
function evaluationSummary(monitor: PlanMonitor, state: MonitorState, transition: Transition, notifyError: string | null): Bilingual {
  const value = state.status === 'inconclusive' ? '' : ` ${formatMonitorValue(state.lastValue, monitor.threshold)}`;
  const event = notifyError
    ? bi(`; notifying failed: ${notifyError}`, `；通知失败：${notifyError}`)
    : transition === 'alert'
      ? bi(' (alert sent)', '（已发送告警）')
      : transition === 'resolve'
        ? bi(' ("resolved" sent)', '（已发送恢复消息）')
        : bi('', '');
  return bi(`${statusWords[state.status].en}${value}${event.en}`, `${statusWords[state.status].zh}${value}${event.zh}`);
}
