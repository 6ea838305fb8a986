/** Units a number literal may carry. Facts are stored in the base unit of each dimension. */
export const units = ['ms', 's', 'm', 'h', 'd', 'B', 'KB', 'MB', 'GB', '%'] as const;
export type Unit = (typeof units)[number];

interface UnitSpec {
  /** base = amount × multiplier ÷ divisor; a divisor keeps `0.1%` exact instead of 0.1 × 0.01. */
  readonly multiplier: number;
  readonly divisor: number;
}

// Durations become milliseconds, sizes bytes (1 KB = 1024 B), percentages ratios (1% = 0.01).
const unitSpecs = {
  ms: { multiplier: 1, divisor: 1 },
  s: { multiplier: 1000, divisor: 1 },
  m: { multiplier: 60_000, divisor: 1 },
  h: { multiplier: 3_600_000, divisor: 1 },
  d: { multiplier: 86_400_000, divisor: 1 },
  B: { multiplier: 1, divisor: 1 },
  KB: { multiplier: 1024, divisor: 1 },
  MB: { multiplier: 1024 ** 2, divisor: 1 },
  GB: { multiplier: 1024 ** 3, divisor: 1 },
  '%': { multiplier: 1, divisor: 100 },
} as const satisfies Record<Unit, UnitSpec>;

export function isUnit(text: string): text is Unit {
  return (units as readonly string[]).includes(text);
}

/** Converts an amount written with a unit to the base unit: `toBase(1.5, 's')` is 1500. */
export function toBase(amount: number, unit: Unit): number {
  const spec = unitSpecs[unit];
  return (amount * spec.multiplier) / spec.divisor;
}

/** Prints a number without binary floating-point noise (0.1 + 0.2 prints as 0.3). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** Prints a base-unit value in the given unit: `formatWithUnit(812, 'ms')` is "812ms", `formatWithUnit(0.023, '%')` is "2.3%". */
export function formatWithUnit(value: number, unit: Unit): string {
  const spec = unitSpecs[unit];
  return `${formatNumber((value * spec.divisor) / spec.multiplier)}${unit}`;
}
