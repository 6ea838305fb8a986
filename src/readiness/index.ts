export type { CategoryScore, Score } from './score.js';
export { computeScore, defaultCategory, defaultPriority, itemPriority, priorityWeights, resultsByItem, round1, statusCredit, statusOf } from './score.js';
export type { GateDecision, GateReason } from './gate.js';
export { blockerItems, blockerStatuses, defaultThreshold, evaluateGate, gatePassingStatuses, latestSignoffs, signoffChanges } from './gate.js';
export { isWaiverValid, validWaiverFor } from './waivers.js';
export { assessRun, type Assessment } from './assess.js';
