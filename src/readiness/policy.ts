import { digestResults } from '../core/digest.js';
import type { SummaryPolicy } from '../store/store.js';
import { assessRun } from './assess.js';
import { blockerStatuses } from './gate.js';

/** golive's one summary policy: the score and gate of `score-and-gate.md`, handed to the store by the service layer. */
export const launchPolicy: SummaryPolicy = {
  summarize({ plan, results, waivers, signoffs }, now) {
    const { score, gate } = assessRun(plan, results, waivers, signoffs, now);
    return { score: score.overall, gatePassed: gate.passed, reasons: gate.reasons };
  },
  signed({ plan, results, waivers }, now) {
    return { score: assessRun(plan, results, waivers, [], now).score.overall, resultDigest: digestResults(results), blockers: blockerStatuses(plan, results) };
  },
};
