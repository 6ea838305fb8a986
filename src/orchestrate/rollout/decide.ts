import { bi, type Bilingual } from '../../core/text.js';
import { describeDuration, durationMs, persistenceOf } from '../../core/fields.js';
import type { Plan } from '../../plan/schema.js';
import { consecutiveText } from '../held.js';
import { judgeCondition, quotedValues, type MonitorValues } from './judge.js';
import { isFinal, type Effect, type Firing, type RolloutEvent, type RolloutState } from './state.js';

export type Rollout = NonNullable<Plan['rollout']>;

/** A decision: the next state, what happened, and the work to do. */
export interface Decision {
  readonly state: RolloutState;
  readonly events: readonly RolloutEvent[];
  readonly effects: readonly Effect[];
}

const engine = 'golive';

function event(type: string, at: number, message: Bilingual, data?: Record<string, unknown>, by = engine): RolloutEvent {
  return { type, at, by, message, ...(data ? { data } : {}) };
}

/** An event that is also sent to the plan's notification targets. */
function announced(decision: { events: RolloutEvent[]; effects: Effect[] }, happened: RolloutEvent): void {
  decision.events.push(happened);
  decision.effects.push({ type: 'notify', event: happened });
}

function stageLabel(rollout: Rollout, index: number): string {
  const stage = rollout.stages?.[index];
  return stage ? `${stage.id ?? `stage ${index + 1}`} (${stage.percent}%)` : `stage ${index + 1}`;
}

/**
 * One evaluation: rollback triggers first (they are watched in every state but the final ones), then the
 * current stage — apply it, hold it while its guards hold, then go on, wait for a person, or finish.
 */
