import type { PlanGuard } from '../plan/schema.js';
import { commandShapes, patternShape, shapeMatches } from './command-shape.js';

/** A guard of the plan that a command runs into, and which of the command's parts did. */
export interface GuardHit {
  readonly guard: PlanGuard;
  /** The simple command that matched (`sh -c '…'` and `&&` chains hold several). */
  readonly command: string;
}

/**
 * The guards a command runs into, `forbid` ones first. A guard limited to environments applies in those, and
 * whenever the environment is not known (a guard errs on the side of asking).
 */
export function guardHits(guards: readonly PlanGuard[], argv: readonly string[], environment?: string): GuardHit[] {
  const shapes = commandShapes(argv);
  const hits: GuardHit[] = [];
  for (const guard of guards) {
    if (guard.environments && guard.environments.length > 0 && environment !== undefined && !guard.environments.includes(environment)) continue;
    const pattern = patternShape(guard.command);
    if (!pattern) continue;
    const shape = shapes.find((candidate) => shapeMatches(pattern, candidate));
    if (shape) hits.push({ guard, command: [...shape.words, ...shape.options].join(' ') });
  }
  return hits.sort((a, b) => rank(a.guard) - rank(b.guard));
}

function rank(guard: PlanGuard): number {
  return (guard.action ?? 'forbid') === 'forbid' ? 0 : 1;
}
