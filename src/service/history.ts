import type { FailureStat, RunEntry, Store } from '../store/store.js';
import { readPlanName } from './find-run.js';

/** A plan's launches, newest first, and the items that failed most often in its last runs. */
export interface PlanHistory {
  readonly plan: string;
  readonly runs: readonly RunEntry[];
  readonly commonMisses: readonly FailureStat[];
}

export async function planHistory(store: Store, planPath: string, options: { readonly limit: number; readonly misses: number }): Promise<PlanHistory> {
  const plan = await readPlanName(planPath);
  const [runs, misses] = await Promise.all([store.listRuns({ planName: plan, limit: options.limit }), store.failureStats(plan, { lastRuns: options.misses })]);
  const commonMisses = misses.filter((miss) => miss.failed > 0).sort((a, b) => b.failed - a.failed || a.itemId.localeCompare(b.itemId));
  return { plan, runs, commonMisses };
}

/** The runs of a plan, named or read from its file (of every plan when neither is given), newest first. */
export async function listPlanRuns(store: Store, options: { readonly planName?: string; readonly planPath?: string; readonly limit: number }): Promise<RunEntry[]> {
  const planName = options.planName ?? (options.planPath ? await readPlanName(options.planPath) : undefined);
  return store.listRuns({ ...(planName ? { planName } : {}), limit: options.limit });
}
