import type { Bilingual, Locale } from '../i18n/text.js';
import type { Plan, PlanItem } from '../plan/schema.js';
import type { ItemResult } from '../runner/result.js';

/** Readiness score: 0–10 overall and per category. */
export interface ScoreView {
  readonly overall: number;
  readonly categories: Readonly<Record<string, { readonly score: number; readonly passed: number; readonly total: number; readonly weight: number }>>;
}

/** The gate decision with every reason it failed. */
export interface GateView {
  readonly passed: boolean;
  readonly reasons: readonly Bilingual[];
}

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
