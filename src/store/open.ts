import type { OpenStoreRequest } from './backend.js';
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
 * file `.golive/golive.db` next to the plan. Migrates automatically; problems are GoliveErrors.
 */
export async function openStore(options: OpenStoreRequest): Promise<Store> {
  const env = options.env ?? process.env;
  const backend = usesPostgres(env) ? await openPostgresBackend(env.DATABASE_URL ?? '', options) : await openSqliteBackend(options);
  return createSqlStore(backend, options.policy);
}
