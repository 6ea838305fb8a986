/**
 * Targets a team keeps in the dashboard's Settings, as a sender uses them: credentials read from the sending process's
 * environment (`${VAR}`) or opened with its GOLIVE_SECRETS_KEY, and joined to the plan's own `notifications`.
 */
import { GoliveError } from '../core/errors.js';
import { isSealed, secretBoxOf, secretsKeyVariable } from '../core/secret-box.js';
import { bi } from '../core/text.js';
import type { NotificationTarget, Plan } from '../plan/schema.js';
import type { StoredNotificationTarget } from '../store/store.js';

/** A credential given as one whole `${VAR}` reference. */
export const variableReference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** What a sealed credential is bound to (associated data): its project, target and field. */
export function sealContext(projectId: string, targetId: string, field: 'url' | 'secret'): string {
  return `notification-target/${projectId}/${targetId}/${field}`;
}

/** The target with its credentials in clear, for sending: references read from `env`, sealed values opened. */
export function resolveStoredTarget(target: StoredNotificationTarget, env: NodeJS.ProcessEnv): NotificationTarget {
  const box = () => {
    const found = secretBoxOf(env);
    if (!found) {
      throw new GoliveError(
        'notify-target.no-key',
        bi(`target "${target.id}" was stored encrypted; this process needs the ${secretsKeyVariable} it was stored with`, `目标 "${target.id}" 以加密方式存储；本进程需要设置当初的 ${secretsKeyVariable}`),
      );
    }
    return found;
  };
  const clear = (stored: string, field: 'url' | 'secret'): string => {
    if (isSealed(stored)) return box().open(stored, sealContext(target.projectId, target.id, field));
    const name = variableReference.exec(stored)?.[1] ?? '';
    const value = env[name];
    if (value === undefined || value === '') {
      throw new GoliveError('notify-target.variable-missing', bi(`target "${target.id}": ${field} refers to \${${name}}, which this process's environment does not set`, `目标 "${target.id}"：${field} 引用的 \${${name}} 在本进程的环境中未设置`));
    }
    return value;
  };
  return {
    id: target.id,
    type: target.type as NotificationTarget['type'],
    url: clear(target.url, 'url'),
    ...(target.secret ? { secret: clear(target.secret, 'secret') } : {}),
    ...(target.lang ? { lang: target.lang as NonNullable<NotificationTarget['lang']> } : {}),
  };
}

/**
 * The credentials of the stored targets this process can open (`${VAR}` from `env`, sealed values with its key), for a
 * run's secret set: a check that prints one (an env dump, a script's echo) never shows it. A target this process
 * cannot open adds nothing; it is never sent to from here either.
 */
export function storedTargetCredentials(targets: readonly StoredNotificationTarget[], env: NodeJS.ProcessEnv): string[] {
  return targets.flatMap((stored) => {
    try {
      const target = resolveStoredTarget(stored, env);
      return [target.url, ...(target.secret ? [target.secret] : [])];
    } catch (error) {
      if (error instanceof GoliveError) return [];
      throw error;
    }
  });
}

/**
 * The plan's targets with the team's joined in: a stored target replaces the plan's target of the same id in its
 * place (Settings are where a team changes a robot without editing the plan); the others follow, by id.
 */
export function joinTargets<Target extends { readonly id: string }>(plan: readonly Target[], stored: readonly Target[]): Target[] {
  const byId = new Map(stored.map((target) => [target.id, target]));
  const joined = plan.map((target) => byId.get(target.id) ?? target);
  const planIds = new Set(plan.map((target) => target.id));
  return [...joined, ...stored.filter((target) => !planIds.has(target.id))];
}

/**
 * Where a run's messages go, asked at each message with the plan as loaded then (so a target added in Settings counts
 * from the next one). The service layer gives the plan's and the team's (`service/notify.ts`); alone, the plan's.
 */
export type TargetSource = (plan: Pick<Plan, 'name' | 'notifications'>) => Promise<readonly NotificationTarget[]>;

/** The plan's own `notifications` only. */
export const planTargets: TargetSource = (plan) => Promise.resolve(plan.notifications ?? []);
