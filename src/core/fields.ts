import { z } from 'zod';
import { consecutivePattern, durationPattern, parseDuration, parsePersistence, type Persistence } from './duration.js';

export { describeDuration, durationPattern, formatDuration, parseDuration, parsePersistence, type Persistence } from './duration.js';

/** A duration field: `30s` or a number of milliseconds. */
export const durationField = z
  .union([z.number().nonnegative(), z.string().regex(durationPattern, 'expected a duration such as 500ms, 30s, 5m, 24h or 7d')])
  .describe('A duration: 500ms, 30s, 5m, 24h, 7d (or a number of milliseconds)');

/** Milliseconds of a validated duration field. */
export function durationMs(value: z.infer<typeof durationField>): number {
  return typeof value === 'number' ? value : (parseDuration(value) ?? 0);
}

/** A duration or a count of consecutive evaluations, as one pattern (so the JSON Schema checks `3x` and `0x` too). */
const persistencePattern = new RegExp(`^(?:${durationPattern.source.slice(1, -1)}|${consecutivePattern.source.slice(1, -1)})$`);

/**
 * How long a condition must hold (`for`, `clearFor`): a duration, or `3x` for three consecutive evaluations with data
 * (「连续3次」). Lint reports a malformed value with its own bilingual message.
 */
export const persistenceField = z
  .union([z.number().nonnegative(), z.string().regex(persistencePattern, 'expected a duration such as 30s, 5m or 1h, or a number of consecutive checks such as 3x')])
  .describe('A duration (30s, 5m, 1h, or milliseconds) or a number of consecutive evaluations with data: 3x');

/** A validated persistence field, parsed. */
export function persistenceOf(value: z.infer<typeof persistenceField>): Persistence {
  return parsePersistence(value) ?? { ms: 0 };
}

/** Numbers written as strings (after `${VAR}` interpolation, `port: "${PORT}"`) become numbers. */
function numericString(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/** An integer field that also accepts a numeric string, so `port: "${PORT}"` works after interpolation. */
export function integerField() {
  return z.preprocess(numericString, z.number().int());
}

/** A port number (1–65535), numeric strings accepted. */
export const portField = z.preprocess(numericString, z.number().int().min(1).max(65_535)).describe('A TCP port (1-65535)');

/** A boolean field that also accepts "true"/"false" strings from variables. */
export const booleanField = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean(),
);

/** One condition in the expectation language, e.g. `status == 200` (checked by lint, evaluated by the runner). */
export const conditionField = z.string().min(1).describe('A condition in the expectation language, e.g. status == 200');

/** Identifiers for items, roles, categories and phases: readable slugs. */
export const idField = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u, 'ids are letters, digits, "-", "_" and "." (no spaces)');
