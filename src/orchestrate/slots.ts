import type { Clock } from './clock.js';

/**
 * Lets a worker's loops sleep until their next look, and wakes them early when work may be there (another slot took a
 * job, the scheduler sent some, a slot came free), so N slots do not each wait out their own poll interval.
 */
export class Waker {
  readonly #sleepers = new Set<AbortController>();

  /** Ends every sleep now. */
  wake(): void {
    for (const sleeper of this.#sleepers) sleeper.abort();
    this.#sleepers.clear();
  }

  /** Sleeps `ms` of the clock's time, less when woken; false when `signal` aborted (the loop should stop). */
  async sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const sleeper = new AbortController();
    this.#sleepers.add(sleeper);
    try {
      await clock.sleep(ms, signal ? AbortSignal.any([signal, sleeper.signal]) : sleeper.signal);
    } catch {
      // Woken or stopped: the caller looks at its signal.
    } finally {
      this.#sleepers.delete(sleeper);
    }
    return !signal?.aborted;
  }
}

/**
 * The N slots of a worker, each a loop that runs one job at a time. They run until the caller's signal stops them or
 * one of them fails; a failure stops the others too (they finish what they hold) and is thrown once all have ended.
 */
export class Slots {
  readonly #stop = new AbortController();
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#stop.abort();

  constructor(signal?: AbortSignal) {
    this.#signal = signal;
    if (signal?.aborted) this.#stop.abort();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Aborts when the worker stops taking jobs. */
  get stopping(): AbortSignal {
    return this.#stop.signal;
  }

  /** Stops taking jobs (idle with `exitWhenIdle`); the jobs in hand finish. */
  stopNow(): void {
    this.#stop.abort();
  }

  /** Runs slots 1 … `concurrency` (named in log lines) until every one has returned. */
  async run(concurrency: number, slot: (slot: number) => Promise<void>): Promise<void> {
    const numbers = Array.from({ length: Math.max(1, Math.floor(concurrency)) }, (_, index) => index + 1);
    try {
      const ended = await Promise.allSettled(
        numbers.map(async (number) => {
          try {
            await slot(number);
          } catch (error) {
            this.#stop.abort();
            throw error;
          }
        }),
      );
      const failed = ended.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      this.#signal?.removeEventListener('abort', this.#onAbort);
    }
  }
}
