import type { Assessment } from '../readiness/assess.js';
import { assessRun } from '../readiness/assess.js';
import type { AuditHead, RunRecord, Store } from '../store/store.js';
import { loadRunFacts } from './run-facts.js';

/** Whether a run may go live now (waivers may have expired since the stored summary): score and gate, recomputed, with the audit head they were read at. */
export async function gateRun(store: Store, run: RunRecord, now = new Date()): Promise<Assessment & { readonly auditHead: AuditHead }> {
  const facts = await loadRunFacts(store, run, now);
  const auditHead = await store.auditHead();
  return { ...assessRun(run.plan, facts.results, facts.waivers ?? [], facts.signoffs ?? [], now), auditHead };
}
