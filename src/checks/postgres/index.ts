import { Socket } from 'node:net';
import type { Client, DatabaseError, FieldDef } from 'pg';
import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';
import { portField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type Observation } from '../check-kind.js';
import { describeSqlCheck, evidenceRows, maxRows, plainRow, plainValue, readOnlyQueryField, sqlQueryFacts, sslField, tlsModeFrom, tlsOptions, vettedTarget } from '../_shared/sql.js';
import { maskedUrl, parsePostgresUrl, type PostgresTarget } from './_url.js';
import { networkErrorReasons } from '../_shared/network-errors.js';

const postgresSchema = checkSchema('postgres', {
  url: z.string().min(1).optional().describe('postgres://user:password@host:5432/db?sslmode=require'),
  host: z.string().min(1).optional().describe('Server host, or the folder of its unix socket (instead of url)'),
  port: portField.optional().describe('Server port (default 5432)'),
  user: z.string().optional().describe('User name'),
  password: z.string().optional().describe('Password (use a secret variable: ${PG_PASSWORD})'),
  database: z.string().optional().describe('Database'),
  query: readOnlyQueryField('postgres').optional().describe('A read-only query (SELECT, SHOW, EXPLAIN, WITH … SELECT, TABLE, VALUES)'),
  ssl: sslField.optional().describe('TLS: true, false, { ca: file } or { insecure: true } (overrides sslmode in the URL)'),
}).superRefine((spec, context) => {
  if (spec.url === undefined && spec.host === undefined) {
    context.addIssue({ code: 'custom', message: 'give either url or host / 需要提供 url 或 host', path: ['url'] });
  }
});

export type PostgresCheck = z.infer<typeof postgresSchema>;

/** The URL and the separate fields combined; the fields win, so `url` + `password: ${PG_PASSWORD}` works. */
function targetOf(spec: PostgresCheck): PostgresTarget {
  const base: PostgresTarget = spec.url !== undefined ? parsePostgresUrl(spec.url) : { host: spec.host ?? '', port: 5432, user: '', tls: 'off' };
  return {
    ...base,
    ...(spec.host !== undefined ? { host: spec.host } : {}),
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.user !== undefined ? { user: spec.user } : {}),
    ...(spec.password !== undefined ? { password: spec.password } : {}),
    ...(spec.database !== undefined ? { database: spec.database } : {}),
    tls: tlsModeFrom(spec.ssl, base.tls),
  };
}

/** SQLSTATE classes that mean "the database is not usable as configured": the item fails. */
const connectionStates: Record<string, [string, string]> = {
  '28P01': ['wrong password', '密码错误'],
  '28000': ['login refused (unknown role, or pg_hba.conf does not allow it)', '登录被拒绝（角色不存在或 pg_hba.conf 不允许）'],
  '3D000': ['the database does not exist', '数据库不存在'],
  '53300': ['too many connections', '连接数已满'],
  '57P03': ['the server is starting up or shutting down', '服务器正在启动或关闭'],
};

const networkErrors: Readonly<Record<string, readonly [string, string]>> = {
  ...networkErrorReasons,
  ENOENT: ['no unix socket at that path', '该路径下没有 unix 套接字'],
};

/** Errors that mean the query in the plan is wrong: the check cannot run. 42601 syntax, 25006 write refused. */
const planStates = new Set(['42601', '25006', '0A000']);

