import { bi } from '../core/text.js';
import type { InspectionPayload, InspectionResult } from '../orchestrate/inspect.js';
import type { LoadedPlan } from '../plan/load.js';
import type { Store } from '../store/store.js';
import type { DeliverOptions } from './deliver.js';
import { notifyIncident } from './incidents.js';
import { runLink } from './render.js';
import { planTargets, type TargetSource } from './stored-target.js';

/**
 * The inspection handler's `onResult` port: an inspection with failures is one incident per run and inspection (one
 * alert listing the failed items, a digest rather than a message per item), and one "resolved" when a later round
 * passes. State is in the store, so hourly rounds on any worker do not repeat the alert.
 */
export function inspectionNotifier(store: Pick<Store, 'transitionIncident' | 'settleIncident'>, env: NodeJS.ProcessEnv, options: DeliverOptions = {}, targetsOf: TargetSource = planTargets) {
  return async (payload: InspectionPayload, result: InspectionResult, loaded: LoadedPlan): Promise<void> => {
    const targets = await targetsOf(loaded.plan);
    if (targets.length === 0) return;
    const firing = result.failures.length > 0;
    const title = firing
      ? bi(`inspection ${payload.inspection}: ${result.failures.length} item(s) failing`, `巡检 ${payload.inspection}：${result.failures.length} 项未通过`)
      : bi(`inspection ${payload.inspection}: every item passes again`, `巡检 ${payload.inspection}：所有检查项已恢复通过`);
    const lines = [
      ...result.failures.map((failure) => bi(`${failure.itemId}: ${failure.status}${failure.reason ? ` — ${failure.reason.en}` : ''}`, `${failure.itemId}：${failure.status}${failure.reason ? ` —— ${failure.reason.zh}` : ''}`)),
      bi(`run ${payload.runId}`, `运行 ${payload.runId}`),
    ];
    await notifyIncident(store, targets, { key: `inspection:${payload.runId}:${payload.inspection}`, firing, title, lines, link: runLink(env, payload.runId) }, { planDir: loaded.planDir, ...options });
  };
}
