import type { RateWindow } from './notifier.js';

/** Time as the sender sees it; tests pass a clock whose sleep only moves its own time forward. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Per-robot sliding windows: a send is allowed when every window of the kind has room, and a robot the platform
 * throttled stays blocked for its penalty. Keyed by robot (its URL), so two targets sharing a robot share its limit.
 * State lives in the process: a long-running worker or server keeps it; see docs/notifications.md.
 */
export class RateLimiter {
  readonly #sent = new Map<string, number[]>();
  readonly #blockedUntil = new Map<string, number>();

  /** Milliseconds until a send to `key` fits every window (0: now). */
  waitFor(key: string, windows: readonly RateWindow[], now: number): number {
    let wait = Math.max(0, (this.#blockedUntil.get(key) ?? 0) - now);
    const sent = this.#prune(key, windows, now);
    for (const window of windows) {
      const inWindow = sent.filter((at) => at > now - window.perMs);
      if (inWindow.length >= window.count) {
        // The oldest send that must leave the window before there is room again.
        const oldest = inWindow[inWindow.length - window.count] ?? now;
        wait = Math.max(wait, oldest + window.perMs - now);
      }
    }
    return wait;
  }

  /** Counts a send made at `now`. */
  record(key: string, now: number): void {
    const sent = this.#sent.get(key) ?? [];
    sent.push(now);
    this.#sent.set(key, sent);
  }

  /** The platform said "too fast": nothing goes to `key` before `until`. */
  block(key: string, until: number): void {
    this.#blockedUntil.set(key, Math.max(until, this.#blockedUntil.get(key) ?? 0));
  }

  #prune(key: string, windows: readonly RateWindow[], now: number): number[] {
    const longest = Math.max(0, ...windows.map((window) => window.perMs));
    const kept = (this.#sent.get(key) ?? []).filter((at) => at > now - longest);
    this.#sent.set(key, kept);
    return kept;
  }
}

/** The limiter every delivery in this process shares unless one is passed in. */
export const sharedLimiter = new RateLimiter();
