import { createHash } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { JobDue, JobRecord, Store } from '../store/store.js';
import type { JobOutcome, JobTypeContext, RegisteredJobType, RunJob } from './job-types.js';
import { systemClock, type Clock } from './clock.js';
import { Slots, Waker } from './slots.js';
import { couldNotRun, storeTrouble } from './worker.js';

/**
 * Team mode: golive's scheduler decides what is due, pg-boss is only the work queue.
 *
 * Every worker also schedules: it hands the store's due jobs to pg-boss (`dispatch`), each as one pg-boss job whose id
 * is derived from `type/key/dueAt` (also its `singletonKey`), so two schedulers sending the same due time make one
 * pg-boss job. pg-boss claims with `FOR UPDATE SKIP LOCKED` on its own tables, expires a job whose worker died after
 * the lease and retries it elsewhere. It delivers at least once; the store's `job_completions` row, written in the same
 * transaction as the outcome, makes it once: a delivery whose due time finished already is acknowledged and skipped.
 * Due times never go to pg-boss as `startAfter`: only golive's clock (accelerated in tests) knows plan time.
 */
export interface BossWorkerOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Unique per process, recorded with what it finished. */
  readonly name: string;
  readonly types: readonly RegisteredJobType[];
  readonly context: JobTypeContext;
  /** pg-boss's database and schema (`bossConnection`). */
  readonly connection: BossConnection;
  /** Stops taking jobs; the jobs in hand finish first, each within its lease (then pg-boss retries it elsewhere). */
  readonly signal?: AbortSignal;
  /** Clock time a job may run before pg-boss gives it to another worker (the worker stops it then). */
  readonly leaseMs?: number;
  /** Clock time between two looks for due jobs. */
  readonly pollMs?: number;
  /** Jobs in flight at once (slots 1 … N over one pg-boss instance and one pool); default 1. */
  readonly concurrency?: number;
  /** Stop once no job of these types is queued or running (tests, one-shot catch-up). */
  readonly exitWhenIdle?: boolean;
  onJob?(job: QueuedJob, outcome: JobOutcome | undefined, kept: boolean, slot: number): void;
  /** pg-boss's own errors (a lost connection, a failed maintenance run); it goes on. */
  onError?(error: Bilingual): void;
}

