import type { Assessment } from '../readiness/assess.js';
import { assessRun } from '../readiness/assess.js';
import type { RunRecord, Store } from '../store/store.js';
import { loadRunFacts } from './run-facts.js';

/** Whether a run may go live now (waivers may have expired since the stored summary): score and gate, recomputed. */
export async function gateRun(store: Store, run: RunRecord, now = new Date()): Promise<Assessment> {
  const facts = await loadRunFacts(store, run, now);
  return assessRun(run.plan, facts.results, facts.waivers ?? [], facts.signoffs ?? [], now);
}