export function decide(state: RolloutState, rollout: Rollout, values: MonitorValues, now: number): Decision {
  const out = { events: [] as RolloutEvent[], effects: [] as Effect[] };
  if (state.rollbackPending) return { state, events: [], effects: [{ type: 'rollback' }] };
  const unresolved = resolveCleared(state, rollout, values, now, out);
  if (state.status === 'aborted' || state.status === 'completed') return { state: unresolved === state.unresolved ? state : { ...state, unresolved, updatedAt: now }, ...out };
  let next: RolloutState = { ...state, unresolved, updatedAt: now };

  const holding: Record<string, number | null> = { ...state.holding };
  const breaches: Record<string, number> = { ...state.breaches };
  for (const [index, trigger] of (rollout.rollbackWhen ?? []).entries()) {
    if (!trigger.condition || next.fired) continue;
    const id = triggerId(trigger, index);
    const { verdict } = judgeCondition(trigger.condition, values);
    // No data neither resets the streak (a service that stops answering must still trip a trigger) nor counts in it.
    if (verdict === 'fails') {
      holding[id] = null;
      delete breaches[id];
    }
    if (verdict !== 'holds') continue;
    // A state saved before counts were kept: a trigger already holding has held on one check at least.
    const checks = (breaches[id] ?? (holding[id] == null ? 0 : 1)) + 1;
    const since = holding[id] ?? now;
    holding[id] = since;
    breaches[id] = checks;
    const persistence = trigger.for === undefined ? { ms: 0 } : persistenceOf(trigger.for);
    if ('checks' in persistence ? checks < persistence.checks : now - since < persistence.ms) continue;
    const fired: Firing = { trigger: id, condition: trigger.condition, values: quotedValues(values), at: now, heldMs: now - since, checks, ...('checks' in persistence ? { consecutive: true } : {}) };
    next = { ...next, fired, unresolved: [...(next.unresolved ?? []).filter((open) => open !== id), id] };
    const rollbackCommand = rollout.onTrigger?.run;
    const auto = rollout.onTrigger?.auto === true;
    const held = heldText(fired);
    const message = bi(`rollback trigger ${id} fired: ${trigger.condition} ${held.en} (${describeValues(fired.values)})`, `回滚条件 ${id} 已触发：${trigger.condition} ${held.zh}（${describeValues(fired.values)}）`);
    announced(out, event('trigger.fired', now, message, { ...fired }));
    if (rollbackCommand && auto) {
      next = { ...next, status: 'aborted', waitingFor: null, reason: message, rollbackPending: true };
      out.effects.push({ type: 'rollback' });
    } else if (rollbackCommand) {
      next = { ...next, status: 'waiting', waitingFor: 'rollback', pausedAt: next.pausedAt ?? now, reason: message };
    } else {
      next = { ...next, status: 'paused', waitingFor: null, pausedAt: next.pausedAt ?? now, reason: message };
    }
  }
  next = { ...next, holding, breaches };
  if (next.status !== 'running') return { state: next, ...out };

  const stages = rollout.stages ?? [];
  const stage = stages[next.stage];
  if (!stage) {
    next = { ...next, status: 'completed', reason: null };
    announced(out, event('completed', now, bi('rollout completed: every stage held', '灰度发布完成：所有阶段均已稳定')));
    return { state: next, ...out };
  }
  const label = stageLabel(rollout, next.stage);
  if (!next.applied) {
    if (stage.action) {
      out.effects.push({ type: 'apply-stage', stage: next.stage });
    } else {
      const message = bi(`${label}: do it by hand, then confirm with \`golive rollout promote\`${stage.manual ? `: ${stage.manual}` : ''}`, `${label}：请手动操作后用 \`golive rollout promote\` 确认${stage.manual ? `：${stage.manual}` : ''}`);
      next = { ...next, status: 'waiting', waitingFor: 'stage-step', reason: message };
      announced(out, event('stage.waiting', now, message, { stage: next.stage, percent: stage.percent }));
    }
    return { state: next, ...out };
  }

  const holdStartedAt = next.holdStartedAt ?? now;
  const guards = (stage.guard ?? []).map((condition) => ({ condition, ...judgeCondition(condition, values) }));
  const failed = guards.find((guard) => guard.verdict === 'fails');
  if (failed) {
    const message = bi(`${label} paused: guard ${failed.condition} does not hold (${failed.message.en})`, `${label} 已暂停：守护条件 ${failed.condition} 不成立（${failed.message.zh}）`);
    next = { ...next, status: 'paused', pausedAt: now, reason: message };
    announced(out, event('guard.failed', now, message, { stage: next.stage, condition: failed.condition, values: quotedValues(values) }));
    return { state: next, ...out };
  }
  const unknown = guards.filter((guard) => guard.verdict === 'inconclusive');
  const policy = rollout.onInconclusive ?? 'wait';
  if (unknown.length > 0 && !next.inconclusive) {
    const message = bi(
      `${label}: guards without data (${unknown.map((guard) => guard.condition).join('; ')}): ${policy === 'wait' ? 'the hold is extended until they have data' : policy === 'pause' ? 'paused' : 'going on as the plan says'}`,
      `${label}：守护条件没有数据（${unknown.map((guard) => guard.condition).join('；')}）：${policy === 'wait' ? '延长观察，直到有数据' : policy === 'pause' ? '已暂停' : '按计划继续'}`,
    );
    announced(out, event('guard.inconclusive', now, message, { stage: next.stage, conditions: unknown.map((guard) => guard.condition), values: quotedValues(values) }));
    if (policy === 'pause') return { state: { ...next, status: 'paused', pausedAt: now, inconclusive: true, reason: message }, ...out };
  }
  next = { ...next, holdStartedAt, inconclusive: unknown.length > 0 };
  const holdMs = stage.hold === undefined ? 0 : durationMs(stage.hold);
  if (now - holdStartedAt < holdMs || (unknown.length > 0 && policy === 'wait')) return { state: next, ...out };

  if (stage.confirm) {
    const message = bi(`${label} held for ${describeDuration(now - holdStartedAt)}: promote with \`golive rollout promote\``, `${label} 已稳定 ${describeDuration(now - holdStartedAt)}：用 \`golive rollout promote\` 进入下一阶段`);
    next = { ...next, status: 'waiting', waitingFor: 'promote', reason: message };
    announced(out, event('stage.held', now, message, { stage: next.stage }));
    return { state: next, ...out };
  }
  out.events.push(event('stage.held', now, bi(`${label} held for ${describeDuration(now - holdStartedAt)}`, `${label} 已稳定 ${describeDuration(now - holdStartedAt)}`), { stage: next.stage, values: quotedValues(values) }));
  return advance(next, rollout, now, out, engine);
}

type Trigger = NonNullable<Rollout['rollbackWhen']>[number];

/** How long a fired trigger's condition held, as its `for` counts: `held for 10m`, or `held for 3 consecutive checks` (连续 3 次). */
function heldText(fired: Pick<Firing, 'heldMs' | 'checks' | 'consecutive'>): Bilingual {
  if (fired.consecutive && fired.checks !== undefined) return consecutiveText(fired.checks);
  return bi(`held for ${describeDuration(fired.heldMs)}`, `持续 ${describeDuration(fired.heldMs)}`);
}

/** A trigger's id: its own, or its place in `rollbackWhen`. */
export function triggerId(trigger: Trigger, index: number): string {
  return trigger.id ?? `trigger-${index + 1}`;
}

