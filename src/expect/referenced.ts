import type { Expr, Operand } from './ast.js';
import type { Condition } from './condition.js';

/** Root fact names a condition reads (`body.status` → "body"), in order of first use, for lint to check against a kind's declared facts. */
export function referencedFacts(condition: Condition): string[] {
  const roots = new Set<string>();
  visit(condition.ast, roots);
  return [...roots];
}

function visit(expr: Expr, roots: Set<string>): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const operand of expr.operands) visit(operand, roots);
      return;
    case 'not':
      return visit(expr.operand, roots);
    case 'compare':
      collect(expr.left, roots);
      return collect(expr.right, roots);
    case 'contains':
      collect(expr.subject, roots);
      return collect(expr.needle, roots);
    case 'matches':
    case 'in':
    case 'exists':
    case 'truthy':
      return collect(expr.subject, roots);
  }
}

function collect(operand: Operand, roots: Set<string>): void {
  if (operand.kind === 'path') roots.add(operand.root);
  else if (operand.kind === 'call') collect(operand.arg, roots);
}
