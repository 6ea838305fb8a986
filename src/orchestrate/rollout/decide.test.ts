import { describe, expect, it } from 'vitest';
import { command, decide, rollbackDone, stageApplied, triggerStreaks, type Decision, type Rollout } from './decide.js';
import { initialRollout, isWatched, type RolloutState } from './state.js';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 0, 17, 6, 0, 0);

const rollout: Rollout = {
  stages: [
    { id: 'gray-10', percent: 10, hold: '24h', action: { kind: 'command', run: ['./weights.sh', '10'] }, guard: ['error_rate <= 1%'] },
    { id: 'full', percent: 100, manual: '微信后台 → 全量发布' },
  ],
  rollbackWhen: [{ id: 'errors', condition: 'error_rate > 1%', for: '10m' }],
  onTrigger: { run: ['./rollback.sh'], auto: true },
};

function applied(state: RolloutState, at: number): RolloutState {
  return stageApplied(state, rollout, { passed: true, detail: { en: 'ok', zh: '成功' } }, at).state;
}

function stateOf(decision: Decision | { refused: unknown }): RolloutState {
  if ('refused' in decision) throw new Error('refused');
  return decision.state;
}

describe('rollout decisions', () => {
  it('applies a stage by its action, holds it while the guard holds, and goes on only when the hold is over', () => {
    const start = initialRollout('r-1', t0);

    const first = decide(start, rollout, { error_rate: 0.001 }, t0);
    const holding = applied(first.state, t0 + 1000);
    const early = decide(holding, rollout, { error_rate: 0.001 }, t0 + 23 * hour);
    const done = decide(early.state, rollout, { error_rate: 0.001 }, t0 + 1000 + 24 * hour);

    expect(first.effects).toEqual([{ type: 'apply-stage', stage: 0 }]);
    expect(early.state).toMatchObject({ stage: 0, status: 'running', holdStartedAt: t0 + 1000 });
    expect(early.events).toEqual([]);
    expect(done.state).toMatchObject({ stage: 1, applied: false, status: 'running' });
    expect(done.events.map((event) => event.type)).toEqual(['stage.held', 'stage.entered']);
  });

  it('fires a rollback trigger after its `for` duration and not before, with the values that fired it', () => {
    const holding = applied(decide(initialRollout('r-1', t0), rollout, {}, t0).state, t0);

    const begins = decide(holding, rollout, { error_rate: 0.05 }, t0 + hour);
    const notYet = decide(begins.state, rollout, { error_rate: 0.05 }, t0 + hour + 9 * 60_000);
    const fired = decide(notYet.state, rollout, { error_rate: 0.06 }, t0 + hour + 10 * 60_000);
    const done = rollbackDone(fired.state, { passed: true, detail: { en: 'rollback.sh passed', zh: 'rollback.sh 成功' } }, t0 + hour + 11 * 60_000);

    expect(begins.state.status).toBe('paused');
    expect(begins.state.fired).toBeNull();
    expect(notYet.state.fired).toBeNull();
    expect(fired.state).toMatchObject({ status: 'aborted', rollbackPending: true, fired: { trigger: 'errors', values: { error_rate: 0.06 }, heldMs: 10 * 60_000 } });
    expect(fired.effects.map((effect) => effect.type)).toEqual(['notify', 'rollback']);
    expect(fired.events[0]?.message.en).toBe('rollback trigger errors fired: error_rate > 1% held for 10m (error_rate=0.06)');
    expect(done.state).toMatchObject({ rolledBack: true, rollbackPending: false });
    expect(decide(done.state, rollout, { error_rate: 0.5 }, t0 + 2 * hour).effects).toEqual([]);
  });

  it('watches a fired trigger after the abort and resolves it once when its condition stops holding, with the values', () => {
    const holding = applied(decide(initialRollout('r-1', t0), rollout, {}, t0).state, t0);
    const begins = decide(holding, rollout, { error_rate: 0.05 }, t0 + hour);
    const fired = decide(begins.state, rollout, { error_rate: 0.05 }, t0 + hour + 10 * 60_000);
    const rolledBack = rollbackDone(fired.state, { passed: true, detail: { en: 'ok', zh: '成功' } }, t0 + hour + 11 * 60_000).state;

    const stillHigh = decide(rolledBack, rollout, { error_rate: 0.03 }, t0 + hour + 12 * 60_000);
    const noData = decide(stillHigh.state, rollout, {}, t0 + hour + 13 * 60_000);
    const cleared = decide(noData.state, rollout, { error_rate: 0.002 }, t0 + hour + 14 * 60_000);
    const after = decide(cleared.state, rollout, { error_rate: 0.001 }, t0 + hour + 15 * 60_000);

    expect(rolledBack).toMatchObject({ status: 'aborted', unresolved: ['errors'] });
    expect(isWatched(rolledBack)).toBe(true);
    expect(stillHigh.events).toEqual([]);
    expect(noData.events).toEqual([]);
    expect(cleared.events.map((happened) => [happened.type, happened.data])).toEqual([
      ['trigger.resolved', { trigger: 'errors', condition: 'error_rate > 1%', values: { error_rate: 0.002 }, firedAt: t0 + hour + 10 * 60_000 }],
    ]);
    expect(cleared.events[0]?.message.en).toBe('rollback trigger errors resolved: error_rate > 1% no longer holds (error_rate=0.002)');
    expect(cleared.effects.map((effect) => effect.type)).toEqual(['notify']);
    expect(cleared.state).toMatchObject({ status: 'aborted', unresolved: [], fired: { trigger: 'errors' } });
    expect(isWatched(cleared.state)).toBe(false);
    expect(after.events).toEqual([]);
  });

  it('a dismissed trigger stays unresolved while it is watched again, and resolves once', () => {
    const manual: Rollout = { ...rollout, onTrigger: { run: ['./rollback.sh'] } };
    const holding = applied(decide(initialRollout('r-1', t0), manual, {}, t0).state, t0);
    const fired = decide(decide(holding, manual, { error_rate: 0.05 }, t0 + hour).state, manual, { error_rate: 0.05 }, t0 + hour + 10 * 60_000);
    const dismissed = stateOf(command(fired.state, manual, 'resume', '张工', t0 + hour + 11 * 60_000));
    const cleared = decide(dismissed, manual, { error_rate: 0.001 }, t0 + hour + 12 * 60_000);

    expect(fired.state).toMatchObject({ status: 'waiting', waitingFor: 'rollback', unresolved: ['errors'] });
    expect(dismissed).toMatchObject({ status: 'running', fired: null, unresolved: ['errors'] });
    expect(cleared.events.map((happened) => happened.type)).toEqual(['trigger.resolved']);
    expect(cleared.state.unresolved).toEqual([]);
  });

  it('a trigger whose condition stops holding starts over; missing data neither fires nor resets it', () => {
    const watched: Rollout = { ...rollout, stages: [{ percent: 10, hold: '1h', action: { kind: 'command', run: ['true'] } }] };
    const holding = applied(decide(initialRollout('r-1', t0), watched, {}, t0).state, t0);

    const begins = decide(holding, watched, { error_rate: 0.05 }, t0 + 60_000);
    const gap = decide(begins.state, watched, {}, t0 + 8 * 60_000);
    const stillGap = decide(gap.state, watched, {}, t0 + 12 * 60_000);
    const fires = decide(stillGap.state, watched, { error_rate: 0.05 }, t0 + 12 * 60_000);
    const healthy = decide(begins.state, watched, { error_rate: 0.001 }, t0 + 2 * 60_000);

    expect(gap.state.holding).toEqual({ errors: t0 + 60_000 });
    expect(stillGap.state.fired).toBeNull();
    expect(fires.state.fired?.heldMs).toBe(11 * 60_000);
    expect(healthy.state.holding).toEqual({ errors: null });
  });

  it('a guard without data is inconclusive: the hold waits (default), or the rollout pauses when the plan says so', () => {
    const holding = applied(decide(initialRollout('r-1', t0), rollout, {}, t0).state, t0);
    const pausing: Rollout = { ...rollout, onInconclusive: 'pause' };

    const waiting = decide(holding, rollout, {}, t0 + 25 * hour);
    const again = decide(waiting.state, rollout, {}, t0 + 26 * hour);
    const data = decide(again.state, rollout, { error_rate: 0 }, t0 + 27 * hour);
    const paused = decide(holding, pausing, {}, t0 + hour);

    expect(waiting.state).toMatchObject({ stage: 0, inconclusive: true, status: 'running' });
    expect(waiting.events.map((event) => event.type)).toEqual(['guard.inconclusive']);
    expect(again.events).toEqual([]);
    expect(data.state.stage).toBe(1);
    expect(paused.state.status).toBe('paused');
  });

  it('a failing guard pauses the stage; time spent paused does not count towards the hold', () => {
    const holding = applied(decide(initialRollout('r-1', t0), rollout, {}, t0).state, t0);

    const guardFails = decide(holding, { ...rollout, rollbackWhen: [] }, { error_rate: 0.02 }, t0 + hour);
    const resumed = stateOf(command(guardFails.state, rollout, 'resume', '张工', t0 + 3 * hour));
    const notYet = decide(resumed, rollout, { error_rate: 0 }, t0 + 25 * hour);
    const held = decide(notYet.state, rollout, { error_rate: 0 }, t0 + 26 * hour);

    expect(guardFails.state).toMatchObject({ status: 'paused', pausedAt: t0 + hour });
    expect(guardFails.events[0]?.type).toBe('guard.failed');
    expect(resumed.holdStartedAt).toBe(t0 + 2 * hour);
    expect(notYet.state.stage).toBe(0);
    expect(held.state.stage).toBe(1);
  });

  it('a manual stage waits for a person, who confirms with promote; abort runs the rollback', () => {
    const atFull: RolloutState = { ...initialRollout('r-1', t0), stage: 1 };

    const waiting = decide(atFull, rollout, { error_rate: 0 }, t0);
    const confirmed = stateOf(command(waiting.state, rollout, 'promote', '张工', t0 + 1000));
    const pausedPromote = command({ ...confirmed, status: 'paused' }, rollout, 'promote', '张工', t0 + 2000);
    const aborted = command(confirmed, rollout, 'abort', '张工', t0 + 3000, 'P0 bug');

    expect(waiting.state).toMatchObject({ status: 'waiting', waitingFor: 'stage-step' });
    expect(waiting.events[0]?.message.zh).toContain('微信后台 → 全量发布');
    expect(confirmed).toMatchObject({ status: 'running', applied: true, holdStartedAt: t0 + 1000 });
    expect(pausedPromote).toMatchObject({ refused: { en: 'the rollout is paused: resume it first (or abort it)' } });
    expect(aborted).toMatchObject({ state: { status: 'aborted', rollbackPending: true }, effects: [{ type: 'notify' }, { type: 'rollback' }] });
  });

  it('without auto, a fired trigger waits for a person to confirm the rollback', () => {
    const confirmFirst: Rollout = { ...rollout, onTrigger: { run: ['./rollback.sh'] }, rollbackWhen: [{ id: 'errors', condition: 'error_rate > 1%' }] };
    const holding = applied(decide(initialRollout('r-1', t0), confirmFirst, {}, t0).state, t0);

    const fired = decide(holding, confirmFirst, { error_rate: 0.2 }, t0 + 1000);

    expect(fired.state).toMatchObject({ status: 'waiting', waitingFor: 'rollback', rollbackPending: false });
    expect(fired.effects.map((effect) => effect.type)).toEqual(['notify']);
  });
});

