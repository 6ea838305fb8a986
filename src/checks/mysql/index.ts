import type { Connection, FieldPacket, QueryError } from 'mysql2';
import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';
import { portField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type Observation } from '../check-kind.js';
import { maskedDsn, parseMysqlDsn, type MysqlTarget, type TlsMode } from './_dsn.js';
import { describeSqlCheck, evidenceRows, maxRows, plainRow, plainValue, readOnlyQueryField, sqlQueryFacts, sslField, tlsModeFrom, tlsOptions, vettedTarget } from '../_shared/sql.js';
import { networkErrorReasons } from '../_shared/network-errors.js';

const mysqlSchema = checkSchema('mysql', {
  dsn: z.string().min(1).optional().describe('mysql://user:password@host:3306/db?ssl=true (also jdbc:mysql:// and Go user:pass@tcp(host:3306)/db)'),
  host: z.string().min(1).optional().describe('Server host (instead of dsn), e.g. rm-xxxx.mysql.rds.aliyuncs.com'),
  port: portField.optional().describe('Server port (default 3306)'),
  user: z.string().optional().describe('User name'),
  password: z.string().optional().describe('Password (use a secret variable: ${DB_PASSWORD})'),
  database: z.string().optional().describe('Default database'),
  query: readOnlyQueryField('mysql').optional().describe('A read-only query (SELECT, SHOW, DESCRIBE, EXPLAIN, WITH … SELECT)'),
  ssl: sslField.optional().describe('TLS: true, false, { ca: file } or { insecure: true } (overrides the DSN)'),
}).superRefine((spec, context) => {
  if (spec.dsn === undefined && spec.host === undefined) {
    context.addIssue({ code: 'custom', message: 'give either dsn or host / 需要提供 dsn 或 host', path: ['dsn'] });
  }
});

export type MysqlCheck = z.infer<typeof mysqlSchema>;

/** The DSN and the separate fields combined; the fields win, so `dsn` + `password: ${DB_PASSWORD}` works. */
function targetOf(spec: MysqlCheck): MysqlTarget {
  const base: MysqlTarget = spec.dsn !== undefined ? parseMysqlDsn(spec.dsn) : { host: spec.host ?? '', port: 3306, user: '', tls: 'off' };
  const tls: TlsMode = tlsModeFrom(spec.ssl, base.tls);
  return {
    ...base,
    ...(spec.host !== undefined ? { host: spec.host } : {}),
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.user !== undefined ? { user: spec.user } : {}),
    ...(spec.password !== undefined ? { password: spec.password } : {}),
    ...(spec.database !== undefined ? { database: spec.database } : {}),
    tls,
  };
}

/** Why a connection failed, in words a release manager acts on. */
function connectionReason(error: QueryError, where: string, target: MysqlTarget): Bilingual {
  const code = error.code ?? '';
  const known: Record<string, [string, string]> = {
    ...networkErrorReasons,
    PROTOCOL_CONNECTION_LOST: ['the server closed the connection', '服务器关闭了连接'],
    HANDSHAKE_NO_SSL_SUPPORT: ['TLS was required but the server does not support it', '要求 TLS，但服务器不支持'],
    ER_ACCESS_DENIED_ERROR: [
      `access denied for user "${target.user}": wrong password, or this machine's IP is not allowed (on Aliyun RDS check the whitelist)`,
      `用户 "${target.user}" 被拒绝访问：密码错误，或本机 IP 不被允许（阿里云 RDS 请检查白名单）`,
    ],
    ER_BAD_DB_ERROR: [`database "${target.database ?? ''}" does not exist`, `数据库 "${target.database ?? ''}" 不存在`],
    ER_DBACCESS_DENIED_ERROR: [`user "${target.user}" may not use database "${target.database ?? ''}"`, `用户 "${target.user}" 无权访问数据库 "${target.database ?? ''}"`],
    ER_HOST_NOT_PRIVILEGED: ["this machine's IP may not connect to the server", '本机 IP 不允许连接该服务器'],
  };
  const [en, zh] = known[code] ?? [scrub(error.message, target), scrub(error.message, target)];
  return bi(`cannot connect to MySQL at ${where}: ${en}${code ? ` (${code})` : ''}`, `无法连接 MySQL ${where}：${zh}${code ? `（${code}）` : ''}`);
}

