import type { GateDecision } from '../readiness/gate.js';
import type { RunRecord, Store } from '../store/store.js';

/**
 * The gate of a run as of now: the one seam through which uploads ask whether a run may go out.
 * It calls today's readiness code directly; point it at the service layer once that exists.
 */
export async function gateOfRun(store: Store, run: RunRecord, now = new Date()): Promise<GateDecision> {
  const { loadRunFacts } = await import('../store/run-facts.js');
  const { computeScore, evaluateGate } = await import('../readiness/index.js');
  const facts = await loadRunFacts(store, run, now);
  const score = computeScore(run.plan, facts.results, facts.waivers ?? [], now);
  return evaluateGate(run.plan, facts.results, facts.waivers ?? [], facts.signoffs ?? [], score, now);
}
