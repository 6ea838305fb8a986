import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchRequest, BatchResult, WorkerMessage, WorkerReply, WorkerSetup } from './batch.js';

interface Job {
  request: BatchRequest;
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Its modules are loaded: only then is it given shares, so a scan never waits on a worker that is still starting. */
  ready?: boolean;
  dead?: boolean;
  /** Jobs posted to the worker, oldest first; it answers them in order. */
  posted: Job[];
}

/**
 * Jobs posted to one worker ahead of its replies: the next one already waits in its inbox when it finishes a batch,
 * so it does not sit idle until the calling thread, busy scanning its own share, gets round to its reply.
 */
export const sharesPerWorker = 2;

/**
 * Starts the worker module that lives next to this file: `worker.js` in dist/, or `worker.ts` when running
 * from source (vitest, tsx). Node 20 does not apply `--import tsx` hooks to a worker's entry module, so the
 * source path boots through a tiny script that registers tsx first and then imports the TypeScript worker.
 */
function startWorker(hunger: Int32Array): Worker {
  const workerData: ScanWorkerData = { hunger };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  // require.resolve picks the package's CommonJS build; its ESM twin is the one whose register() works here.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** What a scan worker gets when it starts. */
export interface ScanWorkerData {
  /** Non-zero while the calling thread has nothing of its own to walk: a worker then ends its share early (`runBatch`). */
  hunger: Int32Array;
}

/** Worker threads for a scan: as asked, else one per core besides the calling thread's (which scans too). */
export function workerCount(requested?: number): number {
  return Math.max(0, Math.floor(requested ?? availableParallelism() - 1));
}

/**
 * A fixed set of worker threads taking batches of files in turn. An idle worker does not keep the process alive
 * (it is unref'd until it is given work), so a pool can outlive one scan and serve the next one warm. Workers start
 * without a setup (`configure` posts it), so they can load while the caller is still preparing the scan.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly hunger = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(this.hunger);
      const slot: Slot = { worker, posted: [] };
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          slot.ready = true;
          this.pump();
          return;
        }
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
      // After the listeners: adding a 'message' listener refs the worker's port again, and an idle worker listening on
      // its own port then kept the process alive (a `golive run` with a secrets check hung after its report).
      worker.unref();
      this.slots.push(slot);
    }
  }

  /** Sets up every worker for the next batches; a worker reads its messages in order, so batches posted later use it. */
  configure(setup: WorkerSetup): void {
    const message: WorkerMessage = { setup };
    for (const slot of this.slots) if (slot.dead !== true) slot.worker.postMessage(message);
  }

  /**
   * Says whether the calling thread is waiting with nothing of its own to walk. Workers then end their shares after a
   * few files and hand back the directories they have not reached, instead of finishing a share the calling thread
   * could have helped with (a worker's first shares run cold, and a share hands back its rest only when it ends).
   */
  hungry(waiting: boolean): void {
    Atomics.store(this.hunger, 0, waiting ? 1 : 0);
  }

  /** Scans a batch on the next free worker. */
  run(request: BatchRequest): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  /** How many batches the ready workers can hold at once (0 while all are still starting); more waits in the pool's queue. */
  get capacity(): number {
    return this.slots.filter((s) => s.ready === true && s.dead !== true).length * sharesPerWorker;
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (this.queue.length > 0 && slot.posted.length < sharesPerWorker && slot.ready === true && slot.dead !== true) {
        const job = this.queue.shift() as Job;
        slot.posted.push(job);
        slot.worker.ref();
        const message: WorkerMessage = job.request;
        // Heavy files' bytes move to the worker without a copy (each has its own ArrayBuffer).
        slot.worker.postMessage(message, job.request.heavy?.map((file) => file.bytes.buffer as ArrayBuffer) ?? []);
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

/** Pools started ahead of a scan by `prestartWorkers`, by size, until a scan takes one. */
const prestarted = new Map<number, WorkerPool>();

/**
 * Starts a scan's workers now, before the scan is set up: `golive scan` calls it first thing, so the workers load their
 * modules while the calling thread loads its own, instead of starting after the calling thread's first share. The next
 * scan with as many workers takes them (`takePrestarted`); unused, they do not keep the process alive.
 */
export function prestartWorkers(requested?: number): void {
  const size = workerCount(requested);
  if (size > 0 && !prestarted.has(size)) prestarted.set(size, new WorkerPool(size));
}

/** The pool `prestartWorkers` started with this many workers, if any (each is taken once). */
export function takePrestarted(size: number): WorkerPool | undefined {
  const pool = prestarted.get(size);
  prestarted.delete(size);
  return pool?.usable === true ? pool : undefined;
}
