import { bi } from '../core/text.js';
import { deliver, type Delivery } from '../notify/deliver.js';
import { runLink } from '../notify/render.js';
import { findTarget } from '../notify/target.js';
import type { LoadedPlan } from '../plan/load.js';
import type { IncidentRecord, Store } from '../store/store.js';

/** Sends a test message to one of the plan's notification targets and returns the platform's answer (or why not). */
export function sendTestNotification(input: { readonly loaded: LoadedPlan; readonly targetId: string; readonly actor: string; readonly env: NodeJS.ProcessEnv; readonly now?: Date }): Promise<Delivery> {
  const { loaded, actor } = input;
  const target = findTarget(loaded.plan, input.targetId);
  return deliver(
    target,
    {
      kind: 'test',
      title: bi(`golive can reach this chat (${loaded.plan.name})`, `golive 可以向本群发送消息（${loaded.plan.name}）`),
      lines: [
        bi(`plan: ${loaded.plan.name}${loaded.environment ? `, environment ${loaded.environment}` : ''}`, `计划：${loaded.plan.name}${loaded.environment ? `，环境 ${loaded.environment}` : ''}`),
        bi(`sent by ${actor} with \`golive notify test ${target.id}\``, `由 ${actor} 通过 \`golive notify test ${target.id}\` 发送`),
        bi('alerts and "resolved" messages of this launch will arrive here', '本次上线的告警与恢复消息将发送到这里'),
      ],
      link: runLink(input.env),
      at: input.now ?? new Date(),
    },
    { planDir: loaded.planDir, maxWaitMs: 65_000 },
  );
}

/** Incidents (still firing only, with `firingOnly`) and whether their alert and "resolved" message were sent. */
export function listIncidents(store: Store, options: { readonly firingOnly?: boolean } = {}): Promise<IncidentRecord[]> {
  return store.incidents(options);
}
