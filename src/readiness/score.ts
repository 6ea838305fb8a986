import type { Plan, PlanItem, Priority } from '../plan/schema.js';
import type { ResultStatus } from '../core/result.js';
import type { ScoredResult, Waiver } from '../core/launch.js';
import { validWaiverFor } from './waivers.js';

/** How much an item weighs inside its category, by priority (see docs/score-and-gate.md). */
export const priorityWeights = { blocker: 8, high: 4, medium: 2, low: 1 } as const satisfies Record<Priority, number>;

/** Share of an item's weight a status earns; `null` leaves the item out of the score entirely. */
export const statusCredit = {
  pass: 1,
  warn: 0.5,
  fail: 0,
  error: 0,
  pending: 0,
  skip: null,
} as const satisfies Record<ResultStatus, number | null>;

/** Category of items that name none. */
export const defaultCategory = 'general';
/** Priority of items that name none. */
export const defaultPriority: Priority = 'medium';

/** One category's readiness. */
export interface CategoryScore {
  /** 0–10, one decimal; null when every item of the category was skipped. */
  readonly score: number | null;
  /** Items that passed. */
  readonly passed: number;
  /** Items that count (every item of the category except skipped ones). */
  readonly total: number;
  /** The category's weight in the overall score. */
  readonly weight: number;
  /** Items not passed whose risk is accepted by a valid waiver (their score is unchanged). */
  readonly waived: number;
}

/** Readiness of a run: overall and per category. */
export interface Score {
  /** 0–10, one decimal: the category-weighted mean over categories that have a score. */
  readonly overall: number;
  readonly categories: Readonly<Record<string, CategoryScore>>;
}

/** Item priority with the plan default applied. */
export function itemPriority(item: PlanItem): Priority {
  return item.priority ?? defaultPriority;
}

/** The status an item has in a run; an item without a result is pending. */
export function statusOf(itemId: string, results: ReadonlyMap<string, ScoredResult>): ResultStatus {
  return results.get(itemId)?.status ?? 'pending';
}

/** Indexes results by item; for an item listed twice the last one wins. */
export function resultsByItem(results: Iterable<ScoredResult>): Map<string, ScoredResult> {
  const map = new Map<string, ScoredResult>();
  for (const result of results) map.set(result.itemId, result);
  return map;
}

/**
 * Computes readiness from results: per category the priority-weighted share of credit earned
 * (pass 1, warn ½, fail/error/pending 0, skip left out), times 10; overall the category-weighted
 * mean. Waivers do not change the score: they accept a risk, they do not remove it.
 */
export function computeScore(plan: Plan, results: Iterable<ScoredResult>, waivers: readonly Waiver[], now: Date): Score {
  const byItem = resultsByItem(results);
  const weights = new Map((plan.categories ?? []).map((category) => [category.id, category.weight ?? 1]));
  const sums = new Map<string, { earned: number; possible: number; passed: number; total: number; waived: number; items: number }>();

  for (const item of plan.items) {
    const categoryId = item.category ?? defaultCategory;
    const sum = sums.get(categoryId) ?? { earned: 0, possible: 0, passed: 0, total: 0, waived: 0, items: 0 };
    sums.set(categoryId, sum);
    sum.items += 1;
    const status = statusOf(item.id, byItem);
    const credit = statusCredit[status];
    if (credit === null) continue;
    const weight = priorityWeights[itemPriority(item)];
    sum.earned += weight * credit;
    sum.possible += weight;
    sum.total += 1;
    if (status === 'pass') sum.passed += 1;
    else if (validWaiverFor(item.id, waivers, now)) sum.waived += 1;
  }

  const categories: Record<string, CategoryScore> = {};
  let weightedSum = 0;
  let weightTotal = 0;
  for (const [categoryId, sum] of sums) {
    const weight = weights.get(categoryId) ?? 1;
    const raw = sum.possible > 0 ? (10 * sum.earned) / sum.possible : null;
    categories[categoryId] = { score: raw === null ? null : round1(raw), passed: sum.passed, total: sum.total, weight, waived: sum.waived };
    if (raw !== null) {
      weightedSum += weight * raw;
      weightTotal += weight;
    }
  }
  // Nothing scored (or only zero-weight categories): nothing is shown to be ready.
  const overall = weightTotal > 0 ? round1(weightedSum / weightTotal) : 0;
  return { overall, categories };
}

/** Rounds half up to one decimal, immune to 7.25 being stored as 7.2499999. */
export function round1(value: number): number {
  return Math.round(value * 10 + 1e-9) / 10;
}
