import { z } from 'zod';
import { durationPattern, parseDuration } from './duration.js';

export { describeDuration, durationPattern, formatDuration, parseDuration } from './duration.js';

/** A duration field: `30s` or a number of milliseconds. */
export const durationField = z
  .union([z.number().nonnegative(), z.string().regex(durationPattern, 'expected a duration such as 500ms, 30s, 5m, 24h or 7d')])
  .describe('A duration: 500ms, 30s, 5m, 24h, 7d (or a number of milliseconds)');

/** Milliseconds of a validated duration field. */
export function durationMs(value: z.infer<typeof durationField>): number {
  return typeof value === 'number' ? value : (parseDuration(value) ?? 0);
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
