import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';
import { booleanField } from '../../core/fields.js';

/**
 * SQL helpers shared by the `mysql` and `postgres` kinds: vetting the target and query, the read-only lint, and turning
 * driver rows into plain JSON facts. (Kept here rather than in a shared folder so the two
 * kinds stay self-contained; `postgres` imports this file.)
 */

export type SqlDialect = 'mysql' | 'postgres';

/** Statements a check may run: they read and never write. */
const allowedStarts: Record<SqlDialect, readonly string[]> = {
  mysql: ['SELECT', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'WITH', 'TABLE'],
  postgres: ['SELECT', 'SHOW', 'EXPLAIN', 'WITH', 'TABLE', 'VALUES'],
};

/**
 * Words that write, lock or export wherever they appear (a `WITH x AS (DELETE …) SELECT`,
 * `EXPLAIN ANALYZE DELETE`, `SELECT … INTO OUTFILE`, `SELECT … FOR UPDATE`).
 */
const forbiddenWords = [
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'RENAME',
  'GRANT', 'REVOKE', 'CALL', 'LOAD', 'COPY', 'INTO', 'OUTFILE', 'DUMPFILE', 'HANDLER', 'VACUUM', 'REINDEX', 'CLUSTER',
];

/** Functions with side effects that a read-only transaction does not stop. */
const forbiddenFunctions: Record<SqlDialect, readonly string[]> = {
  mysql: ['GET_LOCK', 'RELEASE_LOCK', 'RELEASE_ALL_LOCKS', 'LOAD_FILE', 'SLEEP', 'BENCHMARK'],
  postgres: [
    'PG_TERMINATE_BACKEND', 'PG_CANCEL_BACKEND', 'PG_RELOAD_CONF', 'PG_ROTATE_LOGFILE', 'SET_CONFIG', 'NEXTVAL', 'SETVAL',
    'LO_IMPORT', 'LO_EXPORT', 'LO_UNLINK', 'DBLINK', 'DBLINK_EXEC', 'PG_ADVISORY_LOCK', 'PG_ADVISORY_XACT_LOCK', 'PG_SLEEP',
    'PG_READ_FILE', 'PG_READ_BINARY_FILE', 'PG_LS_DIR',
  ],
};

const allowedText = 'SELECT, SHOW, DESCRIBE, EXPLAIN, WITH … SELECT';

/**
 * Blanks out string literals, quoted identifiers and comments so keyword checks only see code.
 * Returns a reason instead when the text cannot be read safely (unterminated quote, MySQL `/*! … *\/`).
 */
function codeOnly(sql: string, dialect: SqlDialect): { code: string } | { reason: Bilingual } {
  let code = '';
  let index = 0;
  const unterminated = bi('the query has an unterminated string, identifier or comment', '查询中有未闭合的字符串、标识符或注释');

  while (index < sql.length) {
    const char = sql[index] ?? '';
    const next = sql[index + 1] ?? '';

    const lineComment = (char === '-' && next === '-' && (dialect === 'postgres' || /[\s]|^$/.test(sql[index + 2] ?? ''))) || (char === '#' && dialect === 'mysql');
    if (lineComment) {
      const end = sql.indexOf('\n', index);
      index = end === -1 ? sql.length : end;
      code += ' ';
      continue;
    }
    if (char === '/' && next === '*') {
      // MySQL runs the text inside /*! … */ as SQL, so it cannot be treated as a comment.
      if (dialect === 'mysql' && sql[index + 2] === '!') {
        return { reason: bi('MySQL executable comments (/*! … */) are not allowed in a check query', '检查查询中不允许 MySQL 可执行注释（/*! … */）') };
      }
      let depth = 1;
      let cursor = index + 2;
      while (cursor < sql.length && depth > 0) {
        if (sql.startsWith('*/', cursor)) {
          depth -= 1;
          cursor += 2;
        } else if (dialect === 'postgres' && sql.startsWith('/*', cursor)) {
          depth += 1; // PostgreSQL block comments nest.
          cursor += 2;
        } else cursor += 1;
      }
      if (depth > 0) return { reason: unterminated };
      index = cursor;
      code += ' ';
      continue;
    }
    if (char === "'" || char === '"' || (char === '`' && dialect === 'mysql')) {
      const escapePrefix = dialect === 'postgres' && /[eE]/.test(sql[index - 1] ?? '') && !/[\w$]/.test(sql[index - 2] ?? '');
      // MySQL strings take backslash escapes; PostgreSQL only in E'…' strings.
      const backslashEscapes = char !== '`' && (dialect === 'mysql' || (char === "'" && escapePrefix));
      let cursor = index + 1;
      let closed = false;
      while (cursor < sql.length) {
        const inner = sql[cursor];
        if (backslashEscapes && inner === '\\') {
          cursor += 2;
          continue;
        }
        if (inner === char) {
          if (sql[cursor + 1] === char) {
            cursor += 2; // a doubled quote is a literal quote
            continue;
          }
          closed = true;
          cursor += 1;
          break;
        }
        cursor += 1;
      }
      if (!closed) return { reason: unterminated };
      index = cursor;
      code += ' x ';
      continue;
    }
    if (char === '$' && dialect === 'postgres') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(index));
      if (tag && !/[\w$]/.test(sql[index - 1] ?? '')) {
        const end = sql.indexOf(tag[0], index + tag[0].length);
        if (end === -1) return { reason: unterminated };
        index = end + tag[0].length;
        code += ' x ';
        continue;
      }
    }
    code += char;
    index += 1;
  }
  return { code };
}

