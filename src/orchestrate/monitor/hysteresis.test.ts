import { describe, expect, it } from 'vitest';
import { evaluateHysteresis, initialMonitorState, type HysteresisRule, type MonitorSample, type MonitorState, type Transition } from './hysteresis.js';
import { hysteresisRule, type PlanMonitor } from './read.js';

const minute = 60_000;
const rule: HysteresisRule = { forMs: 5 * minute, clearForMs: 5 * minute, onInconclusive: 'keep' };

/** A reading of an error-rate monitor with threshold `value <= 5%` and clearWhen `value <= 4%`. */
function reading(value: number | undefined): MonitorSample {
  if (value === undefined) return { verdict: 'inconclusive', recovered: false, reason: { en: 'no data', zh: '没有数据' } };
  return { verdict: value > 0.05 ? 'breach' : 'healthy', recovered: value <= 0.04, value, reason: null };
}

/** Feeds one reading a minute and returns every transition with its minute, and the last state. */
function run(values: ReadonlyArray<number | undefined>, with_: HysteresisRule = rule, from: MonitorState = initialMonitorState(0), start = 0) {
  let state = from;
  const transitions: Array<[number, Transition]> = [];
  values.forEach((value, index) => {
    const step = evaluateHysteresis(state, reading(value), with_, (start + index) * minute);
    state = step.state;
    if (step.transition !== 'none') transitions.push([start + index, step.transition]);
  });
  return { transitions, state };
}

