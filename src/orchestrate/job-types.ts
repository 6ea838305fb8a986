import type { z } from 'zod';
import { bi, type Bilingual } from '../core/text.js';
import type { TargetSource } from '../notify/stored-target.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';
import { inspectionJobType } from './inspect.js';
import { monitorJobType } from './monitor/job.js';

/** What a job leaves behind: kept with its job row, shown by `golive inspect status` and the dashboard. */
export interface JobOutcome {
  readonly status: 'done' | 'failed';
  readonly result: Readonly<Record<string, unknown>>;
  /** One line for the worker's log, when the job type says more than its failures (a monitor: its state and value). */
  readonly summary?: Bilingual;
}

/** What a worker process hands every job type's handler. */
export interface JobTypeContext {
  readonly env: NodeJS.ProcessEnv;
  readonly store: Store;
  readonly clock: Clock;
  /** Where a run's messages go (default: the plan's `notifications`); the service layer adds the team's stored targets. */
  readonly targets?: TargetSource;
}

/** Runs one job; the signal aborts when the worker gives the job up (its lease ran out, or a Ctrl-C in embedded mode). */
export type RunJob<P> = (payload: P, signal: AbortSignal) => Promise<JobOutcome>;

/**
 * A kind of scheduled work. Its jobs sit in the store's `jobs` table with `queue` = `name` (enqueued by whoever
 * schedules them: `golive inspect start` for inspections); both worker paths — the store's own queue (embedded) and
 * pg-boss (team mode) — find its handler here.
 */
export interface JobType<P> {
  /** Queue name: `jobs.queue` and the pg-boss queue. */
  readonly name: string;
  /** What a job carries; a payload that does not parse is recorded as `failed` with the reason, never run. */
  readonly payload: z.ZodType<P>;
  /** What a due time is of (the inspection of a run, the monitor …): with the type and the due time, what runs once. */
  key(payload: P): string;
  /** Made once per worker process. */
  handler(context: JobTypeContext): RunJob<P>;
}

/** A job type with its payload checked at the edge, so workers need not know its payload type. */
export interface RegisteredJobType {
  readonly name: string;
  /** The key of a payload, or undefined when it is not one of this type. */
  key(payload: unknown): string | undefined;
  handler(context: JobTypeContext): RunJob<unknown>;
}

export function registerJobType<P>(type: JobType<P>): RegisteredJobType {
  return {
    name: type.name,
    key: (payload) => {
      const parsed = type.payload.safeParse(payload);
      return parsed.success ? type.key(parsed.data) : undefined;
    },
    handler: (context) => {
      const run = type.handler(context);
      return async (payload, signal) => {
        const parsed = type.payload.safeParse(payload);
        if (!parsed.success) {
          const where = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ');
          return { status: 'failed', result: { error: bi(`the ${type.name} job carries a payload this golive cannot read (${where})`, `${type.name} 任务的内容无法识别（${where}）`) } };
        }
        return run(parsed.data, signal);
      };
    },
  };
}

/** Every job type a worker takes, one line each (a test checks the names are distinct). */
export const jobTypes: readonly RegisteredJobType[] = [registerJobType(inspectionJobType), registerJobType(monitorJobType)];
