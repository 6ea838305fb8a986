import { auditKeyPath, loadAuditKey, sharedAuditKeyPath, type AuditKey } from '../audit/key.js';
import type { OpenStoreOptions, StoreBackend } from './backend.js';
import { openPostgresBackend } from './postgres/index.js';
import { createSqlStore } from './sql-store.js';
import { openSqliteBackend } from './sqlite/index.js';
import type { Store } from './store.js';

/** True when DATABASE_URL points at PostgreSQL (team mode). */
export function usesPostgres(env: NodeJS.ProcessEnv): boolean {
  return /^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? '');
}

/**
 * Opens the store of a plan: PostgreSQL when `DATABASE_URL=postgres://…`, otherwise the SQLite
 * file `.golive/golive.db` next to the plan, with the audit key of `loadAuditKey`. Migrates automatically;
 * problems are GoliveErrors.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const env = options.env ?? process.env;
  const backend = usesPostgres(env) ? await openPostgresBackend(env.DATABASE_URL ?? '', options) : await openSqliteBackend(options);
  let auditKey;
  try {
    auditKey = auditKeyOf(backend, options.planDir, env);
  } catch (error) {
    await backend.destroy();
    throw error;
  }
  return createSqlStore(backend, auditKey);
}

/** The audit key of a store: `GOLIVE_AUDIT_KEY`, else a key file beside a single-file database or in the user's config folder. */
export function auditKeyOf(backend: Pick<StoreBackend, 'capabilities' | 'location'>, planDir: string, env: NodeJS.ProcessEnv = {}): AuditKey {
  return loadAuditKey({ file: backend.capabilities.singleFile ? auditKeyPath(planDir) : sharedAuditKeyPath(backend.location, env), env });
}
