import { digestResults } from '../core/digest.js';
import type { SummaryPolicy } from '../store/store.js';
import { blockerStatuses, evaluateGate } from './gate.js';
import { computeScore } from './score.js';

/** golive's one summary policy: the score and gate of `score-and-gate.md`, handed to the store by the service layer. */
export const launchPolicy: SummaryPolicy = {
  summarize({ plan, results, waivers, signoffs }, now) {
    const score = computeScore(plan, results, waivers, now);
    const gate = evaluateGate(plan, results, waivers, signoffs, score, now);
    return { score: score.overall, gatePassed: gate.passed, reasons: gate.reasons };
  },
  signed({ plan, results, waivers }, now) {
    return { score: computeScore(plan, results, waivers, now).overall, resultDigest: digestResults(results), blockers: blockerStatuses(plan, results) };
  },
};
