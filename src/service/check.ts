import { setTimeout as sleep } from 'node:timers/promises';
import type { ItemResult } from '../core/result.js';
import { bi, type Bilingual } from '../core/text.js';
import type { LoadedPlan } from '../plan/load.js';
import type { PlanItem } from '../plan/schema.js';
import { createSecretSet } from '../redaction/secret-set.js';
import { executePlan, selectItems, type ItemFilter } from '../runner/execute-plan.js';
import { planSecretValues } from '../runner/plan-secrets.js';
import type { ProgressListener } from './execute.js';

export interface CheckPlanInput {
  readonly loaded: LoadedPlan;
  readonly filter: ItemFilter;
  readonly concurrency: number;
  /** Re-run what failed until everything passes or `timeoutMs` runs out, pausing `intervalMs` between rounds. */
  readonly untilPass: boolean;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly signal: AbortSignal;
  /** A listener per round (a terminal redraws its progress for each). */
  progress?(items: readonly PlanItem[]): ProgressListener & { stop(): void };
  /** Told between rounds: how many still fail and when the next round starts. */
  onNotice?(text: Bilingual): void;
}

/**
 * Runs a plan's selected checks without recording them (`golive check`); in wait mode, re-runs what failed.
 * One secret set serves every round, so what a check saw in round 1 stays masked in round 2's evidence.
 */
export async function checkPlan(input: CheckPlanInput): Promise<ItemResult[]> {
  const { loaded, signal } = input;
  const secrets = createSecretSet({ values: planSecretValues(loaded) });
  const deadline = Date.now() + input.timeoutMs;
  const results = new Map<string, ItemResult>();
  let filter = input.filter;
  for (let round = 1; ; round += 1) {
    const progress = input.progress?.(selectItems(loaded.plan.items, filter));
    try {
      const batch = await executePlan(loaded, {
        concurrency: input.concurrency,
        filter,
        signal,
        secrets,
        onStart: (item) => progress?.start(item),
        onResult: (item, result) => progress?.finish(item, result),
      });
      for (const result of batch) results.set(result.itemId, result);
    } finally {
      progress?.stop();
    }
    const failing = [...results.values()].filter((result) => result.status === 'fail' || result.status === 'error').map((result) => result.itemId);
    if (!input.untilPass || failing.length === 0 || signal.aborted) break;
    if (Date.now() + input.intervalMs > deadline) {
      input.onNotice?.(bi(`still failing after ${round} round(s): ${failing.join(', ')}`, `${round} 轮后仍失败：${failing.join('、')}`));
      break;
    }
    input.onNotice?.(bi(`round ${round}: ${failing.length} failing, retrying in ${input.intervalMs / 1000}s …`, `第 ${round} 轮：${failing.length} 项失败，${input.intervalMs / 1000} 秒后重试……`));
    await sleep(input.intervalMs, undefined, { signal }).catch(() => undefined);
    filter = { ...input.filter, only: new Set(failing) };
  }
  return loaded.plan.items.map((item) => results.get(item.id)).filter((result): result is ItemResult => result !== undefined).map((result) => secrets.redact(result));
}
