import { describe, expect, it } from 'vitest';
import { evaluateHysteresis, initialMonitorState, type HysteresisRule, type MonitorSample, type MonitorState, type Transition } from './hysteresis.js';

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