/** Drivers sometimes echo what they were given; make sure a password never rides along. */
function scrub(text: string, target: MysqlTarget): string {
  return target.password && target.password.length > 0 ? text.split(target.password).join('••••') : text;
}

/** Settles like `work`, or rejects as soon as the signal aborts (the socket is closed by the abort listener). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolvePromise, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface QueryRows {
  rows: Record<string, unknown>[];
  rowCount: number;
  firstColumn?: string;
}

/** Streams a result set, keeping at most `maxRows` rows in memory while still counting them all. */
function streamRows(connection: Connection, sql: string): Promise<QueryRows> {
  return new Promise((resolvePromise, reject) => {
    const rows: Record<string, unknown>[] = [];
    let rowCount = 0;
    let firstColumn: string | undefined;
    const query = connection.query(sql);
    query.on('fields', (fields: FieldPacket[]) => {
      firstColumn ??= fields[0]?.name;
    });
    query.on('result', (row: unknown) => {
      if (row === null || typeof row !== 'object' || 'affectedRows' in row) return;
      rowCount += 1;
      if (rows.length < maxRows) rows.push(plainRow(row as Record<string, unknown>));
    });
    query.on('error', reject);
    query.on('end', () => resolvePromise({ rows, rowCount, ...(firstColumn ? { firstColumn } : {}) }));
  });
}

function run(connection: Connection, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolvePromise, reject) => {
    connection.query(sql, (error, rows) => (error ? reject(error) : resolvePromise(Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [])));
  });
}

