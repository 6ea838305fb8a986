import { setTimeout as sleepFor } from 'node:timers/promises';

/** Time as the orchestration sees it; injected so a 24-hour hold and a 7-day inspection run in seconds in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` of this clock's time; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** How many times faster than the wall clock it runs (1 but in tests and demos); a queue that counts wall time needs it. */
  readonly scale: number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepFor(ms, undefined, signal ? { signal } : {}),
  scale: 1,
};

/**
 * A clock that runs `scale` times faster than the wall clock from `origin` on. Every process given
 * the same origin and scale agrees on the time, so a hold that a killed process started resumes in
 * the next one with the right remaining time.
 */
export function acceleratedClock(scale: number, origin: number): Clock {
  return {
    now: () => origin + (Date.now() - origin) * scale,
    sleep: (ms, signal) => sleepFor(Math.max(0, ms / scale), undefined, signal ? { signal } : {}),
    scale,
  };
}

/**
 * The clock of this process: the system clock, or an accelerated one when `GOLIVE_TIME_SCALE` and
 * `GOLIVE_TIME_ORIGIN` (ms since the epoch) are set — for demos and tests of long holds, never production.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv): Clock {
  const scale = Number(env.GOLIVE_TIME_SCALE);
  const origin = Number(env.GOLIVE_TIME_ORIGIN);
  return Number.isFinite(scale) && scale > 0 && Number.isFinite(origin) && origin > 0 ? acceleratedClock(scale, origin) : systemClock;
}
