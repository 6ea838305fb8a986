import { formatDuration } from '../core/fields.js';
import { bi, type Bilingual } from '../core/text.js';
import type { MonitorEvaluation } from '../orchestrate/monitor/job.js';
import { formatMonitorValue } from '../orchestrate/monitor/format.js';
import type { PlanMonitor } from '../orchestrate/monitor/read.js';
import type { NotificationTarget } from '../plan/schema.js';
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
export function monitorTargets(monitor: PlanMonitor, all: readonly NotificationTarget[]): readonly NotificationTarget[] {
  const named = all.filter((target) => monitor.notify?.includes(target.id));
  return named.length > 0 ? named : all;
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
    const held = evaluation.transition === 'alert' && evaluation.heldMs > 0 ? formatDuration(evaluation.heldMs) : undefined;
    const title: Bilingual = state.alerting
      ? bi(`monitor ${monitor.id} (${monitor.metric}) breaks ${rule.en}: ${value}${held ? ` for ${held}` : ''}`, `监控 ${monitor.id}（${monitor.metric}）超出 ${rule.zh}：${value}${held ? `，持续 ${held}` : ''}`)
      : bi(`monitor ${monitor.id} (${monitor.metric}) is back within ${rule.en}: ${value}`, `监控 ${monitor.id}（${monitor.metric}）已恢复到 ${rule.zh} 以内：${value}`);
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
