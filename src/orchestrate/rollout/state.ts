import type { Bilingual } from '../../core/text.js';

export const rolloutStatuses = ['running', 'waiting', 'paused', 'aborted', 'completed'] as const;
/** running: applying or holding a stage; waiting: for a person; paused: stopped, triggers still watched; aborted and completed are final. */
export type RolloutStatus = (typeof rolloutStatuses)[number];

/** What a waiting rollout needs from a person. */
export type WaitingFor = 'stage-step' | 'promote' | 'rollback';

/** A rollback trigger that fired, with the values that fired it. */
export interface Firing {
  readonly trigger: string;
  readonly condition: string;
  /** Monitor values of the sample that completed the `for` duration (null: no data). */
  readonly values: Readonly<Record<string, number | null>>;
  readonly at: number;
  /** How long the condition had held. */
  readonly heldMs: number;
  /** On how many consecutive evaluations with data it had held (absent in states saved before it was kept). */
  readonly checks?: number;
  /** The trigger's `for` counts evaluations (`3x`) rather than time. */
  readonly consecutive?: boolean;
}

/** The whole state of one run's rollout, persisted after every decision (`version` 1 of this shape). */
export interface RolloutState {
  readonly version: 1;
  readonly runId: string;
  readonly status: RolloutStatus;
  readonly waitingFor: WaitingFor | null;
  /** Index into `rollout.stages`. */
  readonly stage: number;
  /** The stage's percentage is set (its action passed, or a person confirmed the manual step). */
  readonly applied: boolean;
  /** When the hold of the current stage began (clock ms); shifted forward by the time spent paused. */
  readonly holdStartedAt: number | null;
  readonly pausedAt: number | null;
  /** Per rollback trigger: since when its condition holds (null: it does not). */
  readonly holding: Readonly<Record<string, number | null>>;
  /**
   * Per rollback trigger: on how many consecutive evaluations with data its condition has held (a `for: 3x` fires on
   * the third); a sample where it does not hold removes it, one without data leaves it. Absent in older states.
   */
  readonly breaches?: Readonly<Record<string, number>>;
  /** Guards gave no data on the last evaluation (so the hold is extended, or the rollout paused). */
  readonly inconclusive: boolean;
  readonly fired: Firing | null;
  /**
   * Triggers that fired and have not been seen clear since: still watched (after an abort too) until their condition
   * stops holding, which sends their one "resolved". Absent in states saved before it existed.
   */
  readonly unresolved?: readonly string[];
  /** The rollback command has run and passed. */
  readonly rolledBack: boolean;
  /** A rollback was decided and has not run yet (a process killed in between runs it on restart). */
  readonly rollbackPending: boolean;
  /** Why the rollout is paused, waiting or aborted, for status and notifications. */
  readonly reason: Bilingual | null;
  readonly startedAt: number;
  readonly updatedAt: number;
}

/** Something that happened, recorded in order with the run and in the audit trail. */
export interface RolloutEvent {
  readonly type: string;
  readonly at: number;
  readonly by: string;
  readonly message: Bilingual;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Work a decision asks for; done by the driver after the decision is saved (at least once). */
export type Effect =
  | { readonly type: 'apply-stage'; readonly stage: number }
  | { readonly type: 'rollback' }
  | { readonly type: 'notify'; readonly event: RolloutEvent };

/** A new rollout at its first stage. */
export function initialRollout(runId: string, now: number): RolloutState {
  return {
    version: 1,
    runId,
    status: 'running',
    waitingFor: null,
    stage: 0,
    applied: false,
    holdStartedAt: null,
    pausedAt: null,
    holding: {},
    inconclusive: false,
    fired: null,
    rolledBack: false,
    rollbackPending: false,
    reason: null,
    startedAt: now,
    updatedAt: now,
  };
}

/** True when the rollout itself will not move any more (a fired trigger may still be watched until it clears). */
export function isFinal(state: RolloutState): boolean {
  return state.status === 'aborted' || state.status === 'completed';
}

/** True while a driver has something left to do: move the rollout, run a decided rollback, or see a fired trigger clear. */
export function isWatched(state: RolloutState): boolean {
  return !isFinal(state) || state.rollbackPending || (state.unresolved?.length ?? 0) > 0;
}
