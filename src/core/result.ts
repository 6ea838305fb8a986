import type { Bilingual } from './text.js';

/** Every outcome an item can have in a run. `error`: the check itself could not run. `pending`: manual, not done yet. */
export const resultStatuses = ['pass', 'fail', 'warn', 'skip', 'error', 'pending'] as const;
export type ResultStatus = (typeof resultStatuses)[number];

/** One evaluated condition, as kept in evidence. */
export interface ConditionRecord {
  readonly condition: string;
  readonly passed: boolean;
  /** Only the conditions in `warn:` lists; a failing one makes the item `warn`, not `fail`. */
  readonly warnOnly?: boolean;
  readonly message: Bilingual;
}

/** What was observed, already redacted: safe to store, print and send. */
export interface Evidence {
  /** Human label of the target, e.g. `GET http://127.0.0.1:8080/healthz`. */
  readonly target?: string;
  /** The kind's evidence (status, headers, truncated body, stdout …). */
  readonly observed?: Readonly<Record<string, unknown>>;
  readonly conditions?: readonly ConditionRecord[];
  /** Why the target failed outright (connection refused …) or why the check could not run. */
  readonly reason?: Bilingual;
  /** For manual items: how to verify and what to expect. */
  readonly manual?: { readonly method: string; readonly expected?: string };
}

/** One attempt of a check, every attempt recorded. */
export interface AttemptRecord {
  readonly status: ResultStatus;
  readonly durationMs: number;
  readonly reason?: Bilingual;
}

/** The result of one item in one execution. */
export interface ItemResult {
  readonly itemId: string;
  readonly status: ResultStatus;
  readonly evidence: Evidence;
  readonly durationMs: number;
  readonly attempts: readonly AttemptRecord[];
  readonly startedAt: string;
  readonly finishedAt: string;
}
