import type { BaseCheck } from '../checks/base.js';
import { withCheckKind } from '../checks/registry.js';
import type { LoadedPlan } from '../plan/load.js';
import { planSecretValues } from '../runner/plan-secrets.js';
import { keepRunSecrets, openRunSecrets } from '../redaction/run-secrets.js';
import { bindCheck, type CheckOutcome } from '../runner/run-check.js';
import type { Store } from '../store/store.js';

/** Where a check outside the launch's items runs (a stage action, a rollback, a monitor): a run's plan and secrets. */
export interface CheckScope {
  readonly store: Store;
  readonly runId: string;
  readonly loaded: LoadedPlan;
  readonly signal?: AbortSignal;
}

/** Runs one check once; undefined when its kind is unknown or its spec does not bind. */
export async function runCheckOnce(scope: CheckScope, spec: BaseCheck): Promise<CheckOutcome | undefined> {
  const bound = withCheckKind(spec.kind, (kind) => bindCheck(kind, spec));
  if (!bound || 'error' in bound) return undefined;
  // The run's secret set: what the launch's checks saw is masked in this evidence too, and the reverse.
  const secrets = await openRunSecrets(scope.store, scope.runId, planSecretValues(scope.loaded));
  const outcome = await bound.run({
    planDir: scope.loaded.planDir,
    variables: scope.loaded.variables,
    secrets,
    ...(scope.signal ? { signal: scope.signal } : {}),
  });
  await keepRunSecrets(scope.store, scope.runId, secrets);
  return outcome;
}

/** The number a check observed (a Prometheus query's value); undefined when it observed none. */
export function observedNumber(outcome: CheckOutcome | undefined): number | undefined {
  const value = outcome?.evidence.observed?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
