import type { ItemResult, ResultStatus } from '../core/result.js';
import { bi } from '../core/text.js';
import type { PlanItem } from '../plan/schema.js';
import { buildRunView, type RunView } from '../report/run-view.js';
import type { RunRecord, Store } from '../store/store.js';
import { runStatus } from './status.js';

/** An item the team missed in earlier launches, with its status in this run. */
export interface CommonMiss {
  readonly itemId: string;
  readonly failed: number;
  readonly of: number;
  readonly now: ResultStatus;
}

/** A recorded run as every report shows it: the whole plan (items not run yet as pending), score, gate and misses. */
export interface RunReport {
  readonly view: RunView;
  /** Items that failed in earlier launches of the plan, most often first. */
  readonly commonMisses: readonly CommonMiss[];
  /** A blocker failed or errored: a launch command exits 1. */
  readonly blockerFailed: boolean;
}

function pendingResult(item: PlanItem, at: string): ItemResult {
  const manual = typeof item.manual === 'string' ? { method: item.manual } : item.manual ? { method: item.manual.method, ...(item.manual.expected ? { expected: item.manual.expected } : {}) } : undefined;
  return { itemId: item.id, status: 'pending', evidence: manual ? { manual } : { reason: bi('not run yet in this run', '本次运行中尚未执行') }, durationMs: 0, attempts: [], startedAt: at, finishedAt: at };
}

/** Reads a recorded run for a report (CLI formats, the dashboard, `run status`), through the run's secret set. */
export async function reportRun(store: Store, recorded: RunRecord, now = new Date()): Promise<RunReport> {
  // The record as it is now: a caller that just executed into the run holds the one from before.
  const run = (await store.getRun(recorded.id)) ?? recorded;
  const facts = await runStatus(store, run, now);
  const byItem = new Map(facts.results.map((result) => [result.itemId, result]));
  const results = run.plan.items.map((item) => byItem.get(item.id) ?? pendingResult(item, run.createdAt));
  const view = buildRunView({ ...facts, results });
  const commonMisses = [...(facts.history ?? new Map())]
    .filter(([, stat]) => stat.failed > 0)
    .sort(([, a], [, b]) => b.failed - a.failed)
    .map(([itemId, stat]) => ({ itemId, failed: stat.failed, of: stat.of, now: byItem.get(itemId)?.status ?? 'pending' }));
  const blockerFailed = run.plan.items.some((item) => item.priority === 'blocker' && ['fail', 'error'].includes(byItem.get(item.id)?.status ?? ''));
  return { view, commonMisses, blockerFailed };
}

/** The results recorded into a run, as stored (redacted with the run's secret set when they were recorded). */
export function recordedResults(store: Store, run: RunRecord): Promise<ItemResult[]> {
  return store.results(run.id);
}
