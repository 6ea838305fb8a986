/**
 * A run's monitors as the dashboard shows them (`GET /api/v1/runs/:id/monitors` and the monitors event stream): each
 * monitor of the plan with its hysteresis state, last value, recent values, notification targets (ids only) and the
 * alerts its incident sent. Monitor states are kept per run (`monitor_states`), so the view is per run too.
 */
import type { Bilingual } from '../core/text.js';
import type { ComparisonOperator } from '../expect/ast.js';
import { parseCondition } from '../expect/index.js';
import type { Clock } from '../orchestrate/clock.js';
import { formatMonitorValue } from '../orchestrate/monitor/format.js';
import type { MonitorState, MonitorStatus } from '../orchestrate/monitor/hysteresis.js';
import { defaultMonitorSchedule, monitorQueue, type MonitorPayload } from '../orchestrate/monitor/job.js';
import type { PlanMonitor } from '../orchestrate/monitor/read.js';
import { defaultTimeZone } from '../orchestrate/schedule.js';
import { monitorIncidentKey, monitorTargets } from '../notify/monitor-notifier.js';
import { joinTargets } from '../notify/stored-target.js';
import { monitorHistoryLimit, type IncidentRecord, type JobRecord, type RunRecord, type Store } from '../store/store.js';
import { monitorIdsOf } from './monitor.js';

/**
 * What a person sees of a monitor: never evaluated; ok; breaching (over the threshold, not yet for its `for`); firing
 * (its alert was decided and no recovery seen yet); resolved (ok again since its last alert resolved); inconclusive
 * (the last evaluation had no data).
 */
export const monitorDisplayStates = ['never', 'ok', 'breaching', 'firing', 'resolved', 'inconclusive'] as const;
export type MonitorDisplayState = (typeof monitorDisplayStates)[number];

/** One saved evaluation: when (clock ms), the value in the row's `unit`, and the status it left. */
export interface MonitorPoint {
  readonly at: number;
  readonly value: number | null;
  readonly status: MonitorStatus;
}

/** The alerts of the monitor's incident, over every time it fired. */
export interface MonitorAlerts {
  /** How many times its alert went out (the most any one target received). */
  readonly count: number;
  /** When the last alert was delivered (clock ms), and to which targets. */
  readonly lastAt: number | null;
  readonly lastTo: readonly string[];
  /** The incident is open (firing) on some target. */
  readonly open: boolean;
  /** Targets of the open incident whose alert has not been delivered yet (tried again at the next evaluation). */
  readonly undelivered: readonly string[];
}

/** One monitor of a run. Times are milliseconds on the orchestration's clock (accelerated in demos and tests). */
export interface MonitorRow {
  readonly id: string;
  /** What is measured, as the plan writes it (e.g. 错误率 / error rate). */
  readonly metric: string;
  readonly threshold: string | null;
  readonly clearWhen: string | null;
  readonly for: string | null;
  readonly clearFor: string | null;
  readonly schedule: string;
  readonly onInconclusive: 'keep' | 'alert';
  readonly hasCheck: boolean;
  /** False for a monitor with a stored state that the run's plan no longer names. */
  readonly inPlan: boolean;
  /** The unit values are shown in: '%' (a ratio × 100), 'ms', or null (as the value is). */
  readonly unit: '%' | 'ms' | null;
  /** The threshold's bound in `unit` when it is one comparison of `value` with a number (the chart draws it). */
  readonly bound: { readonly op: ComparisonOperator; readonly value: number } | null;
  readonly state: MonitorDisplayState;
  /** The incident is open (an alert was decided, "resolved" was not), also while the data is missing. */
  readonly alerting: boolean;
  /** The last value read, in `unit`, and as the CLI and the alerts write it ("6.3%"). */
  readonly value: number | null;
  readonly valueText: string | null;
  /** Why the last evaluation was a breach or inconclusive. */
  readonly reason: Bilingual | null;
  /** Since when `state` holds, and the last evaluation. */
  readonly changedAt: number | null;
  readonly evaluatedAt: number | null;
  readonly evaluations: number;
  /** The plan's notification targets its alerts go to: ids and kinds only, never a URL or secret. */
  readonly notify: ReadonlyArray<{ readonly id: string; readonly type: string }>;
  readonly alerts: MonitorAlerts;
  /** The newest saved evaluations, oldest first (at most `historyLimit`). */
  readonly history: readonly MonitorPoint[];
  /** The next scheduled evaluation, and whether it is overdue (due a while ago, no worker took it). */
  readonly nextDueAt: number | null;
  readonly overdue: boolean;
}

