import { Worker } from 'node:worker_threads';
import type { BatchRequest, BatchResult, WorkerSetup } from './batch.js';

type Reply = { ok: true; result: BatchResult } | { ok: false; id: number; message: string };

interface Slot {
  worker: Worker;
  dead?: boolean;
  busy?: { request: BatchRequest; resolve: (r: BatchResult) => void; reject: (e: Error) => void };
}

/** Where the worker module lives: next to this file, as .ts under tsx/vitest and as .js in dist/. */
function workerEntry(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    url: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
  };
}

/** A fixed set of worker threads taking batches of files in turn. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { request: BatchRequest; resolve: (r: BatchResult) => void; reject: (e: Error) => void }[] = [];
  private closed = false;

  constructor(size: number, setup: WorkerSetup) {
    const { url, execArgv } = workerEntry();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { workerData: setup, execArgv });
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
      worker.unref();
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
