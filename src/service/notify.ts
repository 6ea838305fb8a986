import { bi } from '../core/text.js';
import type { Delivery } from '../notify/deliver.js';
import { runLink } from '../notify/render.js';
import { findTarget } from '../notify/target.js';
import { sendTestNotice } from '../notify/test-notice.js';
import type { LoadedPlan } from '../plan/load.js';
import type { IncidentRecord, Store } from '../store/store.js';

/** Sends a test message to one of the plan's notification targets and returns the platform's answer (or why not). */
export function sendTestNotification(input: { readonly loaded: LoadedPlan; readonly targetId: string; readonly actor: string; readonly env: NodeJS.ProcessEnv }): Promise<Delivery> {
  const { loaded } = input;
  const target = findTarget(loaded.plan, input.targetId);
  return sendTestNotice(
    target,
    {
      name: loaded.plan.name,
      about: bi(`plan: ${loaded.plan.name}${loaded.environment ? `, environment ${loaded.environment}` : ''}`, `计划：${loaded.plan.name}${loaded.environment ? `，环境 ${loaded.environment}` : ''}`),
      by: input.actor,
      via: `golive notify test ${target.id}`,
      link: runLink(input.env),
    },
    { planDir: loaded.planDir },
  );
}

/** Incidents (still firing only, with `firingOnly`) and whether their alert and "resolved" message were sent. */
export function listIncidents(store: Store, options: { readonly firingOnly?: boolean } = {}): Promise<IncidentRecord[]> {
  return store.incidents(options);
}
