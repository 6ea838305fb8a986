import { Cron } from 'croner';
import { bi, type Bilingual } from '../i18n/text.js';
import { parseDuration } from '../plan/fields.js';

/** Where inspections are scheduled when the plan names no time zone (these teams' own). */
export const defaultTimeZone = 'Asia/Shanghai';

/** A parsed inspection schedule: when it is due between two instants. */
export interface Schedule {
  readonly text: string;
  /** Due instants (ms) in [from, until), at most `limit`. */
  dueTimes(from: number, until: number, limit?: number): number[];
}

const maxDue = 10_000;

/**
 * `every 1h` / `every 30m` (from the start), `hourly`, `daily 09:00` (in the time zone), or a cron
 * expression such as `0 9 * * 1` (in the time zone). Anything else is an error value naming the forms.
 */
export function parseSchedule(text: string, timeZone = defaultTimeZone): Schedule | { error: Bilingual } {
  const trimmed = text.trim();
  const every = /^every\s+(\S+)$/i.exec(trimmed);
  const interval = trimmed.toLowerCase() === 'hourly' ? 3_600_000 : every ? parseDuration(every[1] ?? '') : undefined;
  if (interval !== undefined) {
    if (interval < 60_000) return { error: bi(`schedule "${text}": the interval must be at least 1m`, `计划 "${text}"：间隔至少 1 分钟`) };
    return {
      text: trimmed,
      dueTimes: (from, until, limit = maxDue) => {
        const times: number[] = [];
        for (let at = from; at < until && times.length < limit; at += interval) times.push(at);
        return times;
      },
    };
  }
  const daily = /^daily\s+(?:at\s+)?(\d{1,2}):(\d{2})$/i.exec(trimmed);
  const pattern = daily ? `${Number(daily[2])} ${Number(daily[1])} * * *` : trimmed;
  let cron: Cron;
  try {
    cron = new Cron(pattern, { timezone: timeZone, paused: true });
  } catch (error) {
    return {
      error: bi(
        `schedule "${text}" is not "every 1h", "hourly", "daily 09:00" or a cron expression (${error instanceof Error ? error.message : String(error)})`,
        `计划 "${text}" 不是 "every 1h"、"hourly"、"daily 09:00" 或 cron 表达式（${error instanceof Error ? error.message : String(error)}）`,
      ),
    };
  }
  return {
    text: trimmed,
    dueTimes: (from, until, limit = maxDue) => {
      const times: number[] = [];
      // croner's nextRun is exclusive of its start, so start just before `from` to include a run exactly at it.
      let next = cron.nextRun(new Date(from - 1));
      while (next && next.getTime() < until && times.length < limit) {
        times.push(next.getTime());
        next = cron.nextRun(next);
      }
      return times;
    },
  };
}