/**
 * Why a query is not allowed in a check, or undefined when it only reads. This is the first line of
 * defence; the kinds also run the query inside a read-only transaction.
 */
export function readOnlyViolation(sql: string, dialect: SqlDialect): Bilingual | undefined {
  const scanned = codeOnly(sql, dialect);
  if ('reason' in scanned) return scanned.reason;
  const statements = scanned.code.split(';').map((part) => part.trim());
  while (statements.length > 1 && statements.at(-1) === '') statements.pop();
  if (statements.length > 1) {
    return bi('a check query must be a single statement (found more than one, separated by ";")', '检查查询只能是一条语句（发现多条由 ";" 分隔的语句）');
  }
  const statement = statements[0] ?? '';
  const first = /^[(\s]*([A-Za-z_]+)/.exec(statement)?.[1]?.toUpperCase();
  if (!first) return bi('the query is empty', '查询为空');
  if (!allowedStarts[dialect].includes(first)) {
    return bi(
      `a check query must be read-only: "${first}" statements are not allowed (use ${allowedText})`,
      `检查查询必须只读：不允许 "${first}" 语句（只能用 ${allowedText}）`,
    );
  }
  const words = statement.toUpperCase().match(/[A-Z_][A-Z0-9_$]*/g) ?? [];
  const forbidden = words.find((word) => forbiddenWords.includes(word));
  if (forbidden) {
    return bi(
      `a check query must be read-only: "${forbidden}" is not allowed anywhere in it`,
      `检查查询必须只读：查询中任何位置都不允许出现 "${forbidden}"`,
    );
  }
  const calls = statement.toUpperCase().match(/[A-Z_][A-Z0-9_]*(?=\s*\()/g) ?? [];
  const sideEffect = calls.find((name) => forbiddenFunctions[dialect].includes(name));
  if (sideEffect) {
    return bi(
      `a check query must be read-only: the function ${sideEffect.toLowerCase()}() has side effects`,
      `检查查询必须只读：函数 ${sideEffect.toLowerCase()}() 有副作用`,
    );
  }
  return undefined;
}

/** A DSN or URL that cannot be read; the message never repeats it, since it may hold a password. */
export class SqlTargetError extends Error {
  readonly text: Bilingual;
  constructor(text: Bilingual) {
    super(text.en);
    this.name = 'SqlTargetError';
    this.text = text;
  }
}

/**
 * A SQL check's target and query, vetted before anything connects: an unreadable DSN/URL or a query that writes is
 * the plan's mistake, reported as the probe's answer rather than as a driver error.
 */
export function vettedTarget<T>(dialect: SqlDialect, query: string | undefined, parse: () => T): T {
  let target: T;
  try {
    target = parse();
  } catch (error) {
    if (error instanceof SqlTargetError) throw new ProbeError(error.text);
    throw error;
  }
  const violation = query === undefined ? undefined : readOnlyViolation(query, dialect);
  if (violation) throw new ProbeError(violation);
  return target;
}

/** Rows a check keeps as facts; `row_count` still counts them all. */
export const maxRows = 100;

/** Rows shown in evidence, so a report stays readable. */
export const evidenceRows = 10;

/** Turns a driver value into plain JSON: dates as ISO text, bytes as text, big integers as numbers when exact. */
export function plainValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    return /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}\t\r\n]*$/u.test(text) ? text : `base64:${value.toString('base64')}`;
  }
  if (Array.isArray(value)) return value.map(plainValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, plainValue(inner)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/** A row as a plain object of JSON values. */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  return plainValue(row) as Record<string, unknown>;
}

