/**
 * The after-launch half of a run as data for the dashboard: its rollout (stages, holds, guard evaluations,
 * triggers fired, rollback) and its inspections (T+0 … T+N), and a person's rollout commands from outside
 * the CLI. The CLI drives rollouts itself (`golive rollout`); the server calls these.
 */
import { durationMs } from '../core/fields.js';
import type { Bilingual } from '../core/text.js';
import type { Clock } from '../orchestrate/clock.js';
import { inspectionGrid, inspectionQueue, type InspectionDay, type InspectionPayload, type InspectionResult } from '../orchestrate/inspect.js';
import { defaultTimeZone } from '../orchestrate/schedule.js';
import type { PersonCommand } from '../orchestrate/rollout/decide.js';
import { commandRollout, loadRollout } from '../orchestrate/rollout/drive.js';
import type { RolloutState } from '../orchestrate/rollout/state.js';
import { rolloutNotifier } from '../notify/rollout-notifier.js';
import type { RolloutEventRecord, RunRecord, Store } from '../store/store.js';
import { notificationTargets } from './notify.js';
import { loadRunnablePlan } from './runs.js';

/** One stage of the plan's rollout as the timeline shows it. */
export interface RolloutStageView {
  readonly index: number;
  readonly id: string | null;
  readonly percent: number;
  readonly holdMs: number | null;
  readonly guard: readonly string[];
  /** How the percentage is set: by a check (command, http …) or by a person's console step. */
  readonly action: string | null;
  readonly manual: string | null;
  readonly confirm: boolean;
}

/** A run's rollout: the plan's stages and triggers, the state (null before `golive rollout start`), what happened, and the clock's now. */
export interface RolloutView {
  readonly stages: readonly RolloutStageView[];
  readonly triggers: ReadonlyArray<{ readonly id: string; readonly condition: string | null; readonly for: string | null; readonly description: string | null; readonly manual: boolean }>;
  readonly rollbackCommand: readonly string[] | null;
  readonly autoRollback: boolean;
  readonly rollbackSteps: readonly string[];
  readonly state: RolloutState | null;
  readonly events: readonly RolloutEventRecord[];
  /** Milliseconds since the epoch on the orchestration's clock (accelerated in demos and tests), for hold progress. */
  readonly now: number;
}

export async function rolloutView(store: Store, run: RunRecord, clock: Clock): Promise<RolloutView> {
  const rollout = run.plan.rollout;
  const [stored, events] = await Promise.all([loadRollout(store, run.id), store.rolloutEvents(run.id)]);
  return {
    stages: (rollout?.stages ?? []).map((stage, index) => ({
      index,
      id: stage.id ?? null,
      percent: stage.percent,
      holdMs: stage.hold === undefined ? null : durationMs(stage.hold),
      guard: stage.guard ?? [],
      action: stage.action ? stage.action.kind : null,
      manual: stage.manual ?? null,
      confirm: stage.confirm === true,
    })),
    triggers: (rollout?.rollbackWhen ?? []).map((trigger, index) => ({
      id: trigger.id ?? `trigger-${index + 1}`,
      condition: trigger.condition ?? null,
      for: trigger.for === undefined ? null : String(trigger.for),
      description: trigger.description ?? null,
      manual: trigger.manual === true,
    })),
    rollbackCommand: rollout?.onTrigger?.run ?? null,
    autoRollback: rollout?.onTrigger?.auto === true,
    rollbackSteps: rollout?.rollbackSteps ?? [],
    state: stored?.state ?? null,
    events,
    now: clock.now(),
  };
}

/**
 * A person's pause, resume, promote or abort of a run's rollout, with the plan as it is now (its rollout
 * section and the variables its commands use; items are not loaded). The watcher (`golive rollout start`
 * or `resume`), where one runs, carries on from the saved state.
 */
export async function commandRunRollout(input: {
  readonly store: Store;
  readonly run: RunRecord;
  readonly planPath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly what: PersonCommand;
  readonly by: string;
  readonly note?: string;
  /** A stored notification target this process cannot send to. */
  onWarning?(message: Bilingual): void;
}): Promise<RolloutState> {
  const loaded = await loadRunnablePlan({ planPath: input.planPath, ...(input.run.environment ? { environment: input.run.environment } : {}), env: input.env }, new Set());
  // The run's chat targets hear a dashboard's pause or abort as they hear the CLI's.
  const targets = notificationTargets({ store: input.store, env: input.env, ...(input.onWarning ? { onWarning: input.onWarning } : {}) });
  const notify = rolloutNotifier({ store: input.store, plan: loaded.plan, runId: input.run.id, release: input.run.release, env: input.env, planDir: loaded.planDir, targets });
  return commandRollout({ store: input.store, clock: input.clock, loaded, runId: input.run.id, notify }, input.what, input.by, input.note);
}

/** One inspection job as the grid's cell lists it. */
export interface InspectionJobView {
  readonly id: string;
  readonly inspection: string;
  readonly day: number;
  readonly dueAt: string;
  /** done (its items ran), failed (it could not run), running, queued, or missed (due and not taken up in time). */
  readonly status: 'done' | 'failed' | 'running' | 'queued' | 'missed';
  readonly finishedAt: string | null;
  readonly worker: string | null;
  readonly counts: Readonly<Record<string, number>>;
  readonly failures: InspectionResult['failures'];
  readonly error: Bilingual | null;
}

/** A run's inspections at a glance: per inspection, one cell per day after T+0, and every job. */
export interface InspectionsView {
  readonly startedAt: number | null;
  /** The plan's time zone, in which schedules such as `daily 09:00` are read. */
  readonly timeZone: string;
  readonly inspections: ReadonlyArray<{ readonly id: string; readonly title: string | null; readonly schedule: string; readonly days: ReadonlyArray<InspectionDay | null> }>;
  readonly jobs: readonly InspectionJobView[];
  readonly now: number;
}

/** A due job nobody took up within this much clock time counts as missed (no worker was running). */
export const missedAfterMs = 60 * 60_000;
const dayMs = 24 * 3_600_000;

export async function inspectionsView(store: Store, run: RunRecord, clock: Clock): Promise<InspectionsView> {
  const jobs = await store.jobs({ queue: inspectionQueue, runId: run.id });
  const now = clock.now();
  const grid = inspectionGrid(jobs);
  const startedAt = jobs.length === 0 ? null : (jobs[0]?.payload as unknown as InspectionPayload).startedAt;
  const titles = new Map((run.plan.inspections ?? []).map((inspection) => [inspection.id, inspection]));
  return {
    startedAt,
    timeZone: run.plan.timezone ?? defaultTimeZone,
    inspections: [...grid].map(([id, days]) => ({ id, title: titles.get(id)?.title ?? null, schedule: titles.get(id)?.schedule ?? '', days: Array.from(days, (day) => day ?? null) })),
    jobs: jobs.map((job) => {
      const payload = job.payload as unknown as InspectionPayload;
      const result = job.result as (Partial<InspectionResult> & { error?: Bilingual }) | null;
      const missed = job.status === 'queued' && now - Date.parse(job.dueAt) > missedAfterMs;
      return {
        id: job.id,
        inspection: payload.inspection,
        day: Math.floor((Date.parse(job.dueAt) - payload.startedAt) / dayMs),
        dueAt: job.dueAt,
        status: missed ? 'missed' : job.status,
        finishedAt: job.finishedAt,
        worker: job.worker,
        counts: result?.counts ?? {},
        failures: result?.failures ?? [],
        error: result?.error ?? null,
      };
    }),
    now,
  };
}