describe('monitor hysteresis', () => {
  it('alerts only after the threshold held for `for`, and not before', () => {
    const { transitions } = run([0.01, 0.08, 0.08, 0.08, 0.08, 0.08, 0.08]);
    // Broken from minute 1: minutes 1…5 are 4 minutes, minute 6 completes the 5.
    expect(transitions).toEqual([[6, 'alert']]);
  });

  it('a flapping series gives one alert and one "resolved", not one per evaluation', () => {
    const flapping = [0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.03, 0.07, 0.02, 0.06, 0.045, 0.08, 0.03, 0.06];
    const calm = Array.from({ length: 8 }, () => 0.01);
    const { transitions, state } = run([...flapping, ...calm]);
    expect(transitions).toEqual([
      [5, 'alert'],
      [flapping.length + 5, 'resolve'],
    ]);
    expect(state).toMatchObject({ status: 'ok', alerting: false });
  });

  it('a breach shorter than `for` never alerts, however often it comes back', () => {
    const { transitions } = run([0.09, 0.09, 0.01, 0.09, 0.09, 0.09, 0.01, 0.09, 0.01]);
    expect(transitions).toEqual([]);
  });

  it('clears only inside the margin: 4.5% is under the 5% threshold but not recovered', () => {
    const { transitions, state } = run([0.09, 0.045, 0.045, 0.045, 0.045, 0.045, 0.045, 0.045], { ...rule, forMs: 0 });
    expect(transitions).toEqual([[0, 'alert']]);
    expect(state).toMatchObject({ status: 'alerting', alerting: true, clearSince: null });
  });

  it('no data is inconclusive: shown, never a silent pass, and it neither alerts nor clears by itself', () => {
    const quiet = run([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(quiet.transitions).toEqual([]);
    expect(quiet.state).toMatchObject({ status: 'inconclusive', alerting: false, lastValue: null, lastReason: { en: 'no data' } });
    expect(quiet.state.since).toBe(0);

    // An open alert stays open through missing data, and a recovery must be seen whole after it.
    const alerting = run([0.09], { ...rule, forMs: 0 });
    const gap = run([0.01, 0.01, undefined, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01], rule, alerting.state, 1);
    expect(gap.transitions).toEqual([[9, 'resolve']]);

    // A breach streak survives missing data: a service that stops answering must still alert.
    const streak = run([0.09, undefined, undefined, undefined, undefined, 0.09]);
    expect(streak.transitions).toEqual([[5, 'alert']]);
  });

  it('onInconclusive: alert counts no data as a breach', () => {
    const { transitions, state } = run([0.01, undefined, undefined, undefined, undefined, undefined, undefined], { ...rule, onInconclusive: 'alert' });
    expect(transitions).toEqual([[6, 'alert']]);
    expect(state).toMatchObject({ status: 'inconclusive', alerting: true });
  });

  it('goes on from a stored state: an evaluation after a restart continues the streak', () => {
    const before = run([0.01, 0.09, 0.09, 0.09]);
    // What the store keeps is JSON: the state survives the round trip.
    const stored = JSON.parse(JSON.stringify(before.state)) as MonitorState;
    const after = run([0.09, 0.09, 0.09], rule, stored, 4);
    expect(before.transitions).toEqual([]);
    expect(after.transitions).toEqual([[6, 'alert']]);
  });

  it('keeps since when the status holds, and how long it held', () => {
    const first = evaluateHysteresis(initialMonitorState(0), reading(0.09), { ...rule, forMs: 0 }, 0);
    const second = evaluateHysteresis(first.state, reading(0.09), rule, minute);
    expect(first).toMatchObject({ transition: 'alert', heldMs: 0, state: { status: 'alerting', since: 0 } });
    expect(second.state.since).toBe(0);
    const cleared = run([0.01, 0.01, 0.01, 0.01, 0.01, 0.01], rule, second.state, 2);
    expect(cleared.transitions).toEqual([[7, 'resolve']]);
    expect(cleared.state).toMatchObject({ status: 'ok', since: 7 * minute });
  });
});

describe('monitor hysteresis counted in consecutive evaluations (for: 3x, clearFor: 2x)', () => {
  const counted: HysteresisRule = { forMs: 0, clearForMs: 0, forChecks: 3, clearForChecks: 2, onInconclusive: 'keep' };

  it('alerts on the third consecutive breach, not before, with how many and the value', () => {
    const { transitions, state } = run([0.01, 0.08, 0.09, 0.07], counted);
    const steps = [0.01, 0.08, 0.09].reduce<MonitorState[]>((all, value, index) => [...all, evaluateHysteresis(all.at(-1) ?? initialMonitorState(0), reading(value), counted, index * minute).state], []);
    const alert = evaluateHysteresis(steps.at(-1) as MonitorState, reading(0.07), counted, 3 * minute);

    expect(steps.map((step) => step.breaches)).toEqual([0, 1, 2]);
    expect(transitions).toEqual([[3, 'alert']]);
    expect(alert).toMatchObject({ transition: 'alert', checks: 3, heldMs: 2 * minute });
    expect(state).toMatchObject({ status: 'alerting', alertedAfter: { checks: 3, consecutive: true, heldMs: 2 * minute, value: 0.07 } });
  });

  it('no data neither counts nor resets the breach count; a healthy evaluation starts it over', () => {
    expect(run([0.08, undefined, undefined, 0.08, undefined, 0.08], counted).transitions).toEqual([[5, 'alert']]);
    expect(run([0.08, 0.08, 0.01, 0.08, 0.08, 0.08], counted).transitions).toEqual([[5, 'alert']]);
    expect(run([0.08, 0.08, ...Array.from({ length: 20 }, () => undefined)], counted).transitions).toEqual([]);
    // Unless the plan says no data is a breach: then it counts.
    expect(run([0.08, undefined, undefined], { ...counted, onInconclusive: 'alert' }).transitions).toEqual([[2, 'alert']]);
  });

  it('resolves on the second consecutive recovered evaluation; no data or a reading outside the margin starts it over', () => {
    const alerting = run([0.09, 0.09, 0.09], counted);
    const gap = run([0.01, undefined, 0.01, 0.045, 0.01, 0.01], counted, alerting.state, 3);

    expect(alerting.transitions).toEqual([[2, 'alert']]);
    // 0.01 (1), no data (0: recovery must be seen), 0.01 (1), 4.5% is inside the threshold but not the margin (0), 0.01, 0.01.
    expect(gap.transitions).toEqual([[8, 'resolve']]);
    expect(gap.state).toMatchObject({ status: 'ok', alerting: false, recoveries: 0, alertedAfter: null });
  });

  it('goes on from a stored state after a restart: two breaches before, one after', () => {
    const before = run([0.08, 0.08], counted);
    const stored = JSON.parse(JSON.stringify(before.state)) as MonitorState;
    const after = run([0.08], counted, stored, 2);
    const recovering = run([0.01], counted, JSON.parse(JSON.stringify(after.state)) as MonitorState, 3);
    const resolved = run([0.01], counted, JSON.parse(JSON.stringify(recovering.state)) as MonitorState, 4);

    expect(before.transitions).toEqual([]);
    expect(stored.breaches).toBe(2);
    expect(after.transitions).toEqual([[2, 'alert']]);
    expect(recovering.state.recoveries).toBe(1);
    expect(resolved.transitions).toEqual([[4, 'resolve']]);
  });

  it('a state saved before counts were kept: a breach under way counts as one', () => {
    const { breaches, recoveries, alertedAfter, ...legacy } = { ...initialMonitorState(0), breachSince: 0, evaluations: 1 };
    expect([breaches, recoveries, alertedAfter]).toEqual([0, 0, null]);
    expect(run([0.08, 0.08], counted, legacy, 1).transitions).toEqual([[2, 'alert']]);
  });

  it('the plan\'s 3x: without clearFor, recovery is counted too, at least three evaluations', () => {
    const monitor = (fields: Partial<PlanMonitor>): PlanMonitor => ({ id: 'm', metric: 'm', ...fields });
    expect(hysteresisRule(monitor({ for: '3x' }), minute)).toMatchObject({ forChecks: 3, clearForChecks: 3 });
    expect(hysteresisRule(monitor({ for: '5x' }), minute)).toMatchObject({ forChecks: 5, clearForChecks: 5 });
    expect(hysteresisRule(monitor({ for: '1x', clearFor: '10m' }), minute)).toEqual({ forMs: 0, clearForMs: 10 * minute, forChecks: 1, onInconclusive: 'keep' });
    expect(hysteresisRule(monitor({ for: '2m', clearFor: '2x' }), minute)).toEqual({ forMs: 2 * minute, clearForMs: 0, clearForChecks: 2, onInconclusive: 'keep' });
    expect(hysteresisRule(monitor({ for: '2m' }), minute)).toEqual({ forMs: 2 * minute, clearForMs: 3 * minute, onInconclusive: 'keep' });
  });
});