/** Errors that mean the query in the plan is wrong, not that the database is: the check cannot run. */
const planErrors = new Set(['ER_PARSE_ERROR', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION', 'ER_EMPTY_QUERY']);

function isQueryError(error: unknown): error is QueryError {
  return error instanceof Error && typeof (error as Partial<QueryError>).code === 'string';
}

export const mysqlKind = defineCheckKind({
  name: 'mysql',
  summary: bi('A MySQL / MariaDB / Aliyun RDS server answers, and a read-only query returns what it should', 'MySQL / MariaDB / 阿里云 RDS 可连接，只读查询返回预期结果'),
  schema: mysqlSchema,
  facts: {
    ...sqlQueryFacts,
    version: bi('server version, e.g. 8.0.36 or 10.11.6-MariaDB', '服务器版本，如 8.0.36 或 10.11.6-MariaDB'),
    host: bi("the server's own @@hostname (tells which instance answered)", '服务器自身的 @@hostname（说明是哪个实例在应答）'),
    read_only: bi('true when the server is read-only (@@read_only: a replica)', '服务器只读时为 true（@@read_only，通常是从库）'),
    error: bi('driver error code when it failed (ECONNREFUSED, ER_ACCESS_DENIED_ERROR …)', '失败时的驱动错误码（ECONNREFUSED、ER_ACCESS_DENIED_ERROR 等）'),
  },
  defaultExpect: ['connected == true'],
  defaultTimeoutMs: 10_000,
  secretFields: ['dsn', 'password'],
  describe: (spec) => describeSqlCheck('mysql', () => maskedDsn(targetOf(spec)), spec.query, '(invalid DSN)'),
  async probe(spec, context): Promise<Observation> {
    const target: MysqlTarget = vettedTarget('mysql', spec.query, () => targetOf(spec));
    const where = maskedDsn(target);
    const ssl = await tlsOptions(spec.ssl, target.tls, context.planDir);
    const { createConnection } = await import('mysql2');
    context.signal.throwIfAborted();

    const started = performance.now();
    const connection = createConnection({
      host: target.host,
      port: target.port,
      ...(target.socketPath ? { socketPath: target.socketPath } : {}),
      user: target.user,
      ...(target.password !== undefined ? { password: target.password } : {}),
      ...(target.database !== undefined ? { database: target.database } : {}),
      ...(ssl ? { ssl } : {}),
      // The runner's signal bounds the attempt; this only stops a forgotten socket.
      connectTimeout: 60_000,
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      decimalNumbers: true,
      dateStrings: true,
    });
    // Late errors (server gone after we finished) must not crash the process.
    connection.on('error', () => undefined);
    const close = () => connection.destroy();
    context.signal.addEventListener('abort', close, { once: true });

    const base = { target_host: target.host };
    let connected = false;
    try {
      try {
        await abortable(
          new Promise<void>((resolvePromise, reject) => {
            connection.once('connect', () => {
              connected = true;
              resolvePromise();
            });
            connection.once('error', reject);
          }),
          context.signal,
        );
      } catch (error) {
        if (context.signal.aborted || !isQueryError(error)) throw error;
        const reason = connectionReason(error, where, target);
        return {
          facts: { ...base, connected: false, latency: Math.round(performance.now() - started), error: error.code ?? null },
          evidence: { dsn: where, connected: false, error: error.code ?? null },
          failure: reason,
        };
      }

      try {
        const [server] = await abortable(run(connection, 'SELECT VERSION() AS version, @@hostname AS hostname, @@read_only AS read_only'), context.signal);
        let result: QueryRows | undefined;
        if (spec.query !== undefined) {
          // Defence in depth behind the lint: the server itself refuses writes in this transaction.
          await abortable(run(connection, 'SET SESSION TRANSACTION READ ONLY'), context.signal);
          await abortable(run(connection, 'START TRANSACTION READ ONLY'), context.signal);
          result = await abortable(streamRows(connection, spec.query), context.signal);
          await abortable(run(connection, 'ROLLBACK'), context.signal);
        }
        const latency = Math.round(performance.now() - started);
        const first = result?.rows[0];
        const value = first === undefined ? undefined : result?.firstColumn !== undefined && result.firstColumn in first ? first[result.firstColumn] : Object.values(first)[0];
        const facts = {
          ...base,
          connected: true,
          version: plainValue(server?.version),
          host: plainValue(server?.hostname),
          read_only: Number(server?.read_only) === 1,
          latency,
          error: null,
          ...(result ? { rows: result.rows, row_count: result.rowCount } : {}),
          ...(value !== undefined ? { value } : {}),
        };
        return {
          facts,
          evidence: {
            dsn: where,
            connected: true,
            version: facts.version,
            serverHost: facts.host,
            latencyMs: latency,
            ...(result
              ? {
                  query: spec.query,
                  rowCount: result.rowCount,
                  rows: result.rows.slice(0, evidenceRows),
                  ...(result.rowCount > evidenceRows ? { rowsShown: evidenceRows } : {}),
                }
              : {}),
          },
        };
      } catch (error) {
        if (context.signal.aborted || !isQueryError(error)) throw error;
        const message = scrub(error.message, target);
        if (planErrors.has(error.code ?? '')) {
          throw new ProbeError(bi(`the query cannot run on ${where}: ${message}`, `查询无法在 ${where} 上执行：${message}`));
        }
        return {
          facts: { ...base, connected: true, latency: Math.round(performance.now() - started), error: error.code ?? null },
          evidence: { dsn: where, connected: true, query: spec.query, error: error.code ?? null, message },
          failure: bi(`the query failed on ${where}: ${message}`, `查询在 ${where} 上失败：${message}`),
        };
      }
    } finally {
      context.signal.removeEventListener('abort', close);
      // COM_QUIT so the server does not log an aborted connection; destroy if it does not answer.
      if (context.signal.aborted || !connected) connection.destroy();
      else await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          connection.destroy();
          done();
        }, 500);
        timer.unref();
        connection.end(() => {
          clearTimeout(timer);
          connection.destroy();
          done();
        });
      });
    }
  },
});
