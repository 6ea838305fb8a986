import type { Unit } from './units.js';

/** Where a node sits in the source: 0-based UTF-16 offset and length. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** One step of a fact path: `.name` or `["name"]` is a key, `[0]` an index. */
export type PathSegment = { readonly key: string } | { readonly index: number };

/** A fact read from the facts object, e.g. `body.data[0].id`. */
export interface PathOperand {
  readonly kind: 'path';
  readonly root: string;
  readonly segments: readonly PathSegment[];
  /** The path as written, without spaces: shown in explanations. */
  readonly text: string;
  readonly span: Span;
}

export type LiteralValue = number | string | boolean | null | readonly LiteralValue[];

/** A literal; numbers with a unit are already in the base unit (500ms → 500, 1% → 0.01). */
export interface LiteralOperand {
  readonly kind: 'literal';
  readonly value: LiteralValue;
  /** The unit the number was written with, so actual values can be shown the same way. */
  readonly unit?: Unit;
  /** The literal as written in the source. */
  readonly text: string;
  readonly span: Span;
}

export const functionNames = ['len', 'lower', 'upper', 'trim'] as const;
export type FunctionName = (typeof functionNames)[number];

export interface CallOperand {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly arg: Operand;
  readonly text: string;
  readonly span: Span;
}

export type Operand = PathOperand | LiteralOperand | CallOperand;

export const comparisonOperators = ['==', '!=', '<', '<=', '>', '>='] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: ComparisonOperator;
  readonly left: Operand;
  readonly right: Operand;
}

/** `subject contains needle`, or `not contains` when negated. */
export interface ContainsExpr {
  readonly kind: 'contains';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly needle: Operand;
}

/** `subject matches /pattern/flags`; the pattern was compiled once at parse time to prove it valid. */
export interface MatchesExpr {
  readonly kind: 'matches';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly pattern: string;
  readonly flags: string;
  readonly text: string;
}

/** `subject in [..]`, or `not in` when negated. */
export interface InExpr {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly items: readonly LiteralOperand[];
  readonly text: string;
}

/** `subject exists`, or `not exists` when negated. */
export interface ExistsExpr {
  readonly kind: 'exists';
  readonly negated: boolean;
  readonly subject: Operand;
}

/** A bare fact used as a condition, e.g. `open`: shorthand for `open == true`. */
export interface TruthyExpr {
  readonly kind: 'truthy';
  readonly subject: PathOperand;
}

export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
}

/** `and` / `or` chains are flat lists, so long chains never deepen recursion. */
export interface LogicalExpr {
  readonly kind: 'and' | 'or';
  readonly operands: readonly Expr[];
}

export type Expr = CompareExpr | ContainsExpr | MatchesExpr | InExpr | ExistsExpr | TruthyExpr | NotExpr | LogicalExpr;
