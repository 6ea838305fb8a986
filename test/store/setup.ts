import { GoliveError } from '../../src/core/errors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { requireService } from '../support/services.js';
import type { StoreBackend } from '../../src/store/backend.js';
import { launchPolicy } from '../../src/readiness/policy.js';
import { auditKeyOf } from '../../src/store/open.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { openPostgresBackend } from '../../src/store/postgres/index.js';
import { openSqliteBackend, sqlitePath } from '../../src/store/sqlite/index.js';
import { hashEntry } from '../../src/audit/chain.js';
import type { AuditEntry, Store, StoreKindName } from '../../src/store/store.js';
import type { Plan } from '../../src/plan/schema.js';

/** PostgreSQL of this project's machines (`.ci/run` starts it): trust auth, database `test`. */
export const postgresService = { name: 'PostgreSQL', host: '127.0.0.1', port: 5432 } as const;
export const postgresBaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** One database a suite runs against: a fresh, empty one per target. */
export interface StoreTarget {
  readonly kind: StoreKindName;
  /** Folder standing for the plan's folder (the SQLite file lives under it). */
  readonly planDir: string;
  /** Environment a child process needs to open the same store. */
  readonly env: NodeJS.ProcessEnv;
  /** Opens the store, keeping the backend for raw SQL (tampering, inspection). */
  open(): Promise<{ store: Store; backend: StoreBackend }>;
  /** Drops everything the target created. */
  teardown(): Promise<void>;
}

/** Store targets of every kind: SQLite always; PostgreSQL when up (a loud skip locally, a failure under CI=true). */
export async function storeTargets(): Promise<Array<{ kind: StoreKindName; available: boolean; create: () => Promise<StoreTarget> }>> {
  const postgresUp = await requireService(postgresService);
  return [
    { kind: 'sqlite', available: true, create: async () => sqliteTarget() },
    { kind: 'postgres', available: postgresUp, create: postgresTarget },
  ];
}

export function sqliteTarget(): StoreTarget {
  const planDir = mkdtempSync(join(tmpdir(), 'golive-store-'));
  return {
    kind: 'sqlite',
    planDir,
    env: { ...process.env, DATABASE_URL: '' },
    async open() {
      const backend = await openSqliteBackend({ planDir });
      return { store: await createSqlStore(backend, auditKeyOf(backend), launchPolicy), backend };
    },
    async teardown() {
      rmSync(planDir, { recursive: true, force: true });
    },
  };
}

export async function postgresTarget(): Promise<StoreTarget> {
  const planDir = mkdtempSync(join(tmpdir(), 'golive-store-'));
  const schema = `golive_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = `${postgresBaseUrl}?schema=${schema}`;
  return {
    kind: 'postgres',
    planDir,
    env: { ...process.env, DATABASE_URL: url },
    async open() {
      const backend = await openPostgresBackend(url, { planDir });
      return { store: await createSqlStore(backend, auditKeyOf(backend), launchPolicy), backend };
    },
    async teardown() {
      const client = new pg.Client({ connectionString: postgresBaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(planDir, { recursive: true, force: true });
    },
  };
}

/** What someone with write access to the database but without the key can do: rewrite entries and re-chain them with plain sha256. */
export async function rechainWithoutKey(backend: StoreBackend, edit: (entry: AuditEntry) => AuditEntry): Promise<void> {
  const rows = (await rawSql(backend, 'select * from audit_log order by seq')) as Array<Record<string, unknown>>;
  let prevHash = '0'.repeat(64);
  for (const row of rows) {
    const entry = edit({
      seq: Number(row.seq),
      at: String(row.at),
      actor: String(row.actor),
      action: String(row.action),
      runId: (row.run_id as string | null) ?? null,
      subject: (row.subject as string | null) ?? null,
      data: JSON.parse(String(row.data_json)) as Record<string, unknown>,
      prevHash,
      hash: '',
    });
    const hash = hashEntry(prevHash, entry);
    await rawSql(backend, `update audit_log set actor = '${entry.actor}', prev_hash = '${prevHash}', hash = '${hash}' where seq = ${entry.seq}`);
    prevHash = hash;
  }
  await rawSql(backend, `update audit_head set hash = '${prevHash}' where id = 1`);
}

/** The GoliveError a promise rejects with (anything else fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<GoliveError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GoliveError)) throw new Error(`expected a GoliveError, got ${String(error)}`);
  return error;
}

/** Raw SQL on a backend, for tests that go behind golive's back. */
export async function rawSql(backend: StoreBackend, text: string): Promise<unknown[]> {
  const result = await sql.raw(text).execute(backend.db);
  return result.rows as unknown[];
}

export { sqlitePath };

/** A small plan with every priority, two categories and two sign-off roles. */
export const testPlan: Plan = {
  name: 'shop-launch',
  categories: [{ id: 'backend', weight: 2 }, { id: 'security', weight: 1 }],
  roles: [{ id: 'qa', title: 'QA', signoff: true }, { id: 'tech-lead', signoff: true }, { id: 'product' }],
  items: [
    { id: 'api-health', title: 'API health', category: 'backend', priority: 'blocker' },
    { id: 'db-host', title: 'DB host is RDS', category: 'backend', priority: 'high' },
    { id: 'log-level', title: 'Log level not debug', category: 'backend', priority: 'medium' },
    { id: 'cors', title: 'CORS not *', category: 'security', priority: 'blocker' },
    { id: 'pay-callback', title: 'Pay callback on production', category: 'security', priority: 'high', manual: 'open the merchant console' },
    { id: 'docs', title: 'Docs', category: 'security', priority: 'low' },
  ],
  gate: { threshold: 8 },
};
