export type * from './store.js';
export { resultSources, runStatuses, storeKinds } from './store.js';
export type { OpenStoreOptions, StoreBackend } from './backend.js';
export { openStore, usesPostgres } from './open.js';
export { createSqlStore, migrateToLatest } from './sql-store.js';
export { openSqliteBackend, sqlitePath, busyTimeoutMs } from './sqlite/index.js';
export { openPostgresBackend, redactUrl } from './postgres/index.js';
export { migrations } from './migrations.js';
