import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback } from '../../../test/support/net.js';
import { requireService } from '../../../test/support/services.js';
import { inertSecrets } from '../../../test/support/secrets.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { maskedDsn, parseMysqlDsn } from './_dsn.js';
import { readOnlyViolation } from '../_shared/sql.js';
import { mysqlKind, type MysqlCheck } from './index.js';

// The real MariaDB 10.11 that .ci/run provides: root with an empty password, database `test`.
const dsn = 'mysql://root@127.0.0.1:3306/test';
const mariadbUp = await requireService({ name: 'MariaDB', host: '127.0.0.1', port: 3306 });
const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

function check(fields: Omit<MysqlCheck, 'kind'>): MysqlCheck {
  return { kind: 'mysql', ...fields };
}

describe.skipIf(!mariadbUp)('mysql kind against MariaDB', () => {
  describeCheckKindConformance(mysqlKind, async () => {
    // Accepts TCP and never sends the MySQL greeting: the handshake hangs.
    const silent = await listenLoopback(createServer(() => undefined));
    const planted = 'golive-planted-Secret-7Qx';
    return {
      passing: check({ dsn, query: 'SELECT 1 AS ok', expect: ['connected == true', 'value == 1', 'row_count == 1'] }),
      failing: check({ dsn, query: 'SELECT 2 AS ok', expect: ['value == 1'] }),
      hanging: check({ dsn: `mysql://root@127.0.0.1:${silent.port}/test` }),
      // Built by the server, so the value is in the rows but not in the query text (which describe() shows).
      secret: { spec: check({ dsn, query: "SELECT CONCAT('golive-planted-', 'Secret-7Qx') AS token" }), value: planted },
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
      const { createConnection } = await import('mysql2/promise');
      const connection = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test' });
      await connection.query(`CREATE TABLE ${table} (id INT PRIMARY KEY)`);
      // A function that writes: the lint cannot see inside it, only the read-only transaction stops it.
      await connection.query(`CREATE FUNCTION ${writer}() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO ${table} VALUES (1); RETURN 1; END`);
      await connection.end();
    });

    afterAll(async () => {
      const { createConnection } = await import('mysql2/promise');
      const connection = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test' });
      await connection.query(`DROP FUNCTION IF EXISTS ${writer}`);
      await connection.query(`DROP TABLE IF EXISTS ${table}`);
      await connection.end();
    });

    it('reports the version, the server hostname and the configured host', async () => {
      const observation = await mysqlKind.probe(check({ dsn }), { signal: new AbortController().signal, planDir: '.', variables: {}, logger: { debug() {}, info() {}, warn() {} } });

      expect(observation.facts.connected).toBe(true);
      expect(observation.facts.version).toMatch(/^10\.11\.\d+-MariaDB/);
      expect(typeof observation.facts.host).toBe('string');
      expect(observation.facts.target_host).toBe('127.0.0.1');
      expect(observation.facts.read_only).toBe(false);
      expect(observation.failure).toBeUndefined();
    });

    it('counts every row but keeps 100 as facts and 10 in evidence', async () => {
      const query = 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) SELECT i FROM n';

      const outcome = await runCheck(mysqlKind, check({ dsn, query, expect: ['row_count == 250', 'len(rows) == 100', 'value == 1'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.observed).toMatchObject({ rowCount: 250, rowsShown: 10 });
      expect((outcome.evidence.observed?.rows as unknown[]).length).toBe(10);
    });

    it('refuses a write hidden in a function: the read-only transaction stops it, and nothing is written', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn, query: `SELECT ${writer}() AS wrote` }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toMatch(/read.only transaction/i);
      expect(outcome.evidence.reason?.zh).toMatch(/查询无法/);
      const count = await runCheck(mysqlKind, check({ dsn, query: `SELECT COUNT(*) FROM ${table}`, expect: ['value == 0'] }), options);
      expect(count.status, JSON.stringify(count.evidence)).toBe('pass');
    });

    it('gives `error`, not a crash, when the probe is handed a write statement the schema would reject', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn, query: `DELETE FROM ${table}` }), options);

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toContain('"DELETE" statements are not allowed');
      expect(outcome.evidence.reason?.zh).toContain('检查查询必须只读');
    });

    it('fails on a wrong password, says so in both languages, and never shows the password', async () => {
      const spec = check({ dsn: 'mysql://root:Wrong-Passw0rd-xyz@127.0.0.1:3306/test' });

      const outcome = await runCheck(mysqlKind, spec, { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toMatch(/access denied for user "root"/);
      expect(outcome.evidence.reason?.zh).toMatch(/被拒绝访问/);
      expect(outcome.evidence.target).toBe('mysql mysql://root:••••@127.0.0.1:3306/test');
      expect(JSON.stringify(outcome)).not.toContain('Wrong-Passw0rd-xyz');
    });

    it('fails with ECONNREFUSED when nothing listens, naming where', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn: `mysql://root@127.0.0.1:${closed}/test` }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toBe(`cannot connect to MySQL at mysql://root@127.0.0.1:${closed}/test: connection refused (nothing listens on that port) (ECONNREFUSED)`);
      expect(outcome.evidence.observed).toMatchObject({ connected: false, error: 'ECONNREFUSED' });
    });

    it('fails (not errors) when a table is missing: the target is wrong, not the check', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn, query: 'SELECT * FROM golive_no_such_table' }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toMatch(/doesn't exist/);
    });

    it('errors on a malformed DSN with one bilingual line that does not repeat the DSN', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn: 'mysql://root:Sup3r-Secret-99@127.0.0.1:notaport/test' }), { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toBe('the MySQL DSN is not valid: it is not a URL (expected mysql://user:password@host:3306/database)');
      expect(outcome.evidence.reason?.zh).toMatch(/^MySQL DSN 无效/);
      expect(outcome.evidence.target).toBe('mysql (invalid DSN)');
      expect(JSON.stringify(outcome)).not.toContain('Sup3r-Secret-99');
    });

    it('combines a DSN without password with a password field (fields win)', async () => {
      const outcome = await runCheck(mysqlKind, check({ dsn: 'mysql://root@127.0.0.1:1/test', port: 3306, password: '' }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    });
  });
});

