import { z } from 'zod';
import { bi, type Bilingual } from '../core/text.js';
import { durationMs } from '../core/fields.js';
import { inspectionNotifier } from '../notify/inspection-notifier.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import type { ItemResult } from '../core/result.js';
import type { JobRecord, NewJob, RunRecord } from '../store/store.js';
import { defaultTimeZone, parseSchedule } from './schedule.js';
import type { JobType, RunJob } from './job-types.js';
import { planCache } from './plan-cache.js';

/** The job queue inspections run on. */
export const inspectionQueue = 'inspection';
const defaultWindowMs = 7 * 24 * 3_600_000;
const dayMs = 24 * 3_600_000;

/** What an inspection job carries: enough for any worker to run it from the plan file. */
const inspectionPayload = z.object({
  runId: z.string().min(1),
  planPath: z.string().min(1),
  environment: z.string().nullable(),
  inspection: z.string().min(1),
  /** T+0: when the inspections of the run started (ms). */
  startedAt: z.number(),
});
export type InspectionPayload = Readonly<z.infer<typeof inspectionPayload>>;

/** The result a finished inspection job keeps (evidence stays with the runner's redaction). */
export interface InspectionResult {
  readonly [key: string]: unknown;
  readonly counts: Readonly<Record<string, number>>;
  readonly failures: ReadonlyArray<{ readonly itemId: string; readonly status: string; readonly reason: Bilingual | null }>;
}

/**
 * One job per inspection per due time in its window (`for`, default 7 days) from `startedAt` — or, for an inspection
 * the run has jobs of already, from the T+0 those have (`started`, from `inspectionStarts`): starting again adds nothing.
 */
export function inspectionJobs(run: RunRecord, plan: Plan, planPath: string, startedAt: number, started: ReadonlyMap<string, number> = new Map()): { jobs: NewJob[]; problems: Bilingual[] } {
  const jobs: NewJob[] = [];
  const problems: Bilingual[] = [];
  for (const inspection of plan.inspections ?? []) {
    const schedule = parseSchedule(inspection.schedule, plan.timezone ?? defaultTimeZone);
    if ('error' in schedule) {
      problems.push(bi(`inspection ${inspection.id}: ${schedule.error.en}`, `巡检 ${inspection.id}：${schedule.error.zh}`));
      continue;
    }
    const windowMs = inspection.for === undefined ? defaultWindowMs : durationMs(inspection.for);
    const t0 = started.get(inspection.id) ?? startedAt;
    const payload: InspectionPayload = { runId: run.id, planPath, environment: run.environment, inspection: inspection.id, startedAt: t0 };
    for (const due of schedule.dueTimes(t0, t0 + windowMs)) {
      const dueAt = new Date(due).toISOString();
      jobs.push({ id: `inspect/${run.id}/${inspection.id}/${dueAt}`, queue: inspectionQueue, runId: run.id, payload: { ...payload }, dueAt });
    }
  }
  return { jobs, problems };
}

/** T+0 of each inspection a run has jobs of (the first, should a store hold two). */
export function inspectionStarts(jobs: readonly JobRecord[]): Map<string, number> {
  const starts = new Map<string, number>();
  for (const job of jobs) {
    const payload = job.payload as unknown as InspectionPayload;
    if (job.queue !== inspectionQueue || typeof payload.startedAt !== 'number') continue;
    starts.set(payload.inspection, Math.min(starts.get(payload.inspection) ?? payload.startedAt, payload.startedAt));
  }
  return starts;
}

/** The plan an inspection runs: its items, plus the extra checks only inspections run. */
export function inspectionPlan(loaded: LoadedPlan, inspectionId: string): { loaded: LoadedPlan; only: Set<string> } | { error: Bilingual } {
  const inspection = loaded.plan.inspections?.find((candidate) => candidate.id === inspectionId);
  if (!inspection) return { error: bi(`the plan has no inspection "${inspectionId}" any more`, `计划中已没有巡检 "${inspectionId}"`) };
  const extra = inspection.checks ?? [];
  const only = new Set([...(inspection.items ?? []), ...extra.map((item) => item.id)]);
  return { loaded: { ...loaded, plan: { ...loaded.plan, items: [...loaded.plan.items.filter((item) => !extra.some((check) => check.id === item.id)), ...extra] } }, only };
}

/** What to keep of an inspection's results. */
export function summarize(results: readonly ItemResult[]): InspectionResult {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  const failures = results
    .filter((result) => result.status === 'fail' || result.status === 'error')
    .map((result) => ({ itemId: result.itemId, status: result.status, reason: result.evidence.reason ?? result.evidence.conditions?.find((record) => !record.passed)?.message ?? null }));
  return { counts, failures };
}

/** One cell of the T+0 … T+N grid. */
export interface InspectionDay {
  readonly day: number;
  readonly jobs: number;
  readonly done: number;
  readonly failedItems: number;
  readonly couldNotRun: number;
  readonly running: number;
}

/** Jobs of a run by inspection and day after T+0, for `golive inspect status` and the dashboard. */
export function inspectionGrid(jobs: readonly JobRecord[]): Map<string, InspectionDay[]> {
  const grid = new Map<string, InspectionDay[]>();
  for (const job of jobs) {
    const payload = job.payload as unknown as InspectionPayload;
    const day = Math.floor((Date.parse(job.dueAt) - payload.startedAt) / dayMs);
    const days = grid.get(payload.inspection) ?? [];
    grid.set(payload.inspection, days);
    const cell = days[day] ?? { day, jobs: 0, done: 0, failedItems: 0, couldNotRun: 0, running: 0 };
    const result = job.result as InspectionResult | null;
    days[day] = {
      day,
      jobs: cell.jobs + 1,
      done: cell.done + (job.status === 'done' ? 1 : 0),
      failedItems: cell.failedItems + (job.status === 'done' ? (result?.failures.length ?? 0) : 0),
      couldNotRun: cell.couldNotRun + (job.status === 'failed' ? 1 : 0),
      running: cell.running + (job.status === 'running' ? 1 : 0),
    };
  }
  return grid;
}

/** The worker's handler for inspection jobs: loads the plan as it is now, runs the inspection's items, keeps a summary. */
export function inspectionHandler(options: {
  readonly env: NodeJS.ProcessEnv;
  /** Told after every inspection (failures or not, so an incident can also clear), with the plan it ran; errors are ignored. */
  onResult?(payload: InspectionPayload, result: InspectionResult, loaded: LoadedPlan): Promise<void>;
}): RunJob<InspectionPayload> {
  const planOf = planCache(options.env);
  return async (payload, signal) => {
    const { executePlan } = await import('../runner/execute-plan.js');
    const loaded = await planOf(payload.planPath, payload.environment);
    const selected = inspectionPlan(loaded, payload.inspection);
    if ('error' in selected) return { status: 'failed', result: { error: selected.error } };
    const result = summarize(await executePlan(selected.loaded, { filter: { only: selected.only }, signal }));
    await options.onResult?.(payload, result, selected.loaded).catch(() => undefined);
    return { status: 'done', result };
  };
}

/** Inspections as a job type: one due time of one inspection of one run runs once; failures notify the run's targets. */
export const inspectionJobType: JobType<InspectionPayload> = {
  name: inspectionQueue,
  payload: inspectionPayload,
  key: (payload) => `${payload.runId}/${payload.inspection}`,
  handler: (context) => inspectionHandler({ env: context.env, onResult: inspectionNotifier(context.store, context.env, {}, context.targets) }),
};
