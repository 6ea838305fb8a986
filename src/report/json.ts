import { pick, type Locale } from '../core/text.js';
import { categoryOf, phaseOf, priorityOf } from './_model.js';
import type { Reporter, RunView } from './run-view.js';

/**
 * The machine-readable contract of `golive check --format json` (PRODUCT.md): key order is
 * fixed by construction here, evidence and attempts are passed through as the runner recorded them.
 */
export function toJsonContract(view: RunView, locale: Locale) {
  return {
    run: {
      id: view.id,
      plan: view.plan.name,
      environment: view.environment,
      release: view.release,
      score: { overall: view.score.overall, categories: view.score.categories },
      gate: { passed: view.gate.passed, reasons: view.gate.reasons.map((reason) => pick(reason, locale)) },
      items: view.items.map(({ item, result }) => ({
        id: item.id,
        title: item.title,
        phase: phaseOf(item, view.plan),
        category: categoryOf(item),
        priority: priorityOf(item),
        owner: item.owner ?? null,
        status: result.status,
        evidence: result.evidence,
        durationMs: result.durationMs,
        attempts: result.attempts,
      })),
      signoffs: view.signoffs.map((signoff) => ({ role: signoff.role, by: signoff.by, at: signoff.at, valid: signoff.valid })),
    },
  };
}

export const jsonReporter = {
  name: 'json',
  extension: 'json',
  render: (view, locale) => `${JSON.stringify(toJsonContract(view, locale), null, 2)}\n`,
} satisfies Reporter;
