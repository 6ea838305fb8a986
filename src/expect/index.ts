export type {
  CallOperand,
  CompareExpr,
  ComparisonOperator,
  ContainsExpr,
  ExistsExpr,
  Expr,
  FunctionName,
  InExpr,
  LiteralOperand,
  LiteralValue,
  LogicalExpr,
  MatchesExpr,
  NotExpr,
  Operand,
  PathOperand,
  PathSegment,
  Span,
  TruthyExpr,
} from './ast.js';
export type { Condition, ConditionOutcome, ConditionSyntaxError, Facts, ParseResult } from './condition.js';
export { evaluateCondition } from './evaluate.js';
export { maxDepth, maxSourceLength, parseCondition } from './parser.js';
export { referencedFacts } from './referenced.js';
export { renderValue } from './render.js';
export { units, type Unit } from './units.js';
