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
  readonly lastValue: number | null;
  readonly lastReason: Bilingual | null;
  readonly evaluatedAt: number | null;
  readonly evaluations: number;
}

/** What an evaluation changed for the monitor's incident. */
export type Transition = 'alert' | 'resolve' | 'none';

export function initialMonitorState(now: number): MonitorState {
  return { version: 1, status: 'ok', since: now, alerting: false, breachSince: null, clearSince: null, lastValue: null, lastReason: null, evaluatedAt: null, evaluations: 0 };
}

/**
 * One evaluation of the hysteresis: an alert only after the threshold has been broken for `forMs`, "resolved" only
 * after it has been recovered for `clearForMs`, so a metric flapping around the threshold makes one alert and one
 * "resolved", not one per evaluation. Missing data keeps a breach streak (a service that stops answering must still
 * alert) but breaks a recovery streak (recovery must be seen), unless the plan says no data is a breach.
 */
export function evaluateHysteresis(state: MonitorState, sample: MonitorSample, rule: HysteresisRule, now: number): { state: MonitorState; transition: Transition; heldMs: number } {
  const noData = sample.verdict === 'inconclusive';
  const breach = sample.verdict === 'breach' || (noData && rule.onInconclusive === 'alert');
  const recovered = sample.verdict === 'healthy' && sample.recovered;
  let { alerting, breachSince, clearSince } = state;
  let transition: Transition = 'none';
  let heldMs = 0;
  if (!alerting) {
    clearSince = null;
    if (breach) breachSince = breachSince ?? now;
    else if (!noData) breachSince = null;
    if (breachSince !== null && breach && now - breachSince >= rule.forMs) {
      [alerting, transition, heldMs, breachSince] = [true, 'alert', now - breachSince, null];
    }
  } else {
    breachSince = null;
    clearSince = recovered ? (clearSince ?? now) : null;
    if (clearSince !== null && now - clearSince >= rule.clearForMs) {
      [alerting, transition, heldMs, clearSince] = [false, 'resolve', now - clearSince, null];
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
      lastValue: sample.value ?? null,
      lastReason: sample.reason,
      evaluatedAt: now,
      evaluations: state.evaluations + 1,
    },
    transition,
    heldMs,
  };
}
