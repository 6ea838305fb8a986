import { describe, expect, it } from 'vitest';
import { parseSchedule, type Schedule } from './schedule.js';

function schedule(text: string, zone?: string): Schedule {
  const parsed = parseSchedule(text, zone);
  if ('error' in parsed) throw new Error(parsed.error.en);
  return parsed;
}

const t0 = Date.parse('2026-01-17T06:30:00Z'); // 14:30 in Shanghai
const day = 24 * 3_600_000;

describe('inspection schedules', () => {
  it('every N runs from T+0; hourly is every 1h', () => {
    expect(schedule('every 6h').dueTimes(t0, t0 + day).map((at) => new Date(at).toISOString())).toEqual(['2026-01-17T06:30:00.000Z', '2026-01-17T12:30:00.000Z', '2026-01-17T18:30:00.000Z', '2026-01-18T00:30:00.000Z']);
    expect(schedule('hourly').dueTimes(t0, t0 + day)).toHaveLength(24);
  });

  it("daily 09:00 is 09:00 in the plan's time zone (Asia/Shanghai by default), for 7 days", () => {
    const due = schedule('daily 09:00').dueTimes(t0, t0 + 7 * day);

    expect(due.map((at) => new Date(at).toISOString())).toEqual(Array.from({ length: 7 }, (_, index) => new Date(Date.parse('2026-01-18T01:00:00Z') + index * day).toISOString()));
    expect(schedule('daily at 9:00', 'Europe/Berlin').dueTimes(t0, t0 + day).map((at) => new Date(at).toISOString())).toEqual(['2026-01-17T08:00:00.000Z']);
  });

  it('reads cron expressions, including a due time exactly at T+0', () => {
    const monday = schedule('0 9 * * 1').dueTimes(t0, t0 + 14 * day);
    const exact = schedule('30 14 * * *').dueTimes(t0, t0 + day);

    expect(monday.map((at) => new Date(at).toISOString())).toEqual(['2026-01-19T01:00:00.000Z', '2026-01-26T01:00:00.000Z']);
    expect(exact).toEqual([t0]);
  });

  it('names the forms it reads when a schedule is none of them', () => {
    const parsed = parseSchedule('每周一上午');
    const tooFast = parseSchedule('every 10s');

    expect('error' in parsed && parsed.error.en).toContain('is not "every 1h", "hourly", "daily 09:00" or a cron expression');
    expect('error' in parsed && parsed.error.zh).toContain('cron 表达式');
    expect('error' in tooFast && tooFast.error.en).toBe('schedule "every 10s": the interval must be at least 1m');
  });
});
