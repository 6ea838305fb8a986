import type { Kysely } from 'kysely';
import type { GoliveError } from '../core/errors.js';
import type { Database } from './schema.js';
import type { StoreCapabilities, StoreKindName, SummaryPolicy } from './store.js';

/**
 * What one database brings to the shared SQL store: a Kysely instance, a way to take the write lock,
 * and a translation of its driver errors. Everything else (queries, migrations, audit) is shared.
 */
export interface StoreBackend {
  readonly kind: StoreKindName;
  readonly capabilities: StoreCapabilities;
  /** File path or URL without password. */
  readonly location: string;
  readonly db: Kysely<Database>;
  /** The schema golive's tables live in, where the database has schemas (PostgreSQL). */
  readonly schema?: string;
  /**
   * The audit chain's head as committed (never a write transaction's own uncommitted head), through a statement
   * prepared once: the server reads it on every request to know whether anything changed.
   */
  readAuditHead(): Promise<{ readonly seq: number; readonly hash: string }>;
  /**
   * The same read done synchronously, or undefined when it would have to wait (inside this connection's own write
   * transaction); only where the driver reads synchronously (SQLite).
   */
  readAuditHeadNow?(): { readonly seq: number; readonly hash: string } | undefined;
  /** Runs `fn` in a transaction that holds the store's single write lock from its first statement. */
  writeTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction that serialises only with writers of the same rows (PostgreSQL's row locks), for
   * high-rate writes the audit trail does not record (job bookkeeping); where the database has one writer at a time
   * anyway (SQLite) it is the write transaction.
   */
  rowTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * A row transaction may lock the rows it reads and skip those another one holds (`FOR UPDATE SKIP LOCKED`,
   * PostgreSQL); without it (SQLite) the row transaction is the one writer of the moment anyway.
   */
  readonly skipLocked: boolean;
  /** Runs schema migrations so that only one process migrates at a time and a failure leaves nothing half-done. */
  schemaTransaction(fn: (db: Kysely<Database>) => Promise<void>): Promise<void>;
  /** True when a query failed because its table does not exist (a database golive never migrated). */
  isMissingTable(error: unknown): boolean;
  /** A GoliveError for driver errors a person can act on (locked, read-only, unreachable …), else undefined. */
  translateError(error: unknown): GoliveError | undefined;
  /** Releases connections. */
  destroy(): Promise<void>;
  /** Drops what rewritten rows left behind in the file (SQLite: the WAL's old frames); absent where dead rows are not readable. */
  discardOldPages?(): Promise<void>;
}

/** How a store is opened. */
export interface OpenStoreOptions {
  /** Folder of the plan; the SQLite file is `.golive/golive.db` inside it. */
  readonly planDir: string;
  /** Reads `DATABASE_URL`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Fail with `store.missing` instead of creating an empty database (read-only commands). */
  readonly mustExist?: boolean;
}

/** What `openStore` needs besides where: the summary policy the store keeps up to date. */
export interface OpenStoreRequest extends OpenStoreOptions {
  readonly policy: SummaryPolicy;
}
