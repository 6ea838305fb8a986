import { z } from 'zod';
import { conditionField, durationField, integerField } from '../core/fields.js';

/**
 * Fields every check has besides its kind's own: what must hold, what only warns,
 * and how the runtime wrapper times and retries it. Kinds extend this shape.
 */
export const baseCheckShape = {
  expect: z.array(conditionField).optional().describe('Conditions that must all hold; a failing one fails the item'),
  warn: z.array(conditionField).optional().describe('Conditions that only warn when they do not hold'),
  timeout: durationField.optional().describe('Time allowed for one attempt (default: the kind\'s own)'),
  retries: integerField().pipe(z.number().min(0).max(10)).optional().describe('Extra attempts after a failure or error'),
  retryDelay: durationField.optional().describe('Pause between attempts (default 1s)'),
} as const;

/** Builds a kind's schema: `kind: <name>` plus the base fields plus the kind's own, unknown keys rejected. */
export function checkSchema<const Name extends string, Shape extends z.ZodRawShape>(name: Name, shape: Shape) {
  return z.strictObject({ kind: z.literal(name), ...baseCheckShape, ...shape });
}

/** What the runner and reporters know about any check, whatever its kind. */
export interface BaseCheck {
  readonly kind: string;
  readonly expect?: readonly string[] | undefined;
  readonly warn?: readonly string[] | undefined;
  readonly timeout?: number | string | undefined;
  readonly retries?: number | undefined;
  readonly retryDelay?: number | string | undefined;
}