export interface MonitorsView {
  /** The plan's time zone (schedules are read in it). */
  readonly timeZone: string;
  readonly now: number;
  readonly historyLimit: number;
  /** Evaluations are scheduled (`golive monitor start`) until this time; null when none is scheduled. */
  readonly until: number | null;
  readonly monitors: readonly MonitorRow[];
}

/** A due evaluation still queued this long after its time (clock time) means no worker is taking monitor jobs. */
export const overdueAfterMs = 5 * 60_000;

/** The unit a monitor's values are shown in: whatever `formatMonitorValue` writes for its threshold, so both agree. */
function unitOf(threshold: string | undefined): { unit: MonitorRow['unit']; scale: number } {
  const probe = formatMonitorValue(1, threshold);
  if (probe.endsWith('%')) return { unit: '%', scale: 100 };
  return { unit: probe.endsWith('ms') ? 'ms' : null, scale: 1 };
}

const flipped: Readonly<Record<ComparisonOperator, ComparisonOperator>> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `value <= 5%` → { op: '<=', value: 0.05 } (base units); undefined for anything but one comparison of value with a number. */
function boundOf(threshold: string | undefined): { op: ComparisonOperator; value: number } | undefined {
  if (!threshold) return undefined;
  const parsed = parseCondition(threshold);
  if (!parsed.ok || parsed.condition.ast.kind !== 'compare') return undefined;
  const { op, left, right } = parsed.condition.ast;
  const isValue = (operand: typeof left) => operand.kind === 'path' && operand.root === 'value' && operand.segments.length === 0;
  const numberOf = (operand: typeof left) => (operand.kind === 'literal' && typeof operand.value === 'number' ? operand.value : undefined);
  const [leftNumber, rightNumber] = [numberOf(left), numberOf(right)];
  if (isValue(left) && rightNumber !== undefined) return { op, value: rightNumber };
  if (isValue(right) && leftNumber !== undefined) return { op: flipped[op], value: leftNumber };
  return undefined;
}

function displayState(state: MonitorState | undefined, resolvedAt: number | null): { state: MonitorDisplayState; changedAt: number | null } {
  if (!state) return { state: 'never', changedAt: null };
  if (state.alerting) return { state: 'firing', changedAt: state.since };
  if (state.status === 'inconclusive') return { state: 'inconclusive', changedAt: state.since };
  if (state.breachSince !== null) return { state: 'breaching', changedAt: state.breachSince };
  // Ok since its incident resolved: the ok streak began with the resolve.
  if (resolvedAt !== null && resolvedAt >= state.since) return { state: 'resolved', changedAt: state.since };
  return { state: 'ok', changedAt: state.since };
}

/** When the monitor last resolved: its incident's resolve, or a save that ended an alert in the history ring. */
function lastResolvedAt(incidents: readonly IncidentRecord[], history: readonly MonitorState[]): number | null {
  const times = incidents.filter((incident) => incident.resolvedAt !== null).map((incident) => Date.parse(incident.resolvedAt ?? ''));
  history.forEach((state, index) => {
    if (index > 0 && history[index - 1]?.alerting && !state.alerting && state.evaluatedAt !== null) times.push(state.evaluatedAt);
  });
  return times.length > 0 ? Math.max(...times) : null;
}

function alertsOf(incidents: readonly IncidentRecord[]): MonitorAlerts {
  const sent = incidents.filter((incident) => incident.alertedAt !== null);
  const lastAt = sent.length > 0 ? Math.max(...sent.map((incident) => Date.parse(incident.alertedAt ?? ''))) : null;
  return {
    count: Math.max(0, ...incidents.map((incident) => incident.alertsSent)),
    lastAt,
    lastTo: sent.filter((incident) => Date.parse(incident.alertedAt ?? '') === lastAt).map((incident) => incident.target),
    open: incidents.some((incident) => incident.state === 'firing'),
    undelivered: incidents.filter((incident) => incident.state === 'firing' && incident.alertedAt === null).map((incident) => incident.target),
  };
}

/** The queued and running evaluations of the run's monitors: the next one of each chain (and the one under way). */
function openMonitorJobs(store: Store, runId: string): Promise<JobRecord[]> {
  return store.jobs({ queue: monitorQueue, runId, statuses: ['queued', 'running'] });
}

