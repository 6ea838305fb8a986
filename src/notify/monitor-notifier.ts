import { formatDuration, persistenceOf } from '../core/fields.js';
import { consecutiveText } from '../orchestrate/held.js';
import { bi, type Bilingual } from '../core/text.js';
import type { MonitorEvaluation } from '../orchestrate/monitor/job.js';
import { formatMonitorValue } from '../orchestrate/monitor/format.js';
import type { PlanMonitor } from '../orchestrate/monitor/read.js';
import type { Store } from '../store/store.js';
import type { DeliverOptions } from './deliver.js';
import { notifyIncident } from './incidents.js';
import { runLink } from './render.js';
import { planTargets, type TargetSource } from './stored-target.js';

/** The incident a monitor opens in a run. */
export function monitorIncidentKey(runId: string, monitorId: string): string {
  return `monitor:${runId}:${monitorId}`;
}

/**
 * Where a monitor's messages go: the targets (the plan's, and the team's where the service adds them) its `notify`
 * names; all of them when it names none of them (`notify` may also name people, who have no webhook of their own).
 */
export function monitorTargets<Target extends { readonly id: string }>(monitor: PlanMonitor, all: readonly Target[]): readonly Target[] {
  const named = all.filter((target) => monitor.notify?.includes(target.id));
  return named.length > 0 ? named : all;
}

/** `clearFor` counts evaluations: written so, or by default when `for` does (docs/rollout.md). */
function clearsByCount(monitor: PlanMonitor): boolean {
  const written = monitor.clearFor ?? monitor.for;
  return written !== undefined && 'checks' in persistenceOf(written);
}

/**
 * How long the breach (or the recovery) lasted, as the plan counts it, to end the title with: `, held for 3 consecutive
 * checks` (，连续 3 次成立) for a `for: 3x`, ` for 10m` (，持续 10m) for a duration; empty when there is nothing to say.
 * An alert sent again at a later evaluation (its first send failed) says what decided it.
 */
function heldPhrase(monitor: PlanMonitor, evaluation: MonitorEvaluation): Bilingual {
  const { state, transition } = evaluation;
  const consecutive = (checks: number) => {
    const text = consecutiveText(checks);
    return bi(`, ${text.en}`, `，${text.zh}`);
  };
  if (state.alerting) {
    const decided = state.alertedAfter ?? (transition === 'alert' ? { heldMs: evaluation.heldMs, checks: evaluation.checks, consecutive: false } : undefined);
    if (decided?.consecutive) return consecutive(decided.checks);
    if (decided && decided.heldMs > 0) return bi(` for ${formatDuration(decided.heldMs)}`, `，持续 ${formatDuration(decided.heldMs)}`);
  } else if (transition === 'resolve' && clearsByCount(monitor)) {
    return consecutive(evaluation.checks);
  }
  return bi('', '');
}

/**
 * The monitor job's `onEvaluated` port: the hysteresis' `alerting` is the incident's `firing`, so the store sends one
 * alert when it opens and one "resolved" when it clears, per target, whichever worker evaluates; a failed send is tried
 * again at the next evaluation. Failures are thrown for the job to record.
 */
export function monitorNotifier(store: Pick<Store, 'transitionIncident' | 'settleIncident'>, env: NodeJS.ProcessEnv, options: DeliverOptions = {}, targetsOf: TargetSource = planTargets) {
  return async (evaluation: MonitorEvaluation): Promise<void> => {
    const { monitor, state, payload, loaded } = evaluation;
    const targets = monitorTargets(monitor, await targetsOf(loaded.plan));
    if (targets.length === 0) return;
    const value = formatMonitorValue(state.lastValue, monitor.threshold);
    const rule = monitor.threshold ? bi(monitor.threshold, monitor.threshold) : bi('its check', '其检查');
    const held = heldPhrase(monitor, evaluation);
    const title: Bilingual = state.alerting
      ? bi(`monitor ${monitor.id} (${monitor.metric}) breaks ${rule.en}: ${value}${held.en}`, `监控 ${monitor.id}（${monitor.metric}）超出 ${rule.zh}：${value}${held.zh}`)
      : bi(`monitor ${monitor.id} (${monitor.metric}) is back within ${rule.en}: ${value}${held.en}`, `监控 ${monitor.id}（${monitor.metric}）已恢复到 ${rule.zh} 以内：${value}${held.zh}`);
    const lines = [
      ...(state.lastReason ? [state.lastReason] : []),
      bi(`run ${payload.runId}`, `运行 ${payload.runId}`),
    ];
    const outcomes = await notifyIncident(
      store,
      targets,
      { key: monitorIncidentKey(payload.runId, monitor.id), firing: state.alerting, title, lines, link: runLink(env, payload.runId), now: new Date(state.evaluatedAt ?? Date.now()) },
      { planDir: loaded.planDir, ...options },
    );
    const failed = outcomes.filter((outcome) => outcome.delivery && !outcome.delivery.delivered);
    if (failed.length > 0) throw new Error(failed.map((outcome) => outcome.delivery?.error?.en).join('; '));
  };
}
