import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { clockFromEnv, type Clock } from '../orchestrate/clock.js';
import { inspectionGrid, inspectionHandler, inspectionJobs, inspectionQueue, type InspectionDay } from '../orchestrate/inspect.js';
import { runWorker, type WorkerOptions } from '../orchestrate/worker.js';
import { inspectionNotifier } from '../notify/inspection-notifier.js';
import { loadPlan } from '../plan/load.js';
import type { JobRecord, NewJob, RunRecord, Store } from '../store/store.js';

/** The inspections scheduled for a run: how many were new, and every job of the schedule in due order. */
export interface ScheduledInspections {
  readonly added: number;
  readonly jobs: readonly NewJob[];
}

/**
 * Schedules the plan's inspections for a run from `startedAt` (T+0; default: now by the environment's clock); a job
 * already scheduled stays as it is.
 * The plan is read without its items (no check variables are needed to schedule).
 */
export async function scheduleInspections(input: { readonly store: Store; readonly run: RunRecord; readonly planPath: string; readonly env: NodeJS.ProcessEnv; readonly startedAt?: number }): Promise<ScheduledInspections> {
  const { store, run, planPath } = input;
  const loaded = await loadPlan(planPath, { ...(run.environment ? { environment: run.environment } : {}), env: input.env, only: new Set() });
  if (!loaded.plan.inspections?.length) throw new GoliveError('inspect.none', bi(`the plan ${planPath} has no inspections`, `计划 ${planPath} 没有巡检（inspections）`));
  const { jobs, problems } = inspectionJobs(run, loaded.plan, planPath, input.startedAt ?? clockFromEnv(input.env).now());
  if (problems.length > 0) throw new GoliveError('inspect.schedule', bi(problems.map((problem) => problem.en).join('\n'), problems.map((problem) => problem.zh).join('\n')));
  return { added: await store.enqueueJobs(jobs), jobs };
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

/**
 * Carries out due inspection jobs until stopped (or idle, with `exitWhenIdle`); each inspection's failures are
 * sent to the plan's notification targets as incidents.
 */
export function runInspectionWorker(
  input: Pick<WorkerOptions, 'store' | 'name' | 'signal' | 'leaseMs' | 'pollMs' | 'exitWhenIdle' | 'onJob'> & { readonly env: NodeJS.ProcessEnv; readonly clock?: Clock },
): Promise<{ done: number }> {
  const { env, clock, ...worker } = input;
  return runWorker({ ...worker, clock: clock ?? clockFromEnv(env), handlers: { [inspectionQueue]: inspectionHandler({ env, onResult: inspectionNotifier(input.store, env) }) } });
}
