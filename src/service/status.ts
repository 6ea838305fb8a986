import type { RunFacts } from '../report/run-view.js';
import { loadRunFacts } from './run-facts.js';
import type { RunRecord, Store, StoredResult } from '../store/store.js';
import { openRunSecrets } from '../redaction/run-secrets.js';

/**
 * Everything a report or `run status` shows of a recorded run, passed once more through the run's secret set:
 * a value a check discovered after an earlier result was stored is masked there too.
 */
export async function runStatus(store: Store, run: RunRecord, now = new Date()): Promise<RunFacts & { readonly stored: readonly StoredResult[] }> {
  const [facts, secrets] = await Promise.all([loadRunFacts(store, run, now), openRunSecrets(store, run.id)]);
  return secrets.redact(facts);
}
