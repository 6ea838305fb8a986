import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { OpenStoreOptions, StoreBackend } from '../backend.js';
import type { Database } from '../schema.js';

/** How long a writer waits for another process's transaction before `store.locked`. */
export const busyTimeoutMs = 5_000;

/** The SQLite file of a plan folder. */
export function sqlitePath(planDir: string): string {
  return join(planDir, '.golive', 'golive.db');
}

/** Opens (creating when allowed) the plan's SQLite file: WAL, busy_timeout, foreign keys. */
export async function openSqliteBackend(options: OpenStoreOptions, file = sqlitePath(options.planDir)): Promise<StoreBackend> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  if (!existsSync(file)) {
    if (options.mustExist) {
      throw new GoliveError('store.missing', bi(`no golive database at ${file}: nothing was recorded for this plan yet (start with \`golive run start\`)`, `${file} 处没有 golive 数据库：此计划尚无记录（请先运行 \`golive run start\`）`));
    }
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (cause) {
      throw readOnly(file, cause);
    }
  }
  let database: InstanceType<typeof BetterSqlite3>;
  try {
    database = new BetterSqlite3(file, { timeout: busyTimeoutMs });
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma('journal_mode = WAL');
    // NORMAL in WAL: a committed transaction survives a killed process; only a power cut may drop the last ones.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // A rewritten row (a secret redacted after the fact) leaves zeros, not its old bytes, in freed space.
    database.pragma('secure_delete = ON');
  } catch (cause) {
    throw translate(cause, file) ?? new GoliveError('store.open', bi(`cannot open the database ${file}: ${String(cause)}`, `无法打开数据库 ${file}：${String(cause)}`), { cause });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // Prepared on first use (the table exists only after the migrations run); raw rows, no object per read.
  let headStatement: ReturnType<typeof database.prepare<[], [number, string]>> | undefined;

  const backend: StoreBackend = {
    kind: 'sqlite',
    capabilities: { multiHost: false, singleFile: true },
    location: file,
    db,
    async readAuditHead() {
      // Inside this connection's open write transaction the head may be uncommitted (and rolled back later): then
      // Kysely's query waits on the connection's mutex until the transaction ends. Otherwise a synchronous read of
      // the prepared statement sees the last committed head, of this process or another.
      const head = backend.readAuditHeadNow?.();
      if (head) return head;
      const row = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      return { seq: Number(row.seq), hash: row.hash };
    },
    readAuditHeadNow() {
      if (database.inTransaction) return undefined;
      headStatement ??= database.prepare<[], [number, string]>('select seq, hash from audit_head where id = 1').raw();
      const [seq, hash] = headStatement.get() ?? [];
      if (seq === undefined || hash === undefined) throw new Error('audit_head has no row');
      return { seq: Number(seq), hash };
    },
    async writeTransaction(fn) {
      // BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
      // writes can fail with SQLITE_BUSY_SNAPSHOT instead of waiting for the other process.
      return db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const value = await fn(connection);
          await sql`commit`.execute(connection);
          return value;
        } catch (error) {
          // SQLite may already have rolled back on its own (e.g. SQLITE_FULL).
          if (database.inTransaction) await sql`rollback`.execute(connection);
          throw error;
        }
      });
    },
    // One writer at a time is all SQLite has.
    rowTransaction: (fn) => backend.writeTransaction(fn),
    skipLocked: false,
    async schemaTransaction(fn) {
      // Kysely does not lock migrations on SQLite and runs them outside a transaction; SQLite's DDL is
      // transactional, so one BEGIN IMMEDIATE makes them exclusive across processes and all-or-nothing.
      await db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          await fn(connection);
          await sql`commit`.execute(connection);
        } catch (error) {
          if (database.inTransaction) await sql`rollback`.execute(connection);
          throw error;
        }
      });
    },
    isMissingTable: (error) => error instanceof Error && /^no such table/i.test(error.message),
    translateError: (error) => translate(error, file),
    destroy: () => db.destroy(),
    async discardOldPages() {
      // The WAL still holds the rows as first written until a checkpoint copies the new pages and truncates it.
      database.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
  return backend;
}

function readOnly(file: string, cause: unknown): GoliveError {
  return new GoliveError(
    'store.readonly',
    bi(`the database ${file} (or its folder) is read-only: golive needs to write there (check permissions, or set DATABASE_URL)`, `数据库 ${file}（或其所在目录）只读：golive 需要写入（请检查权限，或设置 DATABASE_URL）`),
    { cause },
  );
}

function translate(error: unknown, file: string): GoliveError | undefined {
  if (error instanceof GoliveError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new GoliveError(
      'store.locked',
      bi(`the database ${file} stayed locked by another process for more than ${busyTimeoutMs / 1000}s; try again when it finishes`, `数据库 ${file} 被其他进程锁定超过 ${busyTimeoutMs / 1000} 秒；请在其完成后重试`),
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS' || code === 'SQLITE_PERM') return readOnly(file, error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new GoliveError('store.corrupt', bi(`${file} is not a golive database or is damaged`, `${file} 不是 golive 数据库或已损坏`), { cause: error });
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR')) {
    return new GoliveError('store.io', bi(`cannot write ${file}: disk full or I/O error`, `无法写入 ${file}：磁盘已满或 I/O 错误`), { cause: error });
  }
  return undefined;
}
