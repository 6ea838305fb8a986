import type { Locale } from '../core/text.js';
import type { Plan, PlanItem } from '../plan/schema.js';
import type { Signoff, Waiver } from '../core/launch.js';
import type { GateDecision, Score } from '../readiness/index.js';
import type { ItemResult } from '../core/result.js';
import { assessRun, isWaiverValid } from '../readiness/index.js';

/** Readiness score: 0–10 overall and per category (a category's score is null when all its items were skipped). */
export type ScoreView = Score;

/** The gate decision with every reason it failed, and the risks accepted by waivers. */
export type GateView = GateDecision;

/** One item of a run as reports show it. */
export interface ItemView {
  readonly item: PlanItem;
  readonly result: ItemResult;
  /** Manual verification: who and when. */
  readonly verifiedBy?: { readonly by: string; readonly at: string; readonly note?: string; readonly evidence?: string };
  /** An accepted risk. */
  readonly waiver?: { readonly reason: string; readonly approver: string; readonly expiresAt: string; readonly valid: boolean };
  /** The team's memory: failed in `failed` of the last `of` runs. */
  readonly history?: { readonly failed: number; readonly of: number };
}

export interface SignoffView {
  readonly role: string;
  readonly by: string;
  readonly at: string;
  readonly valid: boolean;
}

/** Everything a report of one execution (a `check` or a recorded run) needs. */
export interface RunView {
  /** Run id when recorded, else a one-off id of this `check`. */
  readonly id: string;
  readonly plan: Plan;
  readonly environment: string | null;
  readonly release: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly items: readonly ItemView[];
  readonly score: ScoreView;
  readonly gate: GateView;
  readonly signoffs: readonly SignoffView[];
}

/** One output format; reporters are registered in registry.ts, one file each. */
export interface Reporter {
  readonly name: string;
  /** File extension for `-o` defaults and the HTML/Markdown downloads. */
  readonly extension: string;
  render(view: RunView, locale: Locale): string;
}

/** What is known about one execution besides its results. */
export interface RunFacts {
  readonly id: string;
  readonly plan: Plan;
  readonly environment?: string | null;
  readonly release?: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly results: readonly ItemResult[];
  readonly waivers?: readonly Waiver[];
  readonly signoffs?: readonly (Signoff & { readonly valid: boolean })[];
  readonly verifications?: ReadonlyMap<string, NonNullable<ItemView['verifiedBy']>>;
  readonly history?: ReadonlyMap<string, NonNullable<ItemView['history']>>;
  readonly now?: Date;
}

/** Scores and gates an execution and lays it out for the reporters, items in plan order. */
export function buildRunView(facts: RunFacts): RunView {
  const now = facts.now ?? new Date();
  const waivers = facts.waivers ?? [];
  const signoffs = facts.signoffs ?? [];
  const { score, gate } = assessRun(facts.plan, facts.results, waivers, signoffs, now);
  const byItem = new Map(facts.results.map((result) => [result.itemId, result]));
  const items = facts.plan.items.flatMap((item): ItemView[] => {
    const result = byItem.get(item.id);
    if (!result) return [];
    const waiver = waivers.find((candidate) => candidate.itemId === item.id && !candidate.revokedAt);
    const verifiedBy = facts.verifications?.get(item.id);
    const history = facts.history?.get(item.id);
    return [
      {
        item,
        result,
        ...(verifiedBy ? { verifiedBy } : {}),
        ...(waiver ? { waiver: { reason: waiver.reason, approver: waiver.approver, expiresAt: waiver.expiresAt, valid: isWaiverValid(waiver, now) } } : {}),
        ...(history ? { history } : {}),
      },
    ];
  });
  return {
    id: facts.id,
    plan: facts.plan,
    environment: facts.environment ?? null,
    release: facts.release ?? null,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    items,
    score,
    gate,
    signoffs: signoffs.map((signoff) => ({ role: signoff.role, by: signoff.by, at: signoff.at, valid: signoff.valid })),
  };
}