/** A `for: 3x` trigger part-way to firing: on how many consecutive checks with data its condition has held, of how many. */
export interface TriggerStreak {
  readonly trigger: string;
  readonly condition: string;
  readonly checks: number;
  readonly needed: number;
}

/** The count-form triggers whose condition holds now but has not held on enough consecutive checks yet. */
export function triggerStreaks(state: RolloutState, rollout: Rollout): TriggerStreak[] {
  if (state.fired || isFinal(state)) return [];
  return (rollout.rollbackWhen ?? []).flatMap((trigger, index) => {
    const persistence = trigger.for === undefined ? undefined : persistenceOf(trigger.for);
    const checks = state.breaches?.[triggerId(trigger, index)] ?? 0;
    if (!trigger.condition || !persistence || !('checks' in persistence) || checks === 0) return [];
    return [{ trigger: triggerId(trigger, index), condition: trigger.condition, checks, needed: persistence.checks }];
  });
}

/**
 * Fired triggers whose condition no longer holds (with data: no data proves nothing) are resolved, each with one
 * event that carries the values; this goes on after an abort, so the rollback's effect is seen and announced.
 * Returns the triggers still unresolved (the same array when none cleared).
 */
function resolveCleared(state: RolloutState, rollout: Rollout, values: MonitorValues, now: number, out: { events: RolloutEvent[]; effects: Effect[] }): RolloutState['unresolved'] {
  const open = state.unresolved ?? [];
  const conditions = new Map((rollout.rollbackWhen ?? []).map((trigger, index) => [triggerId(trigger, index), trigger.condition]));
  const cleared = open.filter((id) => {
    const condition = conditions.get(id);
    // A trigger gone from the plan can no longer be judged: it is resolved, so it is not watched for ever.
    return condition === undefined || judgeCondition(condition, values).verdict === 'fails';
  });
  for (const id of cleared) {
    const condition = conditions.get(id) ?? '';
    const quoted = quotedValues(values);
    const firedAt = state.fired?.trigger === id ? state.fired.at : null;
    const message = bi(`rollback trigger ${id} resolved: ${condition} no longer holds (${describeValues(quoted)})`, `回滚条件 ${id} 已恢复：${condition} 不再成立（${describeValues(quoted)}）`);
    announced(out, event('trigger.resolved', now, message, { trigger: id, condition, values: quoted, firedAt }));
  }
  return cleared.length === 0 ? state.unresolved : open.filter((id) => !cleared.includes(id));
}

