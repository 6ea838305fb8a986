import { describe, expect, it } from 'vitest';
import { formatMoment } from './moment.js';

const at = Date.parse('2026-12-08T04:01:43Z');

describe('formatMoment', () => {
  it('writes English year first or with the month named, so no reader takes 8 December for 12 August', () => {
    expect(formatMoment(at, 'en', 'Asia/Shanghai')).toBe('2026-12-08 12:01:43');
    expect(formatMoment(at, 'en', 'Asia/Shanghai', 'date')).toBe('2026-12-08');
    expect(formatMoment(at, 'en', 'Asia/Shanghai', 'short')).toBe('8 Dec, 12:01');
    expect(formatMoment(Date.parse('2026-12-07T16:00:00Z'), 'en', 'Asia/Shanghai')).toBe('2026-12-08 00:00:00');
  });

  it('writes Chinese as zh-CN does, on a 24-hour clock', () => {
    expect(formatMoment(at, 'zh-CN', 'Asia/Shanghai')).toBe('2026/12/8 12:01:43');
    expect(formatMoment(at, 'zh', 'Asia/Shanghai', 'date')).toBe('2026/12/8');
    expect(formatMoment(at, 'zh-CN', 'Asia/Shanghai', 'short')).toBe('12月8日 12:01');
    expect(formatMoment(Date.parse('2026-12-07T16:00:00Z'), 'zh-CN', 'Asia/Shanghai')).toBe('2026/12/8 00:00:00');
  });

  it('reads the time zone it is given', () => {
    expect(formatMoment(at, 'en', 'UTC')).toBe('2026-12-08 04:01:43');
    expect(formatMoment(at, 'en', 'Europe/Berlin', 'short')).toBe('8 Dec, 05:01');
  });
});
