import { Kysely, PostgresDialect, sql } from 'kysely';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { OpenStoreOptions, StoreBackend } from '../backend.js';
import type { Database } from '../schema.js';

/** A `postgres://` URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

const schemaName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL. `?schema=NAME` in the URL keeps golive's tables in that schema
 * (created when missing); several teams or test runs can share one database that way.
 */
export async function openPostgresBackend(url: string, _options: OpenStoreOptions): Promise<StoreBackend> {
  const location = redactUrl(url);
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !schemaName.test(schema)) {
    throw new GoliveError('store.url', bi(`DATABASE_URL: schema "${schema}" is not a plain identifier`, `DATABASE_URL：schema "${schema}" 不是合法标识符`));
  }
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 4,
    connectionTimeoutMillis: 5_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const backend: StoreBackend = {
    kind: 'postgres',
    capabilities: { multiHost: true, singleFile: false },
    location,
    db,
    schema: schema ?? 'public',
    async readAuditHead() {
      // A named statement: each pooled connection parses and plans it once.
      const result = await pool.query<{ seq: string | number; hash: string }>({ name: 'golive_audit_head', text: 'select seq, hash from audit_head where id = 1' });
      const row = result.rows[0];
      if (!row) throw new Error('audit_head has no row');
      return { seq: Number(row.seq), hash: row.hash };
    },
    writeTransaction(fn) {
      return db.transaction().execute(async (trx) => {
        // Every writer appends to the audit chain, so locking its head row serialises writers.
        await sql`select seq from audit_head where id = 1 for update`.execute(trx);
        return fn(trx);
      });
    },
    rowTransaction: (fn) => db.transaction().execute(fn),
    skipLocked: true,
    // Kysely's PostgreSQL migrator already takes an advisory lock and runs in one transaction.
    schemaTransaction: (fn) => fn(db),
    isMissingTable: (error) => (error as { code?: unknown } | null)?.code === '42P01',
    translateError: (error) => translate(error, location),
    destroy: () => db.destroy(),
  };
  try {
    if (schema) {
      // `create schema if not exists` is not safe against itself: two processes opening a fresh database at once can
      // both pass the check, and one fails on pg_namespace's unique index. A transaction-scoped advisory lock on the
      // schema's name makes the second wait and then find the schema.
      await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`golive schema ${schema}`}))`.execute(trx);
        await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      });
    } else {
      await sql`select 1`.execute(db);
    }
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw translate(error, location) ?? new GoliveError('store.open', bi(`cannot use PostgreSQL at ${location}: ${String(error)}`, `无法使用 PostgreSQL ${location}：${String(error)}`), { cause: error });
  }
  return backend;
}

function translate(error: unknown, location: string): GoliveError | undefined {
  if (error instanceof GoliveError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    if (error instanceof Error && /timeout/i.test(error.message)) return unreachable(location, error);
    return undefined;
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03'].includes(code)) return unreachable(location, error);
  if (code === '28P01' || code === '28000') {
    return new GoliveError('store.auth', bi(`PostgreSQL at ${location} refused the credentials in DATABASE_URL`, `PostgreSQL ${location} 拒绝了 DATABASE_URL 中的凭据`), { cause: error });
  }
  if (code === '3D000') {
    return new GoliveError('store.missing', bi(`the database in DATABASE_URL (${location}) does not exist; create it first`, `DATABASE_URL 指定的数据库（${location}）不存在，请先创建`), { cause: error });
  }
  if (code === '25006' || code === '42501') {
    return new GoliveError('store.readonly', bi(`PostgreSQL at ${location} does not let golive write (read-only or missing privilege)`, `PostgreSQL ${location} 不允许 golive 写入（只读或权限不足）`), { cause: error });
  }
  if (code === '55P03' || code === '40P01') {
    return new GoliveError('store.locked', bi(`PostgreSQL at ${location}: the run is locked by another writer; try again`, `PostgreSQL ${location}：记录被其他写入者锁定，请重试`), { cause: error });
  }
  return undefined;
}

function unreachable(location: string, cause: unknown): GoliveError {
  return new GoliveError('store.unreachable', bi(`cannot reach PostgreSQL at ${location} (DATABASE_URL); is it running?`, `无法连接 PostgreSQL ${location}（DATABASE_URL），服务是否在运行？`), { cause });
}
