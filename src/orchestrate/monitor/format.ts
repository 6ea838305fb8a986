/** A monitor's value as its threshold writes it: 0.063 is "6.3%" for a threshold in %, 1500 is "1500ms" for one in time. */
export function formatMonitorValue(value: number | null, threshold: string | undefined): string {
  if (value === null) return '∅';
  if (threshold && /%/.test(threshold)) return `${Number((value * 100).toPrecision(3))}%`;
  if (threshold && /\d\s*(ms|s|m|h)\b/.test(threshold)) return `${Number(value.toPrecision(4))}ms`;
  return String(Number(value.toPrecision(4)));
}
