import type { Bilingual } from '../i18n/text.js';
import type { RunRecord, Store } from '../store/store.js';

/** Whether a run may go live now, and why not. */
export interface RunGate {
  readonly passed: boolean;
  readonly reasons: readonly Bilingual[];
}

/**
 * The one call from guard and deploy into today's gate code (`golive gate` computes it the same way). When the
 * service layer lands (src/service/), this is the function to re-point.
 */
export async function runGate(store: Store, run: RunRecord): Promise<RunGate> {
  const { loadRunFacts } = await import('../store/run-facts.js');
  const { computeScore, evaluateGate } = await import('../readiness/index.js');
  const facts = await loadRunFacts(store, run);
  const now = facts.now ?? new Date();
  const score = computeScore(run.plan, facts.results, facts.waivers ?? [], now);
  const gate = evaluateGate(run.plan, facts.results, facts.waivers ?? [], facts.signoffs ?? [], score, now);
  return { passed: gate.passed, reasons: gate.reasons };
}
