/**
 * How much of a moment to write: `full` date and time with seconds, the `date` alone, or a `short` day and time for
 * tables and charts within a few days (no year, no seconds).
 */
export type MomentStyle = 'full' | 'date' | 'short';

/**
 * A moment as golive's readers read it, the same in the CLI and the dashboard: 24-hour clock; Chinese as zh-CN writes
 * it (`2026/12/8 12:01:43`, `12月8日 12:01`), English year first (`2026-12-08 12:01:43`) or with the month's name (`8 Dec, 15:15`),
 * because a day-first or month-first number date reads differently by country. `timeZone` undefined: the runtime's.
 */
export function formatMoment(at: number, language: string, timeZone: string | undefined, style: MomentStyle = 'full'): string {
  const date = new Date(at);
  if (language.startsWith('zh')) {
    if (style === 'date') return date.toLocaleDateString('zh-CN', { timeZone });
    if (style === 'short') return date.toLocaleString('zh-CN', { timeZone, month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    return date.toLocaleString('zh-CN', { timeZone, hourCycle: 'h23' });
  }
  if (style === 'short') return date.toLocaleString('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return style === 'date' ? day : `${day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
