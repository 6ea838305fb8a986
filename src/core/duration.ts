// Kept free of zod so commands that only parse a duration (waive --expires 7d) start fast.

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

/** A measured duration for people: exact units as `formatDuration`, else the largest unit to one decimal (`86659200` → `1d`, `950400` → `15.8m`). */
export function describeDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= unitMs[unit]) return `${Number((ms / unitMs[unit]).toFixed(1))}${unit}`;
  }
  return `${Math.round(ms)}ms`;
}

/**
 * How long a condition must hold before it counts (`for`, `clearFor`): a duration (`10m`, or milliseconds), or a
 * number of consecutive evaluations with data (`3x`: 「连续3次」, CloudWatch's "3 out of 3 datapoints").
 */
export type Persistence = { readonly ms: number } | { readonly checks: number };

/** `3x`: a whole number of at least 1, then `x`. */
export const consecutivePattern = /^\s*([1-9]\d*)\s*x\s*$/;

/** Anything that looks like an attempt at the count form (`0x`, `1.5x`, `-2x`), for a precise message. */
export const consecutiveAttempt = /^\s*[-+]?\d*(?:\.\d+)?\s*x\s*$/i;

/** Parses a `for`/`clearFor` value: a duration, a number of milliseconds, or `3x`; undefined when it is none of them. */
export function parsePersistence(value: string | number): Persistence | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? { ms: value } : undefined;
  const count = consecutivePattern.exec(value);
  if (count) return { checks: Number(count[1]) };
  const ms = parseDuration(value);
  return ms === undefined ? undefined : { ms };
}
