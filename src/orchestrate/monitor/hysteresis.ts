import type { Bilingual } from '../../core/text.js';

/** What one evaluation read: inside the threshold, breaking it, or no data to say (never a silent pass). */
export interface MonitorSample {
  readonly verdict: 'healthy' | 'breach' | 'inconclusive';
  /** Inside the stricter `clearWhen` margin too (only meaningful when healthy; equals healthy without a margin). */
  readonly recovered: boolean;
  /** The value read, when there was one. */
  readonly value?: number;
  /** Why it is a breach or inconclusive, for status and the alert. */
  readonly reason: Bilingual | null;
}

/** The hysteresis a monitor applies, from the plan. */
export interface HysteresisRule {
  /** The threshold must be broken this long before the alert (0: at once). */
  readonly forMs: number;
  /** It must be back within the threshold (and margin) this long before "resolved". */
  readonly clearForMs: number;
  /** `for: 3x`: the alert on this many consecutive breaches instead of after `forMs`. */
  readonly forChecks?: number;
  /** `clearFor: 3x`: "resolved" on this many consecutive recovered evaluations instead of after `clearForMs`. */
  readonly clearForChecks?: number;
  /** keep: no data neither alerts nor clears; alert: no data counts as a breach. */
  readonly onInconclusive: 'keep' | 'alert';
}

export const monitorStatuses = ['ok', 'alerting', 'inconclusive'] as const;
/** What a person sees: ok, alerting (its incident is open), or inconclusive (the last evaluation had no data). */
export type MonitorStatus = (typeof monitorStatuses)[number];

/** One monitor's state in one run, persisted after every evaluation (`version` 1 of this shape). */
export interface MonitorState {
  readonly version: 1;
  readonly status: MonitorStatus;
  /** Since when `status` is what it is (clock ms). */
  readonly since: number;
  /** The incident is open: its alert was decided and "resolved" was not. */
  readonly alerting: boolean;
  /** While not alerting: since when the threshold has been broken without a healthy evaluation in between. */
  readonly breachSince: number | null;
  /** While alerting: since when it has been recovered without a breach or missing data in between. */
  readonly clearSince: number | null;
  /** While not alerting: breaches in the current streak (what `for: 3x` counts). Absent in states saved before it was kept. */
  readonly breaches?: number;
  /** While alerting: recovered evaluations in a row (what `clearFor: 3x` counts). Absent in older states. */
  readonly recoveries?: number;
  /** While alerting: what decided the alert — how long and on how many consecutive evaluations, and the value then. */
  readonly alertedAfter?: AlertDecision | null;
  readonly lastValue: number | null;
  readonly lastReason: Bilingual | null;
  readonly evaluatedAt: number | null;
  readonly evaluations: number;
}

/** Why an alert went out: the streak that completed `for`, and the value read at the end of it. */
export interface AlertDecision {
  readonly heldMs: number;
  readonly checks: number;
  /** The rule counted evaluations (`for: 3x`) rather than time. */
  readonly consecutive: boolean;
  readonly value: number | null;
}

/** What an evaluation changed for the monitor's incident. */
export type Transition = 'alert' | 'resolve' | 'none';

export function initialMonitorState(now: number): MonitorState {
  return { version: 1, status: 'ok', since: now, alerting: false, breachSince: null, clearSince: null, breaches: 0, recoveries: 0, alertedAfter: null, lastValue: null, lastReason: null, evaluatedAt: null, evaluations: 0 };
}

/**
 * One evaluation of the hysteresis: an alert only after the threshold has been broken for `forMs` (or on `forChecks`
 * consecutive breaches), "resolved" only after it has been recovered for `clearForMs` (or on `clearForChecks`
 * consecutive recovered evaluations), so a metric flapping around the threshold makes one alert and one "resolved", not
 * one per evaluation. Missing data keeps a breach streak without counting in it (a service that stops answering must
 * still alert) but breaks a recovery streak (recovery must be seen), unless the plan says no data is a breach.
 * `checks` is the streak's length at a transition.
 */
export function evaluateHysteresis(state: MonitorState, sample: MonitorSample, rule: HysteresisRule, now: number): { state: MonitorState; transition: Transition; heldMs: number; checks: number } {
  const noData = sample.verdict === 'inconclusive';
  const breach = sample.verdict === 'breach' || (noData && rule.onInconclusive === 'alert');
  const recovered = sample.verdict === 'healthy' && sample.recovered;
  let { alerting, breachSince, clearSince } = state;
  // A state saved before streaks were counted: a streak under way has one evaluation at least.
  let breaches = state.breaches ?? (breachSince === null ? 0 : 1);
  let recoveries = state.recoveries ?? (clearSince === null ? 0 : 1);
  let alertedAfter = state.alertedAfter ?? null;
  let transition: Transition = 'none';
  let heldMs = 0;
  let checks = 0;
  if (!alerting) {
    [clearSince, recoveries] = [null, 0];
    if (breach) [breachSince, breaches] = [breachSince ?? now, breaches + 1];
    else if (!noData) [breachSince, breaches] = [null, 0];
    const held = rule.forChecks === undefined ? breachSince !== null && now - breachSince >= rule.forMs : breaches >= rule.forChecks;
    if (breachSince !== null && breach && held) {
      [alerting, transition, heldMs, checks] = [true, 'alert', now - breachSince, breaches];
      alertedAfter = { heldMs, checks, consecutive: rule.forChecks !== undefined, value: sample.value ?? null };
      [breachSince, breaches] = [null, 0];
    }
  } else {
    [breachSince, breaches] = [null, 0];
    [clearSince, recoveries] = recovered ? [clearSince ?? now, recoveries + 1] : [null, 0];
    const held = rule.clearForChecks === undefined ? clearSince !== null && now - clearSince >= rule.clearForMs : recoveries >= rule.clearForChecks;
    if (clearSince !== null && held) {
      [alerting, transition, heldMs, checks] = [false, 'resolve', now - clearSince, recoveries];
      [clearSince, recoveries, alertedAfter] = [null, 0, null];
    }
  }
  const status: MonitorStatus = noData ? 'inconclusive' : alerting ? 'alerting' : 'ok';
  return {
    state: {
      version: 1,
      status,
      since: status === state.status && state.evaluations > 0 ? state.since : now,
      alerting,
      breachSince,
      clearSince,
      breaches,
      recoveries,
      alertedAfter,
      lastValue: sample.value ?? null,
      lastReason: sample.reason,
      evaluatedAt: now,
      evaluations: state.evaluations + 1,
    },
    transition,
    heldMs,
    checks,
  };
}
