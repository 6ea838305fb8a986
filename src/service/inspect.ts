import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import { clockFromEnv } from '../orchestrate/clock.js';
import { inspectionGrid, inspectionJobs, inspectionQueue, inspectionStarts, type InspectionDay } from '../orchestrate/inspect.js';
import { jobTypes, type JobOutcome } from '../orchestrate/job-types.js';
import { runWorker } from '../orchestrate/worker.js';
import { loadPlan } from '../plan/load.js';
import type { JobRecord, NewJob, RunRecord, Store } from '../store/store.js';
import { notificationTargets } from './notify.js';

/** The inspections scheduled for a run: how many were new, and every job of the schedule in due order. */
export interface ScheduledInspections {
  readonly added: number;
  readonly jobs: readonly NewJob[];
}

/**
 * Schedules the plan's inspections for a run from `startedAt` (T+0; default: now by the environment's clock). An
 * inspection the run has jobs of keeps their T+0, so starting again adds nothing; a `startedAt` that differs from it
 * is refused rather than scheduling that inspection a second time. The plan is read without its items (no check
 * variables are needed to schedule).
 */
export async function scheduleInspections(input: { readonly store: Store; readonly run: RunRecord; readonly planPath: string; readonly env: NodeJS.ProcessEnv; readonly startedAt?: number }): Promise<ScheduledInspections> {
  const { store, run, planPath } = input;
  const loaded = await loadPlan(planPath, { ...(run.environment ? { environment: run.environment } : {}), env: input.env, only: new Set() });
  if (!loaded.plan.inspections?.length) throw new GoliveError('inspect.none', bi(`the plan ${planPath} has no inspections`, `计划 ${planPath} 没有巡检（inspections）`));
  const inspections = loaded.plan.inspections;
  const now = input.startedAt ?? clockFromEnv(input.env).now();
  return store.scheduleJobs({ queue: inspectionQueue, runId: run.id }, (existing) => {
    const started = inspectionStarts(existing);
    if (input.startedAt !== undefined) refuseSecondStart(run, inspections, started, input.startedAt);
    const { jobs, problems } = inspectionJobs(run, loaded.plan, planPath, now, started);
    if (problems.length > 0) throw new GoliveError('inspect.schedule', bi(problems.map((problem) => problem.en).join('\n'), problems.map((problem) => problem.zh).join('\n')));
    return { jobs };
  });
}

function refuseSecondStart(run: RunRecord, inspections: ReadonlyArray<{ readonly id: string }>, started: ReadonlyMap<string, number>, startedAt: number): void {
  const from = new Date(startedAt).toISOString();
  const clashes = inspections.flatMap((inspection) => {
    const t0 = started.get(inspection.id);
    return t0 === undefined || t0 === startedAt ? [] : [{ id: inspection.id, t0: new Date(t0).toISOString() }];
  });
  if (clashes.length === 0) return;
  throw new GoliveError(
    'inspect.started',
    bi(
      `${clashes.map((clash) => `inspection ${clash.id} of ${run.id} started at ${clash.t0} (T+0); --from ${from} would schedule it a second time`).join('\n')}\nA run's inspections keep their first T+0: leave out --from, or start a new run.`,
      `${clashes.map((clash) => `${run.id} 的巡检 ${clash.id} 已于 ${clash.t0} 开始（T+0）；--from ${from} 会再安排一遍`).join('\n')}\n运行的巡检沿用首次的 T+0：请去掉 --from，或开始新的运行。`,
    ),
  );
}

/** A run's inspection jobs, and per inspection one cell per day T+0 … T+n. */
export interface InspectionStatus {
  readonly jobs: readonly JobRecord[];
  readonly grid: ReadonlyMap<string, readonly InspectionDay[]>;
}

export async function inspectionStatus(store: Store, run: RunRecord): Promise<InspectionStatus> {
  const jobs = await store.jobs({ queue: inspectionQueue, runId: run.id });
  return { jobs, grid: inspectionGrid(jobs) };
}

/** Where workers take jobs from: pg-boss (team mode) or the store's own `jobs` table (embedded, and SQLite's only one). */
export type WorkerQueue = 'pg-boss' | 'store';

export interface JobWorkerInput {
  readonly store: Store;
  readonly env: NodeJS.ProcessEnv;
  readonly name: string;
  readonly signal: AbortSignal;
  readonly leaseMs: number;
  /** Default: pg-boss on a store several hosts share (PostgreSQL), the store's queue otherwise. */
  readonly queue?: WorkerQueue;
  readonly exitWhenIdle?: boolean;
  /** Jobs in flight at once in this process (its slots 1 … N); default 1. */
  readonly concurrency?: number;
  onStart?(queue: WorkerQueue): void;
  /** Slot `slot` finished a job (`outcome` undefined: a repeated delivery of a due time already done, skipped). */
  onJob?(due: { readonly dueAt: string; readonly key: string }, outcome: JobOutcome | undefined, kept: boolean, slot: number): void;
  onError?(message: Bilingual): void;
  /** A stored notification target this worker cannot send to (no GOLIVE_SECRETS_KEY …): once per target. */
  onWarning?(message: Bilingual): void;
}

/**
 * Carries out due jobs of every job type (inspections and monitors: incidents go to the run's notification targets,
 * the plan's and its project's) until stopped, or idle with `exitWhenIdle`.
 */
export async function runJobWorker(input: JobWorkerInput): Promise<{ done: number; queue: WorkerQueue }> {
  const queue = input.queue ?? (input.store.capabilities.multiHost ? 'pg-boss' : 'store');
  const databaseUrl = input.env.DATABASE_URL;
  if (queue === 'pg-boss' && (input.store.kind !== 'postgres' || !databaseUrl)) {
    throw new GoliveError('usage.queue', bi('--queue pg-boss needs the PostgreSQL store (DATABASE_URL=postgres://…); the SQLite store has its own queue', '--queue pg-boss 需要 PostgreSQL 存储（DATABASE_URL=postgres://…）；SQLite 存储使用自带的队列'));
  }
  const clock = clockFromEnv(input.env);
  const common = {
    store: input.store,
    clock,
    name: input.name,
    signal: input.signal,
    leaseMs: input.leaseMs,
    types: jobTypes,
    context: { env: input.env, store: input.store, clock, targets: notificationTargets({ store: input.store, env: input.env, ...(input.onWarning ? { onWarning: input.onWarning } : {}) }) },
    concurrency: input.concurrency ?? 1,
    ...(input.exitWhenIdle ? { exitWhenIdle: true } : {}),
  };
  input.onStart?.(queue);
  if (queue === 'pg-boss') {
    const { runBossWorker, bossConnection } = await import('../orchestrate/boss-worker.js');
    const { done } = await runBossWorker({ ...common, connection: bossConnection(databaseUrl ?? ''), pollMs: 5_000, ...(input.onJob ? { onJob: input.onJob } : {}), ...(input.onError ? { onError: input.onError } : {}) });
    return { done, queue };
  }
  const { done } = await runWorker({ ...common, pollMs: 30_000, ...(input.onError ? { onError: input.onError } : {}), onJob: (job, outcome, kept, slot) => input.onJob?.({ dueAt: job.dueAt, key: job.id.split('/').slice(1, 3).join('/') }, outcome, kept, slot) });
  return { done, queue };
}
