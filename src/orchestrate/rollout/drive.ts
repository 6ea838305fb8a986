import type { BaseCheck } from '../../checks/base.js';
import { referencedFacts, parseCondition } from '../../expect/index.js';
import { bi, type Bilingual } from '../../core/text.js';
import { durationMs } from '../../core/fields.js';
import type { LoadedPlan } from '../../plan/load.js';
import type { CheckOutcome } from '../../runner/run-check.js';
import { GoliveError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../clock.js';
import { observedNumber, runCheckOnce } from '../check-once.js';
import { command, decide, rollbackDone, stageApplied, triggerId, type Decision, type PersonCommand, type Rollout } from './decide.js';
import type { MonitorValues } from './judge.js';
import { initialRollout, isFinal, isWatched, type RolloutEvent, type RolloutState } from './state.js';

/** What driving a rollout needs; the notifier is a port so chat targets plug in without the engine knowing them. */
export interface RolloutContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly loaded: LoadedPlan;
  readonly runId: string;
  readonly signal?: AbortSignal;
  /** Sends an event to the plan's notification targets; a failure is recorded, never fatal. */
  notify?(event: RolloutEvent): Promise<void>;
  /** Called after every saved decision, for progress output. */
  onChange?(state: RolloutState, events: readonly RolloutEvent[]): void;
}

const defaultIntervalMs = 30_000;

export function rolloutOf(loaded: LoadedPlan): Rollout {
  const rollout = loaded.plan.rollout;
  if (!rollout?.stages?.length) {
    throw new GoliveError('rollout.none', bi(`the plan ${loaded.planPath} has no rollout stages (rollout.stages)`, `计划 ${loaded.planPath} 没有灰度阶段（rollout.stages）`));
  }
  return rollout;
}

/** Reads a stored rollout; undefined before it started. */
export async function loadRollout(store: Store, runId: string): Promise<{ state: RolloutState; version: number } | undefined> {
  const stored = await store.rollout(runId);
  if (!stored) return undefined;
  if (stored.state.version !== 1) {
    throw new GoliveError('rollout.newer', bi(`the rollout of ${runId} was written by a newer golive; upgrade`, `${runId} 的灰度状态由更新版本的 golive 写入；请升级`));
  }
  return { state: stored.state as unknown as RolloutState, version: stored.version };
}

async function save(context: RolloutContext, version: number | null, decision: Decision): Promise<number> {
  const next = await context.store.saveRollout(context.runId, {
    state: decision.state as unknown as Record<string, unknown>,
    expectedVersion: version,
    events: decision.events.map((happened) => ({ type: happened.type, at: new Date(happened.at).toISOString(), by: happened.by, message: happened.message, data: happened.data ?? {} })),
  });
  context.onChange?.(decision.state, decision.events);
  return next;
}

/** Starts the rollout of a run (which must not have one yet). */
export async function startRollout(context: RolloutContext, by: string): Promise<RolloutState> {
  rolloutOf(context.loaded);
  if (await context.store.rollout(context.runId)) {
    throw new GoliveError('rollout.exists', bi(`run ${context.runId} has a rollout already: see \`golive rollout status\``, `运行 ${context.runId} 已有灰度发布：见 \`golive rollout status\``));
  }
  const now = context.clock.now();
  const state = initialRollout(context.runId, now);
  const started: RolloutEvent = { type: 'started', at: now, by, message: bi(`rollout of ${context.runId} started by ${by}`, `${by} 开始了 ${context.runId} 的灰度发布`) };
  await save(context, null, { state, events: [started], effects: [] });
  await context.notify?.(started).catch(() => undefined);
  return state;
}

/** Applies a person's command (pause, resume, promote, abort) and does the work it asks for. */
export async function commandRollout(context: RolloutContext, what: PersonCommand, by: string, note?: string): Promise<RolloutState> {
  const rollout = rolloutOf(context.loaded);
  for (;;) {
    const stored = await loadRollout(context.store, context.runId);
    if (!stored) throw new GoliveError('rollout.missing', bi(`run ${context.runId} has no rollout yet: \`golive rollout start\``, `运行 ${context.runId} 还没有灰度发布：请先 \`golive rollout start\``));
    const decision = command(stored.state, rollout, what, by, context.clock.now(), note);
    if ('refused' in decision) throw new GoliveError('rollout.refused', decision.refused);
    try {
      const version = await save(context, stored.version, decision);
      return await perform(context, rollout, version, decision);
    } catch (error) {
      if (error instanceof GoliveError && error.code === 'rollout.conflict') continue;
      throw error;
    }
  }
}

/**
 * Drives a rollout until it completes or is aborted (or the signal fires): samples the monitors its
 * triggers and guards read, decides, saves, does the work, waits `rollout.interval`. Every step is
 * saved first, so a killed process resumes where it was, with the hold's remaining time intact.
 */