export async function monitorsView(store: Store, run: RunRecord, clock: Clock): Promise<MonitorsView> {
  const [states, history, open] = await Promise.all([store.monitorStates(run.id), store.monitorHistory(run.id), openMonitorJobs(store, run.id)]);
  const ids = monitorIdsOf(run, states);
  const incidents = await store.incidents({ keys: ids.map((id) => monitorIncidentKey(run.id, id)) });
  // Names and kinds only: the team's stored targets join the plan's as senders join them (service/notify.ts), unopened.
  const named = (list: readonly { readonly id: string; readonly type: string }[]) => list.map(({ id, type }) => ({ id, type }));
  const targets = joinTargets(named(run.plan.notifications ?? []), named(await store.projectNotificationTargets(run.plan.name)));
  const now = clock.now();
  const payloads = open.map((job) => job.payload as unknown as MonitorPayload);
  const monitors = ids.map((id): MonitorRow => {
    const spec: PlanMonitor | undefined = run.plan.monitors?.find((candidate) => candidate.id === id);
    const state = states.find((stored) => stored.monitorId === id)?.state as unknown as MonitorState | undefined;
    const saved = history.filter((stored) => stored.monitorId === id).map((stored) => stored.state as unknown as MonitorState);
    const own = incidents.filter((incident) => incident.key === monitorIncidentKey(run.id, id));
    const { unit, scale } = unitOf(spec?.threshold);
    const bound = boundOf(spec?.threshold);
    const shown = (value: number | null) => (value === null ? null : Number((value * scale).toPrecision(6)));
    const next = open.filter((job) => job.status === 'queued' && (job.payload as unknown as MonitorPayload).monitor === id).map((job) => Date.parse(job.dueAt));
    const nextDueAt = next.length > 0 ? Math.min(...next) : null;
    return {
      id,
      metric: spec?.metric ?? id,
      threshold: spec?.threshold ?? null,
      clearWhen: spec?.clearWhen ?? null,
      for: spec?.for === undefined ? null : String(spec.for),
      clearFor: spec?.clearFor === undefined ? null : String(spec.clearFor),
      schedule: spec?.schedule ?? defaultMonitorSchedule,
      onInconclusive: spec?.onInconclusive ?? 'keep',
      hasCheck: spec?.check !== undefined,
      inPlan: spec !== undefined,
      unit,
      bound: bound ? { op: bound.op, value: shown(bound.value) ?? 0 } : null,
      ...displayState(state, lastResolvedAt(own, saved)),
      alerting: state?.alerting ?? false,
      value: shown(state?.lastValue ?? null),
      valueText: state && state.evaluations > 0 ? formatMonitorValue(state.lastValue, spec?.threshold) : null,
      reason: state?.lastReason ?? null,
      evaluatedAt: state?.evaluatedAt ?? null,
      evaluations: state?.evaluations ?? 0,
      notify: spec ? monitorTargets(spec, targets) : [],
      alerts: alertsOf(own),
      history: saved.filter((point) => point.evaluatedAt !== null).map((point) => ({ at: point.evaluatedAt ?? 0, value: shown(point.lastValue), status: point.status })),
      nextDueAt,
      overdue: nextDueAt !== null && now - nextDueAt > overdueAfterMs,
    };
  });
  return {
    timeZone: run.plan.timezone ?? defaultTimeZone,
    now,
    historyLimit: monitorHistoryLimit,
    until: payloads.length > 0 ? Math.max(...payloads.map((payload) => payload.until)) : null,
    monitors,
  };
}

/**
 * What changes whenever the view does (a saved evaluation, an alert delivered, an evaluation scheduled), read in three
 * small queries: a live stream compares it every second and builds the view only when it moved.
 */
export async function monitorsFingerprint(store: Store, run: RunRecord): Promise<string> {
  const [states, open] = await Promise.all([store.monitorStates(run.id), openMonitorJobs(store, run.id)]);
  const incidents = await store.incidents({ keys: monitorIdsOf(run, states).map((id) => monitorIncidentKey(run.id, id)) });
  return JSON.stringify([
    states.map((stored) => [stored.monitorId, stored.version]),
    incidents.map((incident) => [incident.key, incident.target, incident.state, incident.alertedAt, incident.resolvedAt, incident.alertsSent]),
    open.map((job) => [job.id, job.status]),
  ]);
}
