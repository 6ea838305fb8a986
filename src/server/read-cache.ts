/**
 * The request hot path's lookups (token or session and its user, run, plan, member role, a run's summary body),
 * memoised while the audit chain's head stays where it was.
 *
 * Why the head is a sound version: every write those lookups depend on — results, waivers, sign-offs, gate
 * changes, closing a run, tokens created or revoked, users, members, plan roles, plans — appends to the audit chain
 * in the same transaction, so the head (seq and hash) moves with it, whichever process sharing the database wrote.
 * A request waits for a head read that started after it arrived (one prepared statement, shared by the requests
 * that arrived before it started) and answers from the generation of that head.
 *
 * Why it never serves stale data: a generation's values are loaded only after a head read that returned that
 * generation's head, so they are at least that new; a request keeps the generation it started with, so a value
 * loaded by a request that raced a write lands in a generation nobody reads any more.
 */
import type { AuditHead } from '../store/store.js';

/** Values one generation may hold before it starts over (a flood of unknown token ids must not grow memory). */
const maxEntries = 10_000;

/** The reads memoised for one audit head. */
export class ReadGeneration {
  readonly #values = new Map<string, { readonly value: Promise<unknown>; readonly until: number }>();
  readonly #keeps: boolean;

  /** `keeps` false: a pass-through that loads every time (callers without a head read, such as anonymous requests). */
  constructor(keeps: boolean) {
    this.#keeps = keeps;
  }

  /**
   * The value under `key`, loading it once. `ttlMs` bounds how long a value lives for changes that are not
   * audited (a sign-out in another process). A failed load is not kept.
   */
  memo<T>(key: string, load: () => Promise<T>, ttlMs = Number.POSITIVE_INFINITY): Promise<T> {
    if (!this.#keeps) return load();
    const now = ttlMs === Number.POSITIVE_INFINITY ? 0 : Date.now();
    const found = this.#values.get(key);
    if (found && found.until > now) return found.value as Promise<T>;
    if (this.#values.size >= maxEntries) this.#values.clear();
    const value = load();
    this.#values.set(key, { value, until: now + ttlMs });
    value.catch(() => {
      if (this.#values.get(key)?.value === value) this.#values.delete(key);
    });
    return value;
  }
}

/** A generation that keeps nothing. */
export const uncachedReads = new ReadGeneration(false);

/** Where the head comes from. */
export interface HeadSource {
  /** The committed head; may wait (a round trip to PostgreSQL, or SQLite's own write transaction ending). */
  read(): Promise<AuditHead>;
  /**
   * The committed head, read synchronously, or undefined when it cannot be read now (SQLite inside this connection's
   * own write transaction). Absent where every read is a round trip.
   */
  readNow?(): AuditHead | undefined;
}

/** The current generation of this process, replaced whenever a request sees another head. */
export class HeadCache {
  readonly #source: HeadSource;
  #current: { readonly head: AuditHead; readonly reads: ReadGeneration } | undefined;
  /** The head read under way, and the one queued behind it for requests that arrived while it ran. */
  #running: Promise<AuditHead> | undefined;
  #queued: Promise<AuditHead> | undefined;
  /** The synchronous read due once the requests read from the sockets in this turn of the event loop have arrived. */
  #batch: Promise<ReadGeneration> | undefined;

  /** A function is a source without synchronous reads. */
  constructor(source: HeadSource | (() => Promise<AuditHead>)) {
    this.#source = typeof source === 'function' ? { read: source } : source;
  }

  /** Reads the head (one read shared by the requests that arrived before it started) and returns the reads memoised for it. */
  generation(): Promise<ReadGeneration> {
    if (this.#source.readNow) return this.#batchRead();
    return this.#sharedRead().then((head) => this.#generationOf(head));
  }

  /** Forgets everything: for a change in this process that leaves the head alone (a sign-out). */
  clear(): void {
    this.#current = undefined;
  }

  #generationOf(head: AuditHead): ReadGeneration {
    const current = this.#current;
    if (current && current.head.seq === head.seq && current.head.hash === head.hash) return current.reads;
    // Any other head — newer, or older when this request's read raced a write — starts an empty generation: its
    // values will be loaded after this read, so they are at least as new as this head.
    const next = { head, reads: new ReadGeneration(true) };
    this.#current = next;
    return next.reads;
  }

  /**
   * A synchronous source (SQLite) is read once per turn of the event loop, in the check phase (`setImmediate`): every
   * request waiting for it was read from its socket before it, so a write its client saw committed — in this process
   * or another — is in what it reads. At 50 busy connections one read answers a whole batch of requests instead of
   * one read (and two `fcntl` calls for the WAL read lock) each.
   */
  #batchRead(): Promise<ReadGeneration> {
    this.#batch ??= new Promise<ReadGeneration>((resolve, reject) => {
      setImmediate(() => {
        // Requests arriving from here on wait for the next read.
        this.#batch = undefined;
        try {
          const head = this.#source.readNow?.();
          if (head) resolve(this.#generationOf(head));
          else this.#sharedRead().then((later) => resolve(this.#generationOf(later)), reject);
        } catch (error) {
          reject(error);
        }
      });
    });
    return this.#batch;
  }

  /**
   * Concurrent requests share head reads, but only one that starts after they arrived: a read already under way
   * may have begun before a write they have seen committed. So a request arriving during a read waits for the next
   * one, which all such requests share (50 waiting requests cost 2 reads, not 50, on PostgreSQL).
   */
  #sharedRead(): Promise<AuditHead> {
    if (this.#queued) return this.#queued;
    const running = this.#running;
    if (!running) return this.#startRead();
    const after = () => {
      this.#queued = undefined;
      return this.#startRead();
    };
    this.#queued = running.then(after, after);
    return this.#queued;
  }

  #startRead(): Promise<AuditHead> {
    const read = this.#source.read();
    this.#running = read;
    const done = () => {
      if (this.#running === read) this.#running = undefined;
    };
    read.then(done, done);
    return read;
  }
}