export async function driveRollout(context: RolloutContext): Promise<RolloutState> {
  const rollout = rolloutOf(context.loaded);
  const intervalMs = rollout.interval === undefined ? defaultIntervalMs : durationMs(rollout.interval);
  for (;;) {
    const stored = await loadRollout(context.store, context.runId);
    if (!stored) throw new GoliveError('rollout.missing', bi(`run ${context.runId} has no rollout yet: \`golive rollout start\``, `运行 ${context.runId} 还没有灰度发布：请先 \`golive rollout start\``));
    if (!isWatched(stored.state)) return stored.state;
    // After the end, fired triggers are watched until they clear or the run is closed (no "resolved" owed then).
    if (isFinal(stored.state) && !stored.state.rollbackPending && (await context.store.getRun(context.runId))?.status === 'closed') return stored.state;
    const values = await sampleMonitors(context, monitorsRead(rollout, stored.state));
    if (context.signal?.aborted) return stored.state;
    const decision = decide(stored.state, rollout, values, context.clock.now());
    let state: RolloutState;
    try {
      const version = await save(context, stored.version, decision);
      state = await perform(context, rollout, version, decision);
    } catch (error) {
      // A person paused or promoted meanwhile: decide again on what they saved.
      if (error instanceof GoliveError && error.code === 'rollout.conflict') continue;
      throw error;
    }
    if (!isWatched(state)) return state;
    const progressed = state.stage !== stored.state.stage || state.applied !== stored.state.applied || state.status !== stored.state.status;
    if (progressed) continue;
    try {
      await context.clock.sleep(intervalMs, context.signal);
    } catch {
      return state;
    }
  }
}

/** Does a decision's effects in order, saving what each did; returns the state after them. */
async function perform(context: RolloutContext, rollout: Rollout, version: number, decision: Decision): Promise<RolloutState> {
  let state = decision.state;
  let current = version;
  for (const effect of decision.effects) {
    if (effect.type === 'notify') {
      await context.notify?.(effect.event).catch(() => undefined);
      continue;
    }
    const spec = effect.type === 'apply-stage' ? rollout.stages?.[effect.stage]?.action : rollbackCheck(rollout);
    const outcome = spec ? await runCheckOnce(context, spec) : undefined;
    const result = { passed: outcome?.status === 'pass' || outcome?.status === 'warn', detail: outcomeDetail(outcome) };
    const now = context.clock.now();
    const next = effect.type === 'apply-stage' ? stageApplied(state, rollout, result, now) : rollbackDone(state, result, now);
    current = await save(context, current, next);
    state = next.state;
    for (const follow of next.effects) if (follow.type === 'notify') await context.notify?.(follow.event).catch(() => undefined);
  }
  return state;
}

function rollbackCheck(rollout: Rollout): BaseCheck | undefined {
  const run = rollout.onTrigger?.run;
  return run?.length ? ({ kind: 'command', run, timeout: '10m' } as BaseCheck) : undefined;
}

function outcomeDetail(outcome: CheckOutcome | undefined): Bilingual {
  if (!outcome) return bi('nothing to run', '没有可执行的命令');
  const failing = outcome.evidence.reason ?? outcome.evidence.conditions?.find((record) => !record.passed)?.message;
  const target = outcome.evidence.target ?? '';
  return failing ? bi(`${target}: ${failing.en}`, `${target}：${failing.zh}`) : bi(`${target}: ${outcome.status}`, `${target}：${outcome.status}`);
}

/** Monitor ids the rollout's conditions read now: every trigger and the current stage's guards; after the end, the unresolved triggers. */
function monitorsRead(rollout: Rollout, state: RolloutState): Set<string> {
  const triggers = (rollout.rollbackWhen ?? []).filter((trigger, index) => !isFinal(state) || state.unresolved?.includes(triggerId(trigger, index)));
  const conditions = [...triggers.flatMap((trigger) => (trigger.condition ? [trigger.condition] : [])), ...(isFinal(state) ? [] : (rollout.stages?.[state.stage]?.guard ?? []))];
  const names = new Set<string>();
  for (const source of conditions) {
    const parsed = parseCondition(source);
    if (parsed.ok) for (const name of referencedFacts(parsed.condition)) names.add(name);
  }
  return names;
}

/** Reads each named monitor once, concurrently; a monitor's value is the `value` its check observed (none: no data). */
async function sampleMonitors(context: RolloutContext, names: ReadonlySet<string>): Promise<MonitorValues> {
  const monitors = (context.loaded.plan.monitors ?? []).filter((monitor) => names.has(monitor.id) && monitor.check);
  const entries = await Promise.all(
    monitors.map(async (monitor) => {
      const outcome = await runCheckOnce(context, { ...(monitor.check as BaseCheck), expect: [] });
      return [monitor.id, observedNumber(outcome)] as const;
    }),
  );
  return Object.fromEntries(entries);
}
