import { describe, expect, it } from 'vitest';
import type { CliContext } from './context.js';
import { fromOption, timeOf } from './time.js';

const context = (locale: CliContext['locale'], env: NodeJS.ProcessEnv = {}) => ({ locale, env }) as CliContext;
const at = Date.parse('2026-12-08T04:01:43Z');

describe('timeOf', () => {
  it('writes an English date year first, so no reader takes 8 December for 12 August', () => {
    expect(timeOf(context('en'), at)).toBe('2026-12-08 12:01:43');
    expect(timeOf(context('en'), Date.parse('2026-12-07T16:00:00Z'))).toBe('2026-12-08 00:00:00');
  });

  it("reads the plan's time zone, else TZ, else Asia/Shanghai; Chinese as zh-CN writes it", () => {
    expect(timeOf(context('en', { TZ: 'UTC' }), at)).toBe('2026-12-08 04:01:43');
    expect(timeOf(context('en', { TZ: 'UTC' }), at, 'Europe/Berlin')).toBe('2026-12-08 05:01:43');
    expect(timeOf(context('zh-CN'), at)).toBe('2026/12/8 12:01:43');
  });

  it('refuses a --from that is not a date and time, naming an example', () => {
    expect(fromOption(undefined)).toBeUndefined();
    expect(fromOption('2026-12-07T09:00+08:00')).toBe(Date.parse('2026-12-07T01:00:00Z'));
    expect(() => fromOption('tomorrow')).toThrow(/--from takes a date and time such as 2026-12-07T09:00\+08:00, got "tomorrow"/);
  });
});
