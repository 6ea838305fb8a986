import { createServer } from 'node:net';
import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback } from '../../../test/support/net.js';
import { requireService } from '../../../test/support/services.js';
import { inertSecrets } from '../../../test/support/secrets.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { readOnlyViolation } from '../_shared/sql.js';
import { maskedUrl, parsePostgresUrl } from './_url.js';
import { postgresKind, type PostgresCheck } from './index.js';

// The real PostgreSQL 15 that .ci/run provides: trust auth for postgres/root, database `test`.
const url = 'postgres://postgres@127.0.0.1:5432/test';
const postgresUp = await requireService({ name: 'PostgreSQL', host: '127.0.0.1', port: 5432 });
const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

function check(fields: Omit<PostgresCheck, 'kind'>): PostgresCheck {
  return { kind: 'postgres', ...fields };
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresUp)('postgres kind against PostgreSQL', () => {
  describeCheckKindConformance(postgresKind, async () => {
    // Accepts TCP and never answers the startup message: the handshake hangs.
    const silent = await listenLoopback(createServer(() => undefined));
    return {
      passing: check({ url, query: 'SELECT 1 AS ok', expect: ['connected == true', 'value == 1', 'row_count == 1'] }),
      failing: check({ url, query: 'SELECT 2 AS ok', expect: ['value == 1'] }),
      hanging: check({ url: `postgres://postgres@127.0.0.1:${silent.port}/test` }),
      // Built by the server, so the value is in the rows but not in the query text (which describe() shows).
      secret: { spec: check({ url, query: "SELECT 'golive-planted-' || 'Secret-8Pg' AS token" }), value: 'golive-planted-Secret-8Pg' },
      teardown: () => silent.close(),
    };
  });

  describe('kind-specific', () => {
    let closed: number;
    const suffix = `${process.pid}_${Date.now()}`;
    const table = `golive_ro_${suffix}`;
    const writer = `golive_write_${suffix}`;

    beforeAll(async () => {
      closed = await closedPort();
      await admin(async (client) => {
        await client.query(`CREATE TABLE ${table} (id int)`);
        // A function that writes: the lint cannot see inside it, only the read-only transaction stops it.
        await client.query(`CREATE FUNCTION ${writer}() RETURNS int LANGUAGE sql VOLATILE AS $$ INSERT INTO ${table} VALUES (1) RETURNING 1 $$`);
      });
    });

    afterAll(async () => {
      await admin(async (client) => {
        await client.query(`DROP FUNCTION IF EXISTS ${writer}()`);
        await client.query(`DROP TABLE IF EXISTS ${table}`);
      });
    });

    it('reports the version and numbers as numbers (count(*) is int8)', async () => {
      const outcome = await runCheck(postgresKind, check({ url, query: 'SELECT count(*) AS n, 2.5::numeric AS d FROM generate_series(1, 3)', expect: ['value == 3', 'rows[0].d == 2.5'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.observed?.version).toMatch(/^15\./);
    });

    it('counts every row but keeps 100 as facts and 10 in evidence', async () => {
      const outcome = await runCheck(postgresKind, check({ url, query: 'SELECT i FROM generate_series(1, 250) AS i', expect: ['row_count == 250', 'len(rows) == 100'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.observed).toMatchObject({ rowCount: 250, rowsShown: 10 });
    });

    it('refuses a write hidden in a function: the read-only transaction stops it, and nothing is written', async () => {
      const outcome = await runCheck(postgresKind, check({ url, query: `SELECT ${writer}()` }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toMatch(/read-only transaction \(25006\)/);
      const rows = await admin((client) => client.query(`SELECT count(*)::int AS n FROM ${table}`));
      expect(rows.rows[0]).toEqual({ n: 0 });
    });

    it('errors on a statement the lint rejects, in both languages', async () => {
      const outcome = await runCheck(postgresKind, check({ url, query: `WITH gone AS (DELETE FROM ${table} RETURNING *) SELECT count(*) FROM gone` }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toBe('a check query must be read-only: "DELETE" is not allowed anywhere in it');
      expect(outcome.evidence.reason?.zh).toBe('检查查询必须只读：查询中任何位置都不允许出现 "DELETE"');
    });

    it('fails on an unknown database or role, naming it, and never shows the password', async () => {
      const database = await runCheck(postgresKind, check({ url: 'postgres://postgres:Hidden-Pw-123@127.0.0.1:5432/golive_no_such_db' }), { ...options, secrets: inertSecrets() });
      const role = await runCheck(postgresKind, check({ url: 'postgres://golive_no_such_role@127.0.0.1:5432/test' }), options);

      expect(database.status).toBe('fail');
      expect(database.evidence.reason?.en).toMatch(/the database does not exist: database "golive_no_such_db" does not exist \(3D000\)/);
      expect(database.evidence.target).toBe('postgres postgres://postgres:••••@127.0.0.1:5432/golive_no_such_db');
      expect(JSON.stringify(database)).not.toContain('Hidden-Pw-123');
      expect(role.status).toBe('fail');
      expect(role.evidence.reason?.en).toMatch(/role "golive_no_such_role" does not exist/);
    });

    it('fails with ECONNREFUSED when nothing listens', async () => {
      const outcome = await runCheck(postgresKind, check({ url: `postgres://postgres@127.0.0.1:${closed}/test` }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toBe(`cannot connect to PostgreSQL at postgres://postgres@127.0.0.1:${closed}/test: connection refused (nothing listens on that port) (ECONNREFUSED)`);
    });

    it('fails when TLS is required and the server has none', async () => {
      const outcome = await runCheck(postgresKind, check({ url: `${url}?sslmode=require` }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.zh).toMatch(/要求 TLS，但服务器不支持/);
    });

    it('errors on a SQL syntax error: the plan is wrong, not the database', async () => {
      const outcome = await runCheck(postgresKind, check({ url, query: 'SELECT 1 FROM' }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toMatch(/syntax error .*\(42601\)/);
    });

    it('errors on a malformed URL without repeating it', async () => {
      const outcome = await runCheck(postgresKind, check({ url: 'postgres://u:Leak-Me-42@127.0.0.1:99999/test' }), { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toBe('the PostgreSQL URL is not valid: it is not a URL (expected postgres://user:password@host:5432/database)');
      expect(JSON.stringify(outcome)).not.toContain('Leak-Me-42');
    });
  });
});

describe('postgres URL forms', () => {
  it('reads sslmode and masks the password', () => {
    const target = parsePostgresUrl('postgresql://app:p%40ss@pgm-xxxx.pg.rds.aliyuncs.com:1921/shop?sslmode=verify-full');

    expect(target).toEqual({ host: 'pgm-xxxx.pg.rds.aliyuncs.com', port: 1921, user: 'app', password: 'p@ss', database: 'shop', tls: 'verify' });
    expect(maskedUrl(target)).toBe('postgres://app:••••@pgm-xxxx.pg.rds.aliyuncs.com:1921/shop?sslmode=verify-full');
  });

  it('reads a unix socket folder from ?host=', () => {
    expect(parsePostgresUrl('postgres://postgres@/test?host=/var/run/postgresql')).toMatchObject({ host: '/var/run/postgresql', port: 5432, database: 'test' });
  });

  it('lints PostgreSQL specifics: dollar quotes, side-effect functions, SELECT INTO', () => {
    expect(readOnlyViolation("SELECT $$DELETE$$ AS text, E'it\\'s' AS quoted", 'postgres')).toBeUndefined();
    expect(readOnlyViolation('SELECT pg_terminate_backend(42)', 'postgres')?.en).toContain('pg_terminate_backend() has side effects');
    expect(readOnlyViolation('SELECT * INTO copy FROM orders', 'postgres')?.en).toContain('"INTO" is not allowed');
    expect(readOnlyViolation('EXPLAIN ANALYZE DELETE FROM orders', 'postgres')?.en).toContain('"DELETE" is not allowed');
    expect(postgresKind.schema.safeParse({ kind: 'postgres', url, query: 'VACUUM' }).success).toBe(false);
  });
});
