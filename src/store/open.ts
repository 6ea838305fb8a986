import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAuditKey, sharedAuditKeyPath, type AuditKey } from '../audit/key.js';
import type { OpenStoreRequest, StoreBackend } from './backend.js';
import { openPostgresBackend } from './postgres/index.js';
import { createSqlStore } from './sql-store.js';
import { openSqliteBackend, sqlitePath } from './sqlite/index.js';
import type { Store } from './store.js';

/** True when DATABASE_URL points at PostgreSQL (team mode). */
export function usesPostgres(env: NodeJS.ProcessEnv): boolean {
  return /^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? '');
}

/**
 * The SQLite file of a plan: `DATABASE_URL=file:path/golive.db` (one file several plans share, as the
 * demo's five seeds do; relative to the working folder) or `.golive/golive.db` next to the plan.
 */
export function sqliteFileOf(planDir: string, env: NodeJS.ProcessEnv): string {
  const url = env.DATABASE_URL ?? '';
  if (!/^file:/i.test(url)) return sqlitePath(planDir);
  if (url.startsWith('file://')) return fileURLToPath(url);
  const path = decodeURIComponent(url.slice('file:'.length));
  return isAbsolute(path) ? path : resolve(path);
}

/**
 * Opens the store of a plan: PostgreSQL when `DATABASE_URL=postgres://…`, otherwise the SQLite
 * file `.golive/golive.db` next to the plan (or `DATABASE_URL=file:…`), with the audit key of `loadAuditKey`. Migrates automatically;
 * problems are GoliveErrors.
 */
export async function openStore(options: OpenStoreRequest): Promise<Store> {
  const env = options.env ?? process.env;
  const backend = usesPostgres(env) ? await openPostgresBackend(env.DATABASE_URL ?? '', options) : await openSqliteBackend(options, sqliteFileOf(options.planDir, env));
  let auditKey;
  try {
    auditKey = auditKeyOf(backend, env);
  } catch (error) {
    await backend.destroy();
    throw error;
  }
  return createSqlStore(backend, auditKey, options.policy);
}

/** The audit key of a store: `GOLIVE_AUDIT_KEY`, else a key file beside a single-file database (`.golive/audit.key`) or in the user's config folder. */
export function auditKeyOf(backend: Pick<StoreBackend, 'capabilities' | 'location'>, env: NodeJS.ProcessEnv = {}): AuditKey {
  return loadAuditKey({ file: backend.capabilities.singleFile ? resolve(dirname(backend.location), 'audit.key') : sharedAuditKeyPath(backend.location, env), env });
}
