import { exitCodes, GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import { clockFromEnv, type Clock } from '../orchestrate/clock.js';
import { triggerStreaks, type TriggerStreak } from '../orchestrate/rollout/decide.js';
import { commandRollout, driveRollout, loadRollout, startRollout, type RolloutContext } from '../orchestrate/rollout/drive.js';
import { isFinal, type RolloutEvent, type RolloutState } from '../orchestrate/rollout/state.js';
import type { LoadedPlan } from '../plan/load.js';
import type { RunRecord, Store, RolloutEventRecord } from '../store/store.js';
import { gateRun } from './gate.js';
import { notificationTargets } from './notify.js';

/** What a rollout of a run needs: the run's plan as loaded now, the environment (clock, notification credentials), listeners. */
export interface RolloutInput {
  readonly store: Store;
  readonly run: RunRecord;
  readonly loaded: LoadedPlan;
  readonly env: NodeJS.ProcessEnv;
  /** Default: the clock `GOLIVE_CLOCK` asks for, else the system's. */
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** Told after every saved decision (a terminal prints it; a server streams it). */
  onChange?(state: RolloutState, events: readonly RolloutEvent[]): void;
  /** A stored notification target this process cannot send to (once per target). */
  onWarning?(message: Bilingual): void;
}

/** The orchestration's context for a run, with the run's notification targets (the plan's and its project's) told of every event. */
export async function rolloutContext(input: RolloutInput): Promise<RolloutContext> {
  const { store, run, loaded, env } = input;
  const targets = notificationTargets({ store, env, ...(input.onWarning ? { onWarning: input.onWarning } : {}) });
  const notify = { notify: (await import('../notify/rollout-notifier.js')).rolloutNotifier({ store, plan: loaded.plan, runId: run.id, release: run.release, env, planDir: loaded.planDir, targets }) };
  return {
    store,
    clock: input.clock ?? clockFromEnv(env),
    loaded,
    runId: run.id,
    ...(input.onChange ? { onChange: input.onChange } : {}),
    ...notify,
    ...(input.signal ? { signal: input.signal } : {}),
  };
}

/** Starts the rollout of a run whose gate passed (recomputed now); a run whose gate did not pass is refused with the reasons. */
export async function startGatedRollout(context: RolloutContext, run: RunRecord, actor: string): Promise<RolloutState> {
  const { gate } = await gateRun(context.store, run);
  if (!gate.passed) {
    throw new GoliveError(
      'rollout.gate',
      bi(`the gate of ${run.id} has not passed; no rollout before it does:\n${gate.reasons.map((reason) => `  - ${reason.en}`).join('\n')}`, `${run.id} 的门禁未通过，通过前不能灰度发布：\n${gate.reasons.map((reason) => `  - ${reason.zh}`).join('\n')}`),
      { exitCode: exitCodes.gateFailed },
    );
  }
  return startRollout(context, actor);
}

/** Resumes a paused rollout (or one whose watcher stopped); a running one is left as it is. */
export async function resumeRollout(context: RolloutContext, actor: string): Promise<void> {
  const stored = await loadRollout(context.store, context.runId);
  // An ended rollout is not resumed, only watched again (a fired trigger until it clears).
  if (stored && stored.state.status !== 'running' && !isFinal(stored.state)) await commandRollout(context, 'resume', actor);
}

/** A person's command to a rollout: pause, promote or abort (running the plan's rollback). */
export function commandRunRollout(context: RolloutContext, what: 'pause' | 'promote' | 'abort', actor: string, reason?: string): Promise<RolloutState> {
  return commandRollout(context, what, actor, reason);
}

/** Drives the rollout until it ends or the context's signal stops watching (the rollout then stays as it is). */
export function watchRollout(context: RolloutContext): Promise<RolloutState> {
  return driveRollout(context);
}

/** A run's rollout: its state, how many stages the plan has, what happened (oldest first), and `for: 3x` triggers part-way to firing. */
export interface RolloutStatus {
  readonly state: RolloutState;
  readonly stages: number;
  readonly events: readonly RolloutEventRecord[];
  readonly streaks: readonly TriggerStreak[];
}

export async function rolloutStatus(store: Store, run: RunRecord): Promise<RolloutStatus> {
  const stored = await loadRollout(store, run.id);
  if (!stored) throw new GoliveError('rollout.missing', bi(`run ${run.id} has no rollout yet: \`golive rollout start\``, `运行 ${run.id} 还没有灰度发布：请先 \`golive rollout start\``));
  const rollout = run.plan.rollout;
  return { state: stored.state, stages: rollout?.stages?.length ?? 0, events: await store.rolloutEvents(run.id), streaks: rollout ? triggerStreaks(stored.state, rollout) : [] };
}
