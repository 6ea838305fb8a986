import type { DataSpec } from './spec.js';

/** The team's data: rows in MariaDB, read through a Redis cache, as the seeds' backends keep them. */
export interface DataSource {
  /** The database holding the rows (undefined when MariaDB is not running). */
  readonly database: string | undefined;
  /** Where the rows came from: `mariadb`, `redis` (cached) or `memory` (MariaDB is not running). */
  list(): Promise<{ items: unknown[]; source: 'mariadb' | 'redis' | 'memory' }>;
  close(): Promise<void>;
}

/**
 * Loads the rows into `golive_example_*` on MariaDB (root, no password, as on these machines) and serves
 * them from there, cached in Redis for 30 s; with MariaDB down the rows are served from memory.
 */
export async function openDataSource(spec: DataSpec, services: { mariadb: boolean; redis: boolean }): Promise<DataSource> {
  if (!services.mariadb) return { database: undefined, list: () => Promise.resolve({ items: spec.rows, source: 'memory' }), close: () => Promise.resolve() };
  const { createPool } = await import('mysql2/promise');
  // One database per stand-in process, dropped when it stops: the demo and the tests may run the same seed at once.
  const database = `${spec.database}_${process.pid}`;
  const admin = createPool({ host: '127.0.0.1', port: 3306, user: 'root', connectionLimit: 1 });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  const pool = createPool({ host: '127.0.0.1', port: 3306, user: 'root', database, connectionLimit: 2 });
  await pool.query(`CREATE TABLE IF NOT EXISTS \`${spec.table}\` (id INT PRIMARY KEY, doc JSON NOT NULL)`);
  await pool.query(`DELETE FROM \`${spec.table}\``);
  for (const [index, row] of spec.rows.entries()) await pool.query(`INSERT INTO \`${spec.table}\` (id, doc) VALUES (?, ?)`, [typeof row.id === 'number' ? row.id : index + 1, JSON.stringify(row)]);
  const redis = services.redis ? new (await import('ioredis')).Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 }) : undefined;
  await redis?.connect();
  const key = `${database}:${spec.route}`;
  await redis?.del(key);
  return {
    database,
    async list() {
      const cached = await redis?.get(key);
      if (cached !== undefined && cached !== null) return { items: JSON.parse(cached) as unknown[], source: 'redis' };
      const [rows] = await pool.query(`SELECT doc FROM \`${spec.table}\` ORDER BY id`);
      const items = (rows as { doc: unknown }[]).map((row) => (typeof row.doc === 'string' ? (JSON.parse(row.doc) as unknown) : row.doc));
      await redis?.set(key, JSON.stringify(items), 'EX', 30);
      return { items, source: 'mariadb' };
    },
    async close() {
      await redis?.del(key);
      redis?.disconnect();
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    },
  };
}
