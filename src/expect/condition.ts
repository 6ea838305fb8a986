import type { Bilingual } from '../core/text.js';
import type { Expr } from './ast.js';

/** A parsed condition; build one with `parseCondition`. */
export interface Condition {
  /** The text the condition was parsed from. */
  readonly source: string;
  /** The parsed tree. */
  readonly ast: Expr;
}

/** Why a condition could not be parsed, and where. */
export interface ConditionSyntaxError {
  readonly source: string;
  /** 0-based UTF-16 offset of the offending text. */
  readonly offset: number;
  /** Length of the offending text in UTF-16 units; 0 at the end of input. */
  readonly length: number;
  /** 1-based column in characters (code points), as an editor shows it. */
  readonly column: number;
  readonly message: Bilingual;
}

export type ParseResult = { ok: true; condition: Condition } | { ok: false; error: ConditionSyntaxError };

/** What a check observed, by name: `{ status: 200, body: {...}, latency: 812 }`. */
export type Facts = Readonly<Record<string, unknown>>;

/** The result of evaluating one condition against facts. */
export interface ConditionOutcome {
  /** The source text. */
  readonly condition: string;
  readonly passed: boolean;
  /** The fact the result is about, e.g. "body.status". */
  readonly path?: string;
  /** Rendered expectation, e.g. "\"ok\"" or "< 500ms". */
  readonly expected?: string;
  /** Rendered observed value, e.g. "\"degraded\"" or "812ms"; truncated. */
  readonly actual?: string;
  /** e.g. `body.status: expected "ok", got "degraded"`. */
  readonly message: Bilingual;
}
