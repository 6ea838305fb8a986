import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { NotificationTarget, Plan } from '../plan/schema.js';

/** A webhook URL for messages: origin and path, with key-like path segments and every query value hidden. */
export function safeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname
      .split('/')
      .map((segment) => (segment.length >= 8 && /\d/.test(segment) ? '***' : segment))
      .join('/');
    return `${parsed.origin}${path}${parsed.search ? '?***' : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Every part of a target that is a credential: the URL, the secret, query values and key-like path segments. */
export function targetSecrets(target: Pick<NotificationTarget, 'url' | 'secret'>): string[] {
  const secrets = [target.url, ...(target.secret ? [target.secret] : [])];
  try {
    const parsed = new URL(target.url);
    for (const value of parsed.searchParams.values()) if (value.length >= 6) secrets.push(value, encodeURIComponent(value));
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 8 && /\d/.test(segment)) secrets.push(segment);
  } catch {
    // An unparsable URL is redacted whole.
  }
  return secrets;
}

/** Secret values of every notification target of a plan, so snapshots and reports never hold them. */
export function notificationSecrets(plan: Pick<Plan, 'notifications'>): string[] {
  return (plan.notifications ?? []).flatMap(targetSecrets);
}

/** The target with this id among these (the plan's, and the team's where the service joins them), or a clear error listing them. */
export function findTarget(targets: readonly NotificationTarget[], id: string): NotificationTarget {
  const target = targets.find((candidate) => candidate.id === id);
  if (!target) {
    const known = targets.map((candidate) => candidate.id).join(', ') || '(none)';
    throw new GoliveError('notify.target', bi(`no notification target "${id}" in the plan or its project's Settings; the targets are: ${known}`, `计划及其项目设置中没有通知目标 "${id}"；已有目标：${known}`));
  }
  return target;
}
