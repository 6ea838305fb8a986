import type { Plan } from '../plan/schema.js';
import type { ScoredResult, Signoff, Waiver } from '../core/launch.js';
import { evaluateGate, type GateDecision } from './gate.js';
import { computeScore, type Score } from './score.js';

/** What a run's state is worth: its score and the gate held against it. */
export interface Assessment {
  readonly score: Score;
  readonly gate: GateDecision;
}

/** The one place score and gate are computed: the store's summary, reports, `gate` and sign-offs all come through here. */
export function assessRun(plan: Plan, results: Iterable<ScoredResult>, waivers: readonly Waiver[], signoffs: readonly Signoff[], now: Date): Assessment {
  const list = [...results];
  const score = computeScore(plan, list, waivers, now);
  return { score, gate: evaluateGate(plan, list, waivers, signoffs, score, now) };
}
