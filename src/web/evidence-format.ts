/** How evidence numbers read, by their key's name (pure, so it is tested without a browser). */

function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KB`;
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** A number read by its key's name: durations (…Ms, duration), sizes (…bytes, size), percentages (…percent, ratio). */
export function formatNumber(key: string, value: number): string {
  if (/ms$|^duration$/i.test(key)) return formatDuration(value);
  if (/bytes$|^size$|truncatedAt/i.test(key)) return formatSize(value);
  if (/percent|pct$/i.test(key)) return `${value.toFixed(1)} %`;
  if (/ratio$/i.test(key)) return `${(value <= 1 ? value * 100 : value).toFixed(1)} %`;
  // Status codes, ports, exit codes: as they are (no thousands separators).
  return String(value);
}
