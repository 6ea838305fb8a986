import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchRequest, BatchResult, WorkerSetup } from './batch.js';

type Reply = { ok: true; result: BatchResult } | { ok: false; id: number; message: string };

interface Job {
  request: BatchRequest;
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  dead?: boolean;
  /** Jobs posted to the worker, oldest first; it answers them in order. */
  posted: Job[];
}

/**
 * Jobs posted to one worker ahead of its replies: the next one already waits in its inbox when it finishes a batch,
 * so it does not sit idle until the calling thread, busy scanning its own share, gets round to its reply.
 */
const depth = 2;

/**
 * Starts the worker module that lives next to this file: `worker.js` in dist/, or `worker.ts` when running
 * from source (vitest, tsx). Node 20 does not apply `--import tsx` hooks to a worker's entry module, so the
 * source path boots through a tiny script that registers tsx first and then imports the TypeScript worker.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
  // require.resolve picks the package's CommonJS build; its ESM twin is the one whose register() works here.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/**
 * A fixed set of worker threads taking batches of files in turn. An idle worker does not keep the process alive
 * (it is unref'd until it is given work), so a pool can outlive one scan and serve the next one warm.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(size: number, setup: WorkerSetup) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(setup);
      worker.unref();
      const slot: Slot = { worker, posted: [] };
      worker.on('message', (reply: Reply) => {
        const job = slot.posted.shift();
        if (slot.posted.length === 0) worker.unref();
        if (job !== undefined) {
          if (reply.ok) job.resolve(reply.result);
          else job.reject(new Error(reply.message));
        }
        this.pump();
      });
      const die = (error: Error): void => {
        if (slot.dead === true) return;
        slot.dead = true;
        for (const job of slot.posted.splice(0)) job.reject(error);
        if (this.slots.every((s) => s.dead === true)) for (const queued of this.queue.splice(0)) queued.reject(error);
        else this.pump();
      };
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`scan worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  /** Scans a batch on the next free worker. */
  run(request: BatchRequest): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** How many batches the workers can hold at once; more than that waits in the pool's queue. */
  get capacity(): number {
    return this.slots.length * depth;
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0 && slot.posted.length < depth && slot.dead !== true) {
        const job = this.queue.shift() as Job;
        slot.posted.push(job);
        slot.worker.ref();
        slot.worker.postMessage(job.request);
      }
    }
  }

  /** False once closed or once every worker has died: such a pool cannot take work any more. */
  get usable(): boolean {
    return !this.closed && this.slots.some((s) => s.dead !== true);
  }

  /** Stops every worker; pending batches are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) slot.dead = true;
    const aborted = new Error('scan aborted');
    for (const job of this.queue.splice(0)) job.reject(aborted);
    for (const slot of this.slots) for (const job of slot.posted.splice(0)) job.reject(aborted);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