function describeValues(values: Readonly<Record<string, number | null>>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value === null ? '∅' : Number(value.toPrecision(4))}`)
    .join(', ');
}

function advance(state: RolloutState, rollout: Rollout, now: number, out: { events: RolloutEvent[]; effects: Effect[] }, by: string): Decision {
  const nextStage = state.stage + 1;
  const stages = rollout.stages ?? [];
  if (nextStage >= stages.length) {
    announced(out, event('completed', now, bi('rollout completed: every stage held', '灰度发布完成：所有阶段均已稳定'), undefined, by));
    return { state: { ...state, status: 'completed', waitingFor: null, reason: null, updatedAt: now }, ...out };
  }
  const message = bi(`entering ${stageLabel(rollout, nextStage)}`, `进入 ${stageLabel(rollout, nextStage)}`);
  announced(out, event('stage.entered', now, message, { stage: nextStage, percent: stages[nextStage]?.percent }, by));
  return {
    state: { ...state, status: 'running', waitingFor: null, stage: nextStage, applied: false, holdStartedAt: null, inconclusive: false, reason: null, updatedAt: now },
    ...out,
  };
}

/** What the driver records after it did an `apply-stage` effect. */
export function stageApplied(state: RolloutState, rollout: Rollout, outcome: { passed: boolean; detail: Bilingual }, now: number): Decision {
  const out = { events: [] as RolloutEvent[], effects: [] as Effect[] };
  const label = stageLabel(rollout, state.stage);
  if (outcome.passed) {
    announced(out, event('stage.applied', now, bi(`${label} set: ${outcome.detail.en}`, `${label} 已设置：${outcome.detail.zh}`), { stage: state.stage }));
    return { state: { ...state, applied: true, holdStartedAt: now, updatedAt: now }, ...out };
  }
  const message = bi(`${label} could not be set, rollout paused: ${outcome.detail.en}`, `${label} 设置失败，灰度已暂停：${outcome.detail.zh}`);
  announced(out, event('stage.failed', now, message, { stage: state.stage }));
  return { state: { ...state, status: 'paused', pausedAt: now, reason: message, updatedAt: now }, ...out };
}

/** What the driver records after it ran the rollback command. */
export function rollbackDone(state: RolloutState, outcome: { passed: boolean; detail: Bilingual }, now: number): Decision {
  const out = { events: [] as RolloutEvent[], effects: [] as Effect[] };
  const message = outcome.passed
    ? bi(`rolled back: ${outcome.detail.en}`, `已回滚：${outcome.detail.zh}`)
    : bi(`the rollback command failed — act by hand: ${outcome.detail.en}`, `回滚命令失败，请人工处理：${outcome.detail.zh}`);
  announced(out, event(outcome.passed ? 'rollback.done' : 'rollback.failed', now, message));
  return { state: { ...state, rolledBack: outcome.passed, rollbackPending: false, updatedAt: now }, ...out };
}

/** A person's command on a rollout; refused with a reason when it does not fit the state. */
export type PersonCommand = 'pause' | 'resume' | 'promote' | 'abort';

/** Applies a person's command: a decision, or the reason it cannot be done now. */
export function command(state: RolloutState, rollout: Rollout, what: PersonCommand, by: string, now: number, note?: string): Decision | { refused: Bilingual } {
  const out = { events: [] as RolloutEvent[], effects: [] as Effect[] };
  const data = note ? { note } : undefined;
  if (state.status === 'aborted' || state.status === 'completed') {
    return { refused: bi(`the rollout is ${state.status}; nothing more can be done to it`, `灰度发布已${state.status === 'aborted' ? '中止' : '完成'}，无法再操作`) };
  }
  switch (what) {
    case 'pause': {
      if (state.status === 'paused') return { refused: bi('the rollout is paused already', '灰度发布已处于暂停状态') };
      announced(out, event('paused', now, bi(`paused by ${by}`, `${by} 暂停了灰度发布`), data, by));
      return { state: { ...state, status: 'paused', pausedAt: state.pausedAt ?? now, reason: bi(`paused by ${by}`, `${by} 已暂停`), updatedAt: now }, ...out };
    }
    case 'resume': {
      if (state.status === 'running') return { refused: bi('the rollout is running already', '灰度发布正在进行') };
      // Time spent paused does not count towards the hold; a dismissed trigger starts watching afresh.
      const shift = state.pausedAt === null ? 0 : now - state.pausedAt;
      const dismissed = state.waitingFor === 'rollback' ? { fired: null, holding: {}, breaches: {} } : {};
      announced(out, event('resumed', now, bi(state.waitingFor === 'rollback' ? `resumed by ${by} without rolling back` : `resumed by ${by}`, state.waitingFor === 'rollback' ? `${by} 决定不回滚并继续` : `${by} 恢复了灰度发布`), data, by));
      const waiting = state.waitingFor === 'stage-step' || state.waitingFor === 'promote';
      return {
        state: {
          ...state,
          ...dismissed,
          status: waiting ? 'waiting' : 'running',
          waitingFor: waiting ? state.waitingFor : null,
          pausedAt: null,
          holdStartedAt: state.holdStartedAt === null ? null : state.holdStartedAt + shift,
          reason: waiting ? state.reason : null,
          updatedAt: now,
        },
        ...out,
      };
    }
    case 'promote': {
      if (state.status === 'paused' || state.waitingFor === 'rollback') return { refused: bi('the rollout is paused: resume it first (or abort it)', '灰度发布已暂停：请先恢复（或中止）') };
      if (state.waitingFor === 'stage-step') {
        announced(out, event('stage.applied', now, bi(`${stageLabel(rollout, state.stage)} confirmed by ${by}`, `${by} 确认已完成 ${stageLabel(rollout, state.stage)}`), { stage: state.stage, ...data }, by));
        return { state: { ...state, status: 'running', waitingFor: null, applied: true, holdStartedAt: now, reason: null, updatedAt: now }, ...out };
      }
      out.events.push(event('promoted', now, bi(`${stageLabel(rollout, state.stage)} promoted by ${by}`, `${by} 推进了 ${stageLabel(rollout, state.stage)}`), { stage: state.stage, ...data }, by));
      return advance(state, rollout, now, out, by);
    }
    case 'abort': {
      const message = bi(`aborted by ${by}${note ? `: ${note}` : ''}`, `${by} 中止了灰度发布${note ? `：${note}` : ''}`);
      announced(out, event('aborted', now, message, data, by));
      const rollback = rollout.onTrigger?.run !== undefined && rollout.onTrigger.run.length > 0;
      if (rollback) out.effects.push({ type: 'rollback' });
      return { state: { ...state, status: 'aborted', waitingFor: null, rollbackPending: rollback, reason: state.fired ? state.reason : message, updatedAt: now }, ...out };
    }
  }
}
