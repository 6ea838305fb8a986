import type { LoadedPlan } from '../plan/load.js';
import type { PlanItem } from '../plan/schema.js';
import { executePlan, type ItemFilter } from '../runner/execute-plan.js';
import { planSecretValues } from '../runner/plan-secrets.js';
import type { ItemResult } from '../core/result.js';
import type { RunRecord, Store } from '../store/store.js';
import { openRunSecrets } from '../redaction/run-secrets.js';

/** Told as checks start and finish (a terminal draws it; a server streams it). */
export interface ProgressListener {
  start(item: PlanItem): void;
  finish(item: PlanItem, result: ItemResult): void;
}

export interface ExecuteIntoRunInput {
  readonly store: Store;
  readonly run: RunRecord;
  readonly loaded: LoadedPlan;
  readonly actor: string;
  readonly concurrency?: number;
  readonly filter?: ItemFilter;
  /** Results already recorded: not run again, and dependents read their status. */
  readonly prior?: ReadonlyMap<string, ItemResult['status']>;
  /** Stops the run: nothing more is recorded, `resume` finishes the rest. */
  readonly signal?: AbortSignal;
  readonly progress?: ProgressListener;
}

export interface ExecuteOutcome {
  readonly recorded: number;
  readonly interrupted: boolean;
}

/**
 * Executes checks of a run and records each result the moment it completes. The run's secret set starts with the
 * plan's declared secrets and what earlier processes of the run saw (fingerprints), grows with every check, and its
 * fingerprints are stored before the result that taught them, so a crash never leaves a value unknown to `resume`.
 */
export async function executeIntoRun(input: ExecuteIntoRunInput): Promise<ExecuteOutcome> {
  const { store, run, loaded } = input;
  const secrets = await openRunSecrets(store, run.id, planSecretValues(loaded));
  const firstSize = secrets.size;
  const manualOnly = new Set(loaded.plan.items.filter((item) => !item.check).map((item) => item.id));
  let kept = -1;
  let recorded = 0;
  await executePlan(loaded, {
    ...(input.concurrency ? { concurrency: input.concurrency } : {}),
    ...(input.filter ? { filter: input.filter } : {}),
    ...(input.prior ? { prior: input.prior } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    secrets,
    onStart: (item) => input.progress?.start(item),
    onResult: async (item, result) => {
      input.progress?.finish(item, result);
      // After an interrupt nothing more is recorded: what did not finish is missing, and `resume` runs it.
      if (input.signal?.aborted) return;
      if (secrets.size !== kept) {
        kept = secrets.size;
        await store.addSecretFingerprints(run.id, secrets.fingerprints());
      }
      await store.recordResult(run.id, { result, source: 'check', ...(manualOnly.has(item.id) ? { onlyIfAbsent: true } : {}) }, input.actor);
      recorded += 1;
    },
  });
  // A check that finished before another discovered a value may have printed it bare: those rows are rewritten now.
  if (recorded > 0 && secrets.size > firstSize) await store.redactResults(run.id, (value) => secrets.redact(value), input.actor);
  return { recorded, interrupted: input.signal?.aborted === true };
}
