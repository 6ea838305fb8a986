import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchRequest, BatchResult, WorkerSetup } from './batch.js';

type Reply = { ok: true; result: BatchResult } | { ok: false; id: number; message: string };

interface Slot {
  worker: Worker;
  dead?: boolean;
  busy?: { request: BatchRequest; resolve: (r: BatchResult) => void; reject: (e: Error) => void };
}

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

/** A fixed set of worker threads taking batches of files in turn. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { request: BatchRequest; resolve: (r: BatchResult) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  constructor(size: number, setup: WorkerSetup) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(setup);
      const slot: Slot = { worker };
      worker.on('message', (reply: Reply) => {
        const job = slot.busy;
        slot.busy = undefined;
        if (job !== undefined) {
          if (reply.ok) job.resolve(reply.result);
          else job.reject(new Error(reply.message));
        }
        this.pump();
      });
      const die = (error: Error): void => {
        if (slot.dead === true) return;
        slot.dead = true;
        const job = slot.busy;
        slot.busy = undefined;
        job?.reject(error);
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

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== undefined || slot.dead === true) continue;
      const job = this.queue.shift();
      if (job === undefined) return;
      slot.busy = job;
      slot.worker.postMessage(job.request);
    }
  }

  /** Stops every worker; pending batches are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) slot.dead = true;
    const aborted = new Error('scan aborted');
    for (const job of this.queue.splice(0)) job.reject(aborted);
    for (const slot of this.slots) slot.busy?.reject(aborted);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