describe('mysql DSN forms', () => {
  it('reads an Aliyun RDS URL with TLS and shows it with the password masked', () => {
    const target = parseMysqlDsn('mysql://app:p%40ss@rm-bp1abc.mysql.rds.aliyuncs.com:3306/shop?ssl=true');

    expect(target).toEqual({ host: 'rm-bp1abc.mysql.rds.aliyuncs.com', port: 3306, user: 'app', password: 'p@ss', database: 'shop', tls: 'verify' });
    expect(maskedDsn(target)).toBe('mysql://app:••••@rm-bp1abc.mysql.rds.aliyuncs.com:3306/shop?ssl=true');
  });

  it("reads Go's DSN as seed 004 writes MYSQL_DSN", () => {
    const target = parseMysqlDsn('app:s3cret@tcp(10.0.0.8:3307)/bajiaozhi?parseTime=true&multiStatements=true');

    expect(target).toEqual({ host: '10.0.0.8', port: 3307, user: 'app', password: 's3cret', database: 'bajiaozhi', tls: 'off' });
  });

  it('reads JDBC URLs and unix sockets', () => {
    expect(parseMysqlDsn('jdbc:mysql://db.internal/app?sslMode=REQUIRED')).toEqual({ host: 'db.internal', port: 3306, user: '', database: 'app', tls: 'no-verify' });
    expect(parseMysqlDsn('root@unix(/run/mysqld/mysqld.sock)/test')).toMatchObject({ socketPath: '/run/mysqld/mysqld.sock', user: 'root', database: 'test' });
  });

  it('explains what is wrong without echoing the DSN', () => {
    expect(() => parseMysqlDsn('postgres://u:topsecret@h/db')).toThrow('the scheme "postgres:" is not mysql:// or mariadb://');
    expect(() => parseMysqlDsn('mysql://u:topsecret@h/db?ssl=maybe')).toThrow('"ssl=maybe" is not a TLS setting');
    expect(() => parseMysqlDsn('u:topsecret@h')).toThrow(/neither a mysql:\/\/ URL/);
  });
});

describe('read-only query lint', () => {
  it.each([
    'SELECT 1',
    'select id, name from users where note = \'DELETE me; DROP TABLE x\'',
    'SHOW VARIABLES LIKE "version%"',
    'DESCRIBE users',
    'EXPLAIN SELECT * FROM users',
    'WITH recent AS (SELECT * FROM orders WHERE created_at > NOW() - INTERVAL 1 DAY) SELECT COUNT(*) FROM recent',
    '(SELECT 1) UNION (SELECT 2)',
    'SELECT 1; -- trailing comment',
    'SELECT `update` FROM t # a column named like a keyword, quoted',
    'SELECT REPLACE(name, "a", "b") FROM t',
  ])('accepts %s', (sql) => {
    expect(readOnlyViolation(sql, 'mysql')).toBeUndefined();
  });

  it.each([
    ['DELETE FROM users', '"DELETE" statements are not allowed'],
    ['SELECT 1; DELETE FROM users', 'single statement'],
    ['SELECT * FROM users INTO OUTFILE "/tmp/x"', '"INTO" is not allowed'],
    ['SELECT * FROM users FOR UPDATE', '"UPDATE" is not allowed'],
    ['/*! DROP TABLE users */ SELECT 1', 'executable comments'],
    ['SET GLOBAL read_only = 0', '"SET" statements are not allowed'],
    ['CALL cleanup()', '"CALL" statements are not allowed'],
    ['SELECT GET_LOCK("x", 10)', 'get_lock() has side effects'],
    ["SELECT 'unterminated", 'unterminated'],
    ['   ', 'empty'],
  ])('rejects %s', (sql, reason) => {
    expect(readOnlyViolation(sql, 'mysql')?.en).toContain(reason);
  });

  it('is a lint-time schema error, in both languages', () => {
    const parsed = mysqlKind.schema.safeParse({ kind: 'mysql', dsn, query: 'TRUNCATE orders' });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'a check query must be read-only: "TRUNCATE" statements are not allowed (use SELECT, SHOW, DESCRIBE, EXPLAIN, WITH … SELECT) / 检查查询必须只读：不允许 "TRUNCATE" 语句（只能用 SELECT, SHOW, DESCRIBE, EXPLAIN, WITH … SELECT）',
    );
  });

  it('requires a dsn or a host', () => {
    expect(mysqlKind.schema.safeParse({ kind: 'mysql' }).success).toBe(false);
    expect(mysqlKind.schema.safeParse({ kind: 'mysql', host: 'rm-x.mysql.rds.aliyuncs.com', user: 'app', password: 'x' }).success).toBe(true);
  });
});
