import { GoliveError } from '../core/errors.js';
import { formatMoment } from '../core/moment.js';
import { bi } from '../core/text.js';
import type { CliContext } from './context.js';

/** A moment as people of the plan read it (`formatMoment`): in the plan's time zone (default Asia/Shanghai), the CLI's language. */
export function timeOf(ctx: CliContext, at: number, zone?: string): string {
  return formatMoment(at, ctx.locale, zone ?? ctx.env.TZ ?? 'Asia/Shanghai');
}

/** `--from` of the scheduling commands: a date and time, or undefined for "now by the environment's clock". */
export function fromOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new GoliveError('usage.from', bi(`--from takes a date and time such as 2026-12-07T09:00+08:00, got "${text}"`, `--from 需要日期时间，例如 2026-12-07T09:00+08:00，收到 "${text}"`));
  return at;
}
