import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { JobRecord, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { JobOutcome, JobTypeContext, RegisteredJobType, RunJob } from './job-types.js';
import { Slots, Waker } from './slots.js';

export interface WorkerOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Unique per process: a claim names its worker, so a lost claim is noticed. */
  readonly name: string;
  /** The job types this worker takes (`jobTypes`), and what their handlers get. */
  readonly types: readonly RegisteredJobType[];
  readonly context: JobTypeContext;
  /** Stops taking jobs; the jobs in hand finish first (for at most a lease, then their claims are left to run out). */
  readonly signal?: AbortSignal;
  /** How long a claim holds before another worker may take the job over (its worker died). */
  readonly leaseMs?: number;
  /** Clock time between looks when nothing is due. */
  readonly pollMs?: number;
  /** Jobs in flight at once (slots 1 … N, each its own claim loop over the one store); default 1. */
  readonly concurrency?: number;
  /** Stop once no job of these queues is queued or running (tests, one-shot catch-up). */
  readonly exitWhenIdle?: boolean;
  onJob?(job: JobRecord, outcome: JobOutcome, kept: boolean, slot: number): void;
  /** A store call that failed (the database away for a moment, no pooled connection in time); the slot goes on. */
  onError?(error: Bilingual): void;
}

/**
 * Takes due jobs in `concurrency` slots until stopped, each slot one job at a time: claim (under the store's write
 * lock, with a lease), run, finish. A worker killed mid-job leaves claims whose lease runs out; another worker then
 * takes those jobs over. A job is finished once: a slot that lost its claim (the claim names the worker and the
 * attempt) has its outcome discarded.
 */
export async function runWorker(options: WorkerOptions): Promise<{ done: number }> {
  const handlers = new Map<string, RunJob<unknown>>(options.types.map((type) => [type.name, type.handler(options.context)]));
  const queues = [...handlers.keys()];
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 15_000;
  const waker = new Waker();
  const slots = new Slots(options.signal);
  // Stopping drains: the jobs in hand go on for up to a lease, then they are given up (their claims run out).
  const givenUp = new AbortController();
  slots.stopping.addEventListener('abort', () => void options.clock.sleep(leaseMs, givenUp.signal).then(() => givenUp.abort(), () => undefined), { once: true });
  let done = 0;
  const runSlot = async (slot: number): Promise<void> => {
    while (!slots.stopping.aborted) {
      let job: JobRecord | undefined;
      try {
        job = await options.store.claimJob(options.name, new Date(options.clock.now()), leaseMs, queues);
        if (!job && options.exitWhenIdle && (await options.store.countOpenJobs(queues)) === 0) return;
      } catch (error) {
        // Reported, and looked at again after a poll, as the pg-boss scheduler does: one slot's failure never ends the worker.
        options.onError?.(storeTrouble(error, bi('could not take a job', '无法领取任务')));
      }
      if (!job) {
        if (!(await waker.sleep(options.clock, pollMs, slots.stopping))) return;
        continue;
      }
      // More may be due: the other slots look now rather than at their next poll.
      waker.wake();
      const handler = handlers.get(job.queue);
      const controller = new AbortController();
      const stop = () => controller.abort();
      givenUp.signal.addEventListener('abort', stop, { once: true });
      const beating = heartbeat(options, job, leaseMs, controller);
      let outcome: JobOutcome;
      try {
        outcome = handler ? await handler(job.payload, controller.signal) : { status: 'failed', result: { error: noHandler(job.queue) } };
      } catch (error) {
        outcome = couldNotRun(error);
      } finally {
        givenUp.signal.removeEventListener('abort', stop);
        await beating.stop();
      }
      // Given up while stopping: leave the claim to run out, so another worker (or this one, restarted) redoes it whole.
      if (givenUp.signal.aborted) return;
      let kept: boolean;
      try {
        kept = await options.store.finishJob(job.id, options.name, job.attempts, outcome);
      } catch (error) {
        options.onError?.(storeTrouble(error, bi(`could not record the outcome of ${job.id}; it runs again once its claim runs out`, `无法记录 ${job.id} 的结果；其领取超时后将重新执行`)));
        continue;
      }
      if (kept) done += 1;
      options.onJob?.(job, outcome, kept, slot);
    }
  };
  try {
    await slots.run(options.concurrency ?? 1, runSlot);
  } finally {
    givenUp.abort();
  }
  return { done };
}

/**
 * Extends the claim every third of the lease while the job runs, so a slow job is never taken over by
 * another worker; a claim that cannot be extended (lost) aborts the job.
 */
function heartbeat(options: WorkerOptions, job: JobRecord, leaseMs: number, jobControl: AbortController): { stop: () => Promise<void> } {
  const beats = new AbortController();
  const running = (async () => {
    for (;;) {
      try {
        await options.clock.sleep(leaseMs / 3, beats.signal);
      } catch {
        return;
      }
      const kept = await options.store.extendJobLease(job.id, options.name, job.attempts, new Date(options.clock.now() + leaseMs)).catch(() => true);
      if (!kept) {
        jobControl.abort();
        return;
      }
    }
  })();
  return {
    stop: async () => {
      beats.abort();
      await running;
    },
  };
}

function noHandler(queue: string): Bilingual {
  return bi(`no worker handles the queue "${queue}"`, `没有处理队列 "${queue}" 的工作进程`);
}

/** What a worker says when the store failed it (a `GoliveError` already says which store and why). */
export function storeTrouble(error: unknown, doing: Bilingual): Bilingual {
  if (error instanceof GoliveError) return bi(`${doing.en}: ${error.text.en}`, `${doing.zh}：${error.text.zh}`);
  const detail = error instanceof Error ? error.message : String(error);
  return bi(`${doing.en}: the store did not answer (${detail})`, `${doing.zh}：存储未响应（${detail}）`);
}

/** A handler that threw: the job is recorded as `failed` with the message (both workers). */
export function couldNotRun(error: unknown): JobOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', result: { error: bi(`the job could not run: ${message}`, `任务无法执行：${message}`) } };
}