/** What a pg-boss job carries: the due time to run once, the store's job row, and the payload. */
export interface QueuedJob extends JobDue {
  readonly jobId: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface BossConnection {
  readonly connectionString: string;
  readonly schema: string;
}

const retries = { retryLimit: 3, retryDelay: 1, retryBackoff: true } as const;
const dispatchBatch = 500;

/**
 * pg-boss's tables live next to golive's: schema `<store schema>_boss` (`golive_boss` for a store in `public`), so
 * stores that share a database (`?schema=`) never share a queue.
 */
export function bossConnection(databaseUrl: string): BossConnection {
  const url = new URL(databaseUrl);
  const storeSchema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const schema = storeSchema ? `${storeSchema}_boss` : 'golive_boss';
  if (schema.length > 63) {
    throw new GoliveError('store.url', bi(`DATABASE_URL: schema "${storeSchema}" is too long to name its queue schema ${schema} (at most 58 characters)`, `DATABASE_URL：schema "${storeSchema}" 过长，无法命名队列 schema ${schema}（最多 58 个字符）`));
  }
  return { connectionString: url.toString(), schema };
}

/** pg-boss job ids are UUIDs: this one is a digest of the due time, so sending it twice inserts nothing. */
export function queuedJobId(due: JobDue): string {
  const hex = createHash('sha256').update(singletonKey(due)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function singletonKey(due: JobDue): string {
  return `${due.type}/${due.key}/${new Date(due.dueAt).toISOString()}`;
}

/** Wall time between two looks at pg-boss for jobs while no slot was woken (a slot came free, the scheduler sent jobs). */
const fetchIntervalMs = 500;

/** Runs the worker until stopped (or idle); returns how many jobs it finished. */
export async function runBossWorker(options: BossWorkerOptions): Promise<{ done: number }> {
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  // Not more often than every 100 ms of wall time, however fast the clock runs.
  const pollMs = Math.max(options.pollMs ?? 15_000, 100 * options.clock.scale);
  // pg-boss counts the lease in wall seconds (at most 24 h); golive's options are in its clock's time.
  const expireInSeconds = Math.min(23 * 3_600, Math.max(1, Math.ceil(leaseMs / options.clock.scale / 1000)));
  const { default: PgBossClass } = await import('pg-boss');
  const boss = new PgBossClass({
    connectionString: options.connection.connectionString,
    schema: options.connection.schema,
    application_name: `golive worker ${options.name}`,
    max: 3,
    // Expiry of a dead worker's job runs with maintenance: often enough that a killed worker's job is retried within about 1.5 leases.
    maintenanceIntervalSeconds: Math.max(1, Math.min(120, Math.floor(expireInSeconds / 2))),
    schedule: false,
  });
  boss.on('error', (error: Error) => options.onError?.(bi(`pg-boss: ${error.message}`, `pg-boss：${error.message}`)));
  try {
    await boss.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new GoliveError('queue.start', bi(`cannot start the job queue (pg-boss, schema ${options.connection.schema}): ${message}`, `无法启动任务队列（pg-boss，schema ${options.connection.schema}）：${message}`), { cause: error });
  }
  const handlers = new Map(options.types.map((type) => [type.name, type.handler(options.context)]));
  const queues = [...handlers.keys()];
  const slots = new Slots(options.signal);
  const waker = new Waker();
  let done = 0;
  try {
    for (const type of options.types) await ensureQueue(boss, type.name, { name: type.name, expireInSeconds, ...retries });
    // The scheduler: due rows to pg-boss every poll; it also notices when everything is done (exitWhenIdle).
    const scheduling = (async () => {
      while (!slots.stopping.aborted) {
        try {
          if ((await dispatchDueJobs(options, boss, expireInSeconds)) > 0) waker.wake();
          else if (options.exitWhenIdle && (await idle(options.store, boss, queues))) {
            slots.stopNow();
            return;
          }
        } catch (error) {
          // A database that went away for a moment: say so and look again next time, as pg-boss's own loops do.
          options.onError?.(storeTrouble(error, bi('the scheduler could not send the due jobs', '调度器无法发送到期任务')));
        }
        await options.clock.sleep(pollMs, slots.stopping).catch(() => undefined);
      }
    })();
    try {
      await takeJobs(options, boss, slots, waker, handlers, () => (done += 1));
    } finally {
      slots.stopNow();
      await scheduling;
    }
  } finally {
    // Every slot has ended: the jobs in hand finished, or ran out of their lease (stopped, and pg-boss retries them).
    await boss.stop({ graceful: false, wait: true });
  }
  return { done };
}

/**
 * One fetch loop per process hands jobs to free slots: it asks pg-boss (SKIP LOCKED on its tables) for as many as are
 * free, from each queue in turn, so N idle slots cost one look per interval, not N. Returns when stopping, once every
 * slot has ended: its job finished, or its lease ran out (stopped; pg-boss retries it elsewhere).
 */
async function takeJobs(options: BossWorkerOptions, boss: PgBoss, slots: Slots, waker: Waker, handlers: ReadonlyMap<string, RunJob<unknown>>, kept: () => void): Promise<void> {
  const queues = [...handlers];
  const free = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, (_, index) => index + 1);
  const busy = new Map<number, Promise<void>>();
  const runSlot = async (slot: number, job: PgBoss.Job<QueuedJob>, handler: RunJob<unknown>): Promise<void> => {
    try {
      const outcome = await runOnce(options, boss, job, handler, slot, slots.stopping);
      if (outcome === 'kept') kept();
      await boss.complete(job.name, job.id, { outcome });
    } catch (error) {
      // pg-boss retries it (on any worker) after its backoff; a delivery that did finish meanwhile is then skipped.
      const due = job.data;
      options.onError?.(storeTrouble(error, bi(`${due.key} due ${due.dueAt} was not finished here; pg-boss retries it`, `${due.key}（到期 ${due.dueAt}）未在此完成；pg-boss 将重试`)));
      await boss.fail(job.name, job.id, { error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
    }
  };
  let first = 0;
  while (!slots.stopping.aborted) {
    if (free.length === 0) {
      await Promise.race(busy.values());
      continue;
    }
    const jobs: Array<{ job: PgBoss.Job<QueuedJob>; handler: RunJob<unknown> }> = [];
    for (let index = 0; index < queues.length && jobs.length < free.length; index += 1) {
      const [queue, handler] = queues[(first + index) % queues.length] ?? [];
      if (!queue || !handler) continue;
      for (const job of await boss.fetch<QueuedJob>(queue, { batchSize: free.length - jobs.length })) jobs.push({ job, handler });
    }
    first += 1;
    for (const { job, handler } of jobs) {
      free.sort((a, b) => a - b);
      const slot = free.shift() ?? 0;
      busy.set(
        slot,
        runSlot(slot, job, handler).finally(() => {
          busy.delete(slot);
          free.push(slot);
          waker.wake();
        }),
      );
    }
    if (jobs.length === 0) await waker.sleep(systemClock, fetchIntervalMs, slots.stopping);
  }
  await Promise.all(busy.values());
}

/**
 * Creates a queue unless it exists. pg-boss 10's `create_queue` takes no lock, so workers starting together can
 * deadlock creating the same queue's partition (seen with three workers): the loser retries and finds it made.
 */
async function ensureQueue(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      // deadlock_detected, unique_violation, duplicate_table: another worker was creating it at the same moment.
      if (attempt >= 5 || !(code === '40P01' || code === '23505' || code === '42P07')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/** Idle: nothing of these types is open in the store, nor waiting or running in pg-boss (a repeated delivery). */
async function idle(store: Store, boss: PgBoss, queues: readonly string[]): Promise<boolean> {
  if ((await store.countOpenJobs(queues)) > 0) return false;
  for (const queue of queues) if ((await boss.getQueueSize(queue, { before: 'completed' })) > 0) return false;
  return true;
}

/**
 * The scheduler: hands the store's due, not yet dispatched jobs to pg-boss; returns how many. The store holds the rows
 * it hands on until they are marked, so schedulers of several workers ticking at once each send other rows.
 */
export async function dispatchDueJobs(options: Pick<BossWorkerOptions, 'store' | 'clock' | 'types'>, boss: PgBoss, expireInSeconds: number): Promise<number> {
  const types = new Map(options.types.map((type) => [type.name, type]));
  let sent = 0;
  for (;;) {
    const batch = await options.store.dispatchJobs(new Date(options.clock.now()), [...types.keys()], dispatchBatch, async (due) => {
      await boss.insert(due.map((job) => queuedJobInsert(job, types.get(job.queue), expireInSeconds)));
    });
    sent += batch;
    if (batch < dispatchBatch) return sent;
  }
}

/** The pg-boss job of a store job: keyed by its due time, with the lease and retries. */
export function queuedJobInsert(job: JobRecord, type: RegisteredJobType | undefined, expireInSeconds: number): PgBoss.JobInsert<QueuedJob> {
  // A payload the type cannot read still runs through the handler, which records why it failed; its row id keys it.
  const due: JobDue = { type: job.queue, key: type?.key(job.payload) ?? job.id, dueAt: new Date(job.dueAt).toISOString() };
  return {
    id: queuedJobId(due),
    name: job.queue,
    singletonKey: singletonKey(due),
    data: { ...due, jobId: job.id, payload: job.payload },
    expireInSeconds,
    ...retries,
  };
}

/**
 * One delivery: skipped when its due time finished already; otherwise run while its lease is kept (`keepLease`), stopped
 * when the lease is lost or runs out while stopping (then pg-boss retries it elsewhere), and finished with its completion
 * row — which only one delivery can write.
 */
async function runOnce(options: BossWorkerOptions, boss: PgBoss, job: PgBoss.Job<QueuedJob>, handler: RunJob<unknown>, slot: number, stopping: AbortSignal): Promise<'kept' | 'discarded' | 'skipped'> {
  const queued = job.data;
  const controller = new AbortController();
  // Kept from the fetch on: pg-boss's lease started then.
  const lease = keepLease(boss, options.connection.schema, job, stopping, controller);
  let outcome: JobOutcome;
  try {
    if (await options.store.jobCompletion(queued)) {
      options.onJob?.(queued, undefined, false, slot);
      return 'skipped';
    }
    await options.store.startJob(queued.jobId, options.name);
    outcome = await handler(queued.payload, controller.signal).catch(couldNotRun);
  } finally {
    lease.stop();
  }
  // pg-boss has expired this delivery already and retries it: what this run saw is not kept.
  if (controller.signal.aborted) {
    throw new GoliveError('queue.lease', bi('its lease ran out before it finished (the worker was stopping, or its heartbeats did not reach the database)', '其租约在完成前到期（工作进程正在停止，或心跳未能写入数据库）'));
  }
  const kept = await options.store.completeJob({ ...queued, worker: options.name, outcome });
  options.onJob?.(queued, outcome, kept, slot);
  return kept ? 'kept' : 'discarded';
}

/**
 * pg-boss 10 has no heartbeat: it expires an active job once `started_on + expire_in` has passed, however healthy its
 * worker, and retries it elsewhere while the first run goes on. So a worker extends its job's lease every third of it
 * (the job row's `expire_in`, in pg-boss's own table and the database's clock) for as long as the job runs, and only a
 * dead worker's job is retried. The job stops (`jobControl`) when an extension finds the job no longer active (expired
 * meanwhile, e.g. the database was away for a lease) or when the lease runs out while stopping (no extension then).
 * The local deadline is counted from before each extension was sent, so it never falls after pg-boss's.
 */
function keepLease(boss: PgBoss, schema: string, job: PgBoss.Job<QueuedJob>, stopping: AbortSignal, jobControl: AbortController): { stop: () => void } {
  const leaseMs = Number(job.expireInSeconds) * 1000;
  const abort = () => jobControl.abort();
  let deadline = setTimeout(abort, leaseMs);
  let stopped = false;
  const extend = async (): Promise<void> => {
    if (stopped || stopping.aborted || jobControl.signal.aborted) return;
    const sentAt = Date.now();
    const extended = await boss
      .getDb()
      .executeSql(`UPDATE ${schema}.job SET expire_in = (now() - started_on) + $3 * interval '1 second' WHERE name = $1 AND id = $2 AND state = 'active' RETURNING id`, [job.name, job.id, leaseMs / 1000])
      .then(({ rows }) => rows.length > 0, () => undefined);
    // Unknown (the database did not answer): the deadline stands, and the next beat tries again.
    if (extended === undefined || stopped || jobControl.signal.aborted) return;
    clearTimeout(deadline);
    if (!extended) return abort();
    deadline = setTimeout(abort, Math.max(0, sentAt + leaseMs - Date.now()));
  };
  const beats = setInterval(() => void extend(), Math.max(100, leaseMs / 3));
  return {
    stop: () => {
      stopped = true;
      clearInterval(beats);
      clearTimeout(deadline);
    },
  };
}
