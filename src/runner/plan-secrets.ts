import { findCheckKind } from '../checks/registry.js';
import { notificationSecrets } from '../notify/target.js';
import type { LoadedPlan } from '../plan/load.js';

/**
 * The secrets a loaded plan declares: secret variables, the values typed straight into checks' secret fields, and
 * the notification targets' webhook URLs and signing secrets (a URL carries its key, whatever variable it came from).
 */
export function planSecretValues(loaded: Pick<LoadedPlan, 'plan' | 'secretValues'>): string[] {
  const fields = loaded.plan.items.flatMap((item) => {
    const check = item.check;
    if (!check) return [];
    const kind = findCheckKind(check.kind);
    return (kind?.secretFields ?? []).map((field) => (check as Record<string, unknown>)[field]).filter((value): value is string => typeof value === 'string');
  });
  return [...loaded.secretValues, ...fields, ...notificationSecrets(loaded.plan)];
}