/** `ssl: true`, or `{ ca: ./rds-ca.pem }` for Aliyun RDS's CA bundle, or `{ insecure: true }` to skip verification. */
export const sslField = z.union([
  booleanField,
  z.strictObject({
    ca: z.string().min(1).optional().describe('CA bundle file (relative to the plan), e.g. the Aliyun RDS ApsaraDB-CA-Chain.pem'),
    insecure: booleanField.optional().describe('Encrypt without verifying the server certificate'),
  }),
]);

/** A query the check may run: read-only, one statement (checked when the plan is linted). */
export function readOnlyQueryField(dialect: 'mysql' | 'postgres') {
  return z
    .string()
    .min(1)
    .superRefine((sql, context) => {
      const violation = readOnlyViolation(sql, dialect);
      if (violation) context.addIssue({ code: 'custom', message: `${violation.en} / ${violation.zh}` });
    });
}

/** TLS options for the driver: verify with the system CAs (or the given bundle), or encrypt only. */
export async function tlsOptions(ssl: z.infer<typeof sslField> | undefined, mode: 'off' | 'verify' | 'no-verify', planDir: string) {
  if (mode === 'off') return undefined;
  const caPath = typeof ssl === 'object' ? ssl.ca : undefined;
  let ca: string | undefined;
  if (caPath) {
    try {
      ca = await readFile(resolve(planDir, caPath), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ProbeError(bi(`cannot read the CA file ${caPath} (${code})`, `无法读取 CA 文件 ${caPath}（${code}）`));
    }
  }
  return { rejectUnauthorized: mode === 'verify', ...(ca ? { ca } : {}) };
}

/** The TLS mode a spec asks for: its `ssl` field wins over the DSN's own setting. */
export function tlsModeFrom(ssl: z.infer<typeof sslField> | undefined, fromDsn: 'off' | 'verify' | 'no-verify'): 'off' | 'verify' | 'no-verify' {
  if (ssl === undefined) return fromDsn;
  if (ssl === false) return 'off';
  return ssl === true || !ssl.insecure ? 'verify' : 'no-verify';
}

/** Facts both SQL kinds expose, with the same meaning; each kind adds its own (version, read_only, error …). */
export const sqlQueryFacts = {
  connected: bi('true when the connection and login succeeded', '连接并登录成功时为 true'),
  target_host: bi('the host the check connected to, as configured', '检查实际连接的主机（配置值）'),
  rows: bi('rows of the query as objects (at most 100)', '查询结果行（对象数组，最多 100 行）'),
  row_count: bi('number of rows the query returned', '查询返回的行数'),
  value: bi('first column of the first row (for `value == 1`)', '第一行第一列的值（用于 `value == 1`）'),
  latency: bi('time to connect, log in and run the queries, in ms', '连接、登录并执行查询的耗时（毫秒）'),
} as const;

/** The label of a SQL check: kind, masked target (never the password) and the start of the query. */
export function describeSqlCheck(kind: SqlDialect, maskedTarget: () => string, query: string | undefined, invalid: string): string {
  let where: string;
  try {
    where = maskedTarget();
  } catch {
    where = invalid;
  }
  const shown = query ? ` · ${query.replace(/\s+/g, ' ').trim().slice(0, 80)}` : '';
  return `${kind} ${where}${shown}`;
}
