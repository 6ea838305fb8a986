import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { Delivery } from '../notify/deliver.js';
import { runLink } from '../notify/render.js';
import { joinTargets, resolveStoredTarget, type TargetSource } from '../notify/stored-target.js';
import { findTarget } from '../notify/target.js';
import { sendTestNotice } from '../notify/test-notice.js';
import type { LoadedPlan } from '../plan/load.js';
import type { NotificationTarget } from '../plan/schema.js';
import type { IncidentRecord, Store } from '../store/store.js';

/** What sending a run's messages needs: the store (the team's targets), this process's environment, and where warnings go. */
export interface TargetsInput {
  readonly store: Pick<Store, 'projectNotificationTargets'>;
  readonly env: NodeJS.ProcessEnv;
  /** A stored target this process cannot use (no GOLIVE_SECRETS_KEY, another key, an unset variable): said once per target and reason. */
  onWarning?(message: Bilingual): void;
}

/**
 * Where a run's rollout, trigger, inspection and monitor messages go: the plan's `notifications` and, when the plan is
 * kept under a project of the team server, the targets its administrators stored in Settings; a stored target replaces
 * the plan's target of the same id (docs/notifications.md). Read at each message. Credentials are this process's:
 * `${VAR}` from `env`, sealed values opened with its GOLIVE_SECRETS_KEY. A stored target it cannot open is left out
 * with one warning, and the message still goes to every other target.
 */
export function notificationTargets(input: TargetsInput): TargetSource {
  const warned = new Set<string>();
  return async (plan) => {
    const own = plan.notifications ?? [];
    const usable: NotificationTarget[] = [];
    for (const stored of await input.store.projectNotificationTargets(plan.name)) {
      try {
        usable.push(resolveStoredTarget(stored, input.env));
      } catch (error) {
        if (!(error instanceof GoliveError)) throw error;
        const key = `${stored.projectId}/${stored.id}/${error.code}`;
        if (warned.has(key)) continue;
        warned.add(key);
        const fallback = own.some((target) => target.id === stored.id);
        input.onWarning?.(
          bi(
            `notification target "${stored.id}" of project ${stored.projectId} (Settings) is left out of messages sent from this process: ${error.text.en}. ${fallback ? `The plan's own target "${stored.id}" is used instead; the` : 'The'} other targets still get every message.`,
            `项目 ${stored.projectId} 的通知目标 "${stored.id}"（设置页）不会收到本进程发送的消息：${error.text.zh}。${fallback ? `改用计划自身的同名目标 "${stored.id}"；` : ''}其他目标照常接收所有消息。`,
          ),
        );
      }
    }
    return joinTargets(own, usable);
  };
}

/**
 * Sends a test message to one of the plan's notification targets, or with a store to one of the team's too (the same
 * list the senders use, `notificationTargets`), and returns the platform's answer (or why not).
 */
export async function sendTestNotification(
  input: { readonly loaded: LoadedPlan; readonly targetId: string; readonly actor: string; readonly env: NodeJS.ProcessEnv } & Partial<Pick<TargetsInput, 'store' | 'onWarning'>>,
): Promise<Delivery> {
  const { loaded } = input;
  const targets = input.store ? await notificationTargets({ store: input.store, env: input.env, ...(input.onWarning ? { onWarning: input.onWarning } : {}) })(loaded.plan) : (loaded.plan.notifications ?? []);
  const target = findTarget(targets, input.targetId);
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
