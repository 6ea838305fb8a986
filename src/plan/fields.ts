import { z } from 'zod';

/** A duration written with a unit, as people write it in checklists: `500ms`, `30s`, `5m`, `24h`, `7d`. */
export const durationPattern = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `5m` into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * unitMs[unit as keyof typeof unitMs];
}

/** Formats milliseconds back into the largest whole unit (`90000` → `90s`, `86400000` → `1d`). */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= unitMs[unit] && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}

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
