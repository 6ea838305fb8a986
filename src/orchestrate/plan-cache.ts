import type { LoadedPlan } from '../plan/load.js';

/**
 * Loads the plan a job names, as it is now. A worker runs many jobs of few plans, so a plan is loaded again only
 * when its file changed (modification time and size).
 */
export function planCache(env: NodeJS.ProcessEnv): (planPath: string, environment: string | null) => Promise<LoadedPlan> {
  const plans = new Map<string, { stamp: string; loaded: LoadedPlan }>();
  return async (planPath, environment) => {
    const { loadPlan } = await import('../plan/load.js');
    const { stat } = await import('node:fs/promises');
    const file = await stat(planPath);
    const key = `${planPath}\u0000${environment ?? ''}`;
    const stamp = `${file.mtimeMs}:${file.size}`;
    const cached = plans.get(key);
    if (cached?.stamp === stamp) return cached.loaded;
    const loaded = await loadPlan(planPath, { ...(environment ? { environment } : {}), env });
    plans.set(key, { stamp, loaded });
    return loaded;
  };
}
