import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { CliContext } from './context.js';

/**
 * A moment as people of the plan read it: in the plan's time zone (default Asia/Shanghai), 24-hour clock; `2026/12/8
 * 12:01:43` in Chinese, `2026-12-08 12:01:43` in English (a day-first or month-first date reads differently by country).
 */
export function timeOf(ctx: CliContext, at: number, zone?: string): string {
  const timeZone = zone ?? ctx.env.TZ ?? 'Asia/Shanghai';
  if (ctx.locale === 'zh-CN') return new Date(at).toLocaleString('zh-CN', { timeZone, hour12: false });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `--from` of the scheduling commands: a date and time, or undefined for "now by the environment's clock". */
export function fromOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new GoliveError('usage.from', bi(`--from takes a date and time such as 2026-12-07T09:00+08:00, got "${text}"`, `--from 需要日期时间，例如 2026-12-07T09:00+08:00，收到 "${text}"`));
  return at;
}