describe('rollback triggers counted in consecutive checks (for: 3x)', () => {
  const minute = 60_000;
  const counted: Rollout = {
    stages: [{ id: 'gray-10', percent: 10, hold: '24h', action: { kind: 'command', run: ['true'] } }],
    rollbackWhen: [{ id: 'errors', condition: 'error_rate > 1%', for: '3x' }],
    onTrigger: { run: ['./rollback.sh'], auto: true },
  };

  /** Feeds one sample a minute (undefined: no data) from a held stage; returns every state and when it fired. */
  function feed(samples: ReadonlyArray<number | undefined>, from?: RolloutState, start = 1) {
    let state = from ?? applied(decide(initialRollout('r-1', t0), counted, {}, t0).state, t0);
    const states: RolloutState[] = [];
    let firedAt: number | undefined;
    samples.forEach((value, index) => {
      const decision = decide(state, counted, value === undefined ? {} : { error_rate: value }, t0 + (start + index) * minute);
      state = decision.state;
      states.push(state);
      if (firedAt === undefined && decision.events.some((happened) => happened.type === 'trigger.fired')) firedAt = start + index;
    });
    return { state, states, firedAt };
  }

  it('fires on the third consecutive check where the condition holds, not before, and says so with the values', () => {
    const { states, firedAt, state } = feed([0.001, 0.05, 0.06, 0.07, 0.08]);

    expect(states.map((step) => step.breaches?.errors ?? 0)).toEqual([0, 1, 2, 3, 3]);
    expect(states[2]?.fired).toBeNull();
    expect(firedAt).toBe(4);
    expect(state.fired).toMatchObject({ trigger: 'errors', values: { error_rate: 0.07 }, checks: 3, consecutive: true, heldMs: 2 * minute });
    const fired = decide(states[2] as RolloutState, counted, { error_rate: 0.07 }, t0 + 4 * minute).events[0];
    expect(fired?.message).toEqual({
      en: 'rollback trigger errors fired: error_rate > 1% held for 3 consecutive checks (error_rate=0.07)',
      zh: '回滚条件 errors 已触发：error_rate > 1% 连续 3 次成立（error_rate=0.07）',
    });
    expect(fired?.data).toMatchObject({ checks: 3, consecutive: true, values: { error_rate: 0.07 } });
    expect(state.reason?.en).toContain('held for 3 consecutive checks');
  });

  it('a check without data neither counts nor resets; a check where it does not hold starts the count over', () => {
    const gaps = feed([0.05, undefined, undefined, 0.05, undefined, 0.05]);
    const reset = feed([0.05, 0.05, 0.002, 0.05, 0.05, 0.05]);

    expect(gaps.states.map((step) => step.breaches?.errors ?? 0)).toEqual([1, 1, 1, 2, 2, 3]);
    expect(gaps.firedAt).toBe(6);
    expect(reset.states.map((step) => step.breaches?.errors ?? 0)).toEqual([1, 2, 0, 1, 2, 3]);
    expect(reset.firedAt).toBe(6);
    // However long the gap, no data alone never completes the count.
    expect(feed([0.05, 0.05, ...Array.from({ length: 30 }, () => undefined)]).firedAt).toBeUndefined();
  });

  it('goes on from the saved state after a restart: two checks before, one after', () => {
    const before = feed([0.05, 0.05]);
    // What the store keeps is JSON.
    const saved = JSON.parse(JSON.stringify(before.state)) as RolloutState;
    const after = feed([0.05], saved, 3);

    expect(before.firedAt).toBeUndefined();
    expect(triggerStreaks(saved, counted)).toEqual([{ trigger: 'errors', condition: 'error_rate > 1%', checks: 2, needed: 3 }]);
    expect(after.firedAt).toBe(3);
    expect(triggerStreaks(after.state, counted)).toEqual([]);
  });

  it('a state saved before counts were kept: a trigger already holding counts as one check', () => {
    const holding = applied(decide(initialRollout('r-1', t0), counted, {}, t0).state, t0);
    const legacy: RolloutState = { ...holding, holding: { errors: t0 + minute } };
    delete (legacy as { breaches?: unknown }).breaches;

    const second = decide(legacy, counted, { error_rate: 0.05 }, t0 + 2 * minute);
    const third = decide(second.state, counted, { error_rate: 0.05 }, t0 + 3 * minute);

    expect(second.state.fired).toBeNull();
    expect(third.state.fired).toMatchObject({ checks: 3, heldMs: 2 * minute });
  });

  it('a dismissed trigger counts again from zero', () => {
    const manual: Rollout = { ...counted, onTrigger: { run: ['./rollback.sh'] } };
    let state = applied(decide(initialRollout('r-1', t0), manual, {}, t0).state, t0);
    for (const at of [1, 2, 3]) state = decide(state, manual, { error_rate: 0.05 }, t0 + at * minute).state;
    const dismissed = stateOf(command(state, manual, 'resume', '张工', t0 + 4 * minute));
    const once = decide(dismissed, manual, { error_rate: 0.05 }, t0 + 5 * minute);

    expect(state).toMatchObject({ status: 'waiting', waitingFor: 'rollback', fired: { checks: 3 } });
    expect(dismissed.breaches).toEqual({});
    expect(once.state).toMatchObject({ status: 'running', fired: null, breaches: { errors: 1 } });
  });

  it('a duration trigger keeps its message, and its count is kept too', () => {
    const timed: Rollout = { ...counted, rollbackWhen: [{ id: 'errors', condition: 'error_rate > 1%', for: '2m' }] };
    let state = applied(decide(initialRollout('r-1', t0), timed, {}, t0).state, t0);
    let message;
    for (const at of [1, 2, 3]) {
      const decision = decide(state, timed, { error_rate: 0.05 }, t0 + at * minute);
      state = decision.state;
      message ??= decision.events.find((happened) => happened.type === 'trigger.fired')?.message;
    }
    expect(state.fired).toMatchObject({ checks: 3, heldMs: 2 * minute });
    expect(state.fired?.consecutive).toBeUndefined();
    expect(message?.en).toBe('rollback trigger errors fired: error_rate > 1% held for 2m (error_rate=0.05)');
  });
});