function scrub(text: string, target: PostgresTarget): string {
  return target.password ? text.split(target.password).join('••••') : text;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function connectionReason(error: Error, where: string, target: PostgresTarget): Bilingual {
  const code = codeOf(error);
  const message = scrub(error.message, target);
  const state = code ? connectionStates[code] : undefined;
  const [en, zh] = state
    ? [`${state[0]}: ${message}`, `${state[1]}：${message}`]
    : /does not support SSL/i.test(message)
      ? ['TLS was required but the server does not support it', '要求 TLS，但服务器不支持']
      : (code ? networkErrors[code] : undefined) ?? [message, message];
  return bi(`cannot connect to PostgreSQL at ${where}: ${en}${code ? ` (${code})` : ''}`, `无法连接 PostgreSQL ${where}：${zh}${code ? `（${code}）` : ''}`);
}

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

/**
 * Runs the check's query with the extended protocol (one statement only, by protocol) and keeps at
 * most `maxRows` rows in memory while counting them all.
 */
async function streamRows(client: Client, sql: string): Promise<QueryRows> {
  const { Query } = (await import('pg')).default;
  return new Promise((resolvePromise, reject) => {
    const rows: Record<string, unknown>[] = [];
    let rowCount = 0;
    // queryMode is in pg ≥ 8.12 but not in @types/pg yet.
    const query = new Query({ text: sql, queryMode: 'extended' } as ConstructorParameters<typeof Query>[0]);
    query.on('row', (row: Record<string, unknown>) => {
      rowCount += 1;
      if (rows.length < maxRows) rows.push(plainRow(row));
    });
    query.on('error', reject);
    query.on('end', (result: { fields?: FieldDef[] }) => {
      const firstColumn = result.fields?.[0]?.name;
      resolvePromise({ rows, rowCount, ...(firstColumn ? { firstColumn } : {}) });
    });
    client.query(query);
  });
}

/** Type parsers: big integers as numbers when exact, numerics as numbers, dates and times as the server wrote them. */
async function typeParsers() {
  const { types } = (await import('pg')).default;
  const asText = (text: string) => text;
  const overrides: Record<number, (text: string) => unknown> = {
    20: (text) => (Number.isSafeInteger(Number(text)) ? Number(text) : text), // int8: count(*)
    1700: (text) => (Number.isFinite(Number(text)) ? Number(text) : text), // numeric
    1082: asText, // date
    1114: asText, // timestamp
    1184: asText, // timestamptz
  };
  return {
    getTypeParser: ((oid: number, format?: string) => overrides[oid] ?? types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
  };
}

export const postgresKind = defineCheckKind({
  name: 'postgres',
  summary: bi('A PostgreSQL server answers, and a read-only query returns what it should', 'PostgreSQL 可连接，只读查询返回预期结果'),
  schema: postgresSchema,
  facts: {
    ...sqlQueryFacts,
    version: bi('server version, e.g. 15.14', '服务器版本，如 15.14'),
    read_only: bi('true on a standby (pg_is_in_recovery)', '备库（pg_is_in_recovery）时为 true'),
    error: bi('error code when it failed (ECONNREFUSED, SQLSTATE 28P01 …)', '失败时的错误码（ECONNREFUSED、SQLSTATE 28P01 等）'),
  },
  defaultExpect: ['connected == true'],
  defaultTimeoutMs: 10_000,
  secretFields: ['url', 'password'],
  describe: (spec) => describeSqlCheck('postgres', () => maskedUrl(targetOf(spec)), spec.query, '(invalid URL)'),
  async probe(spec, context): Promise<Observation> {
    const target: PostgresTarget = vettedTarget('postgres', spec.query, () => targetOf(spec));
    const where = maskedUrl(target);
    const ssl = await tlsOptions(spec.ssl, target.tls, context.planDir);
    const pg = (await import('pg')).default;
    const types = await typeParsers();
    context.signal.throwIfAborted();

    // Our own socket, so an abort can destroy it even mid-handshake (client.end() waits for the server).
    const socket = new Socket();
    const client = new pg.Client({
      host: target.host,
      port: target.port,
      user: target.user || 'postgres',
      ...(target.password !== undefined ? { password: target.password } : {}),
      ...(target.database !== undefined ? { database: target.database } : {}),
      ssl: ssl ?? false,
      stream: () => socket,
      types,
      application_name: 'golive',
      // Every transaction of this session is read-only, whatever the query does.
      options: '-c default_transaction_read_only=on',
    });
    client.on('error', () => undefined);
    const close = () => socket.destroy();
    context.signal.addEventListener('abort', close, { once: true });
    const started = performance.now();
    const base = { target_host: target.host };
    let connected = false;

    try {
      try {
        await abortable(client.connect(), context.signal);
        connected = true;
      } catch (error) {
        if (context.signal.aborted || !(error instanceof Error)) throw error;
        const code = codeOf(error) ?? null;
        return {
          facts: { ...base, connected: false, latency: Math.round(performance.now() - started), error: code },
          evidence: { url: where, connected: false, error: code },
          failure: connectionReason(error, where, target),
        };
      }

      try {
        const server = await abortable(
          client.query<{ version: string; read_only: boolean }>("SELECT current_setting('server_version') AS version, pg_is_in_recovery() AS read_only"),
          context.signal,
        );
        let result: QueryRows | undefined;
        if (spec.query !== undefined) {
          await abortable(client.query('BEGIN READ ONLY'), context.signal);
          result = await abortable(streamRows(client, spec.query), context.signal);
          await abortable(client.query('ROLLBACK'), context.signal);
        }
        const latency = Math.round(performance.now() - started);
        const first = result?.rows[0];
        const value = first === undefined ? undefined : result?.firstColumn !== undefined && result.firstColumn in first ? first[result.firstColumn] : Object.values(first)[0];
        const row = server.rows[0];
        const facts = {
          ...base,
          connected: true,
          version: plainValue(row?.version),
          read_only: row?.read_only === true,
          latency,
          error: null,
          ...(result ? { rows: result.rows, row_count: result.rowCount } : {}),
          ...(value !== undefined ? { value } : {}),
        };
        return {
          facts,
          evidence: {
            url: where,
            connected: true,
            version: facts.version,
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
        if (context.signal.aborted || !(error instanceof Error)) throw error;
        const code = codeOf(error) ?? null;
        const message = scrub(error.message, target);
        if (code && planStates.has(code)) {
          throw new ProbeError(bi(`the query cannot run on ${where}: ${message} (${code})`, `查询无法在 ${where} 上执行：${message}（${code}）`));
        }
        const database = error as Partial<DatabaseError>;
        return {
          facts: { ...base, connected: true, latency: Math.round(performance.now() - started), error: code },
          evidence: { url: where, connected: true, query: spec.query, error: code, message, ...(database.hint ? { hint: database.hint } : {}) },
          failure: bi(`the query failed on ${where}: ${message}`, `查询在 ${where} 上失败：${message}`),
        };
      }
    } finally {
      context.signal.removeEventListener('abort', close);
      if (connected && !context.signal.aborted) {
        await Promise.race([client.end().catch(() => undefined), new Promise((done) => setTimeout(done, 500).unref())]);
      }
      socket.destroy();
    }
  },
});
