import { bi } from '../../core/text.js';
import type { HitRating, LineView, Rule, RuleHit } from '../rule.js';
import { isCommonPassword, isHexDigest, isPasswordDigest, isPlaceholder, isPublicKey, isTemplate, isTestFile, isWechatUserId } from '../values.js';
import { logTable } from './keys-and-urls.js';

/** A column of a dumped table: its name, lower-case, and what its `COMMENT '…'` says. */
interface Column {
  name: string;
  comment: string;
  /** Declared `CHAR(32)`, `CHAR(40)` or `CHAR(64)`: fixed to a digest's width (md5, sha1, sha256 in hex). */
  digestWidth?: boolean;
}

/** A field of a dumped row: its text as written (inside the quotes for a string) and where it sits on the line. */
interface Field {
  text: string;
  start: number;
  quoted: boolean;
}

/** A line holding a dumped row of the statement above it: `(1, 'admin', '…'),`. */
const rowLine = /^\s*\(/;
const insertHead = /^\s*(?:INSERT|REPLACE)\s+(?:IGNORE\s+)?INTO\s+(?:[`"]?\w+[`"]?\.)?[`"]?([\w-]+)[`"]?\s*(?:\(([^)]*)\))?\s*VALUES\s*/i;
const createHead = /^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[`"]?\w+[`"]?\.)?[`"]?([\w-]+)[`"]?/i;
/** A column's definition inside CREATE TABLE; index and key lines start with a keyword instead. */
const columnLine = /^\s*[`"]?(\w+)[`"]?\s+[A-Za-z]/;
const notAColumn = /^\s*(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FULLTEXT|SPATIAL|FOREIGN|CHECK)\b/i;
const columnComment = /\bCOMMENT\s+'((?:[^'\\]|\\.|'')*)'/i;

/** A column of people's passwords, by name or by what its comment says. */
const passwordColumn = /^(?:\w+_)?(?:password|passwd|pwd|pass)$/;
/**
 * A column of keys and secrets: an AppSecret, a merchant key, a cloud SecretKey, an API key, a refresh token (a WeChat
 * third-party platform's authorizer keeps one for good; its access token lives two hours). Not an access key: Qiniu's
 * `accesskey` and Aliyun's `accesskeyid` name the key's public half.
 */
const secretColumn = /secret|^(?:\w+_)?(?:mch_?key|pay_?key|partner_?key|api_?key|apikey|app_?key|appkey|private_?key|refresh_?token)$/;
/**
 * Columns about a secret that hold no secret: its id (`tencent_oss_secretid`), name, type, a file's path, a time or a
 * date (RuoYi's `pwd_update_date`), a salt.
 */
const aboutASecret = /(?:_|secret|key)id$|_(?:name|type|time|date|at|url|path|file|status|expire|expires|len|length)$|salt/;
/** A comment that says the column records something about a password: when (`密码最后更新时间`), how often, how strong. */
const aboutAPassword = /时间|日期|次数|长度|强度|提示|问题|盐/;

function kindOf(column: Column): 'password' | 'secret' | undefined {
  if (aboutASecret.test(column.name)) return undefined;
  // A salt (`salt`, FastAdmin's `COMMENT '密码盐'`) is stored beside a digest in the clear by design.
  if (aboutAPassword.test(column.comment)) return undefined;
  if (passwordColumn.test(column.name) || /密码|口令/.test(column.comment)) return 'password';
  if (secretColumn.test(column.name) || /密钥|秘钥|私钥/.test(column.comment)) return 'secret';
  return undefined;
}

/** The column names of `INSERT INTO t (a, b) VALUES`: lower-case, without quotes. */
function listedColumns(list: string): Column[] {
  return list.split(',').map((name) => ({ name: name.trim().replace(/[`"]/g, '').toLowerCase(), comment: '' }));
}

/** The columns a CREATE TABLE's lines define, from its first line to the closing `)`. */
function definedColumns(lines: readonly string[]): Column[] {
  const columns: Column[] = [];
  for (const text of lines.slice(1)) {
    if (/^\s*\)/.test(text)) break;
    const column = columnLine.exec(text);
    if (column === null || notAColumn.test(text)) continue;
    columns.push({ name: (column[1] ?? '').toLowerCase(), comment: columnComment.exec(text)?.[1] ?? '', digestWidth: /\bchar\s*\((?:32|40|64)\)/i.test(text) });
  }
  return columns;
}

/** How far above its first row a table's CREATE TABLE may sit (a DROP, comments, its definition). */
const createReach = 400;

/**
 * The columns of `table` as its CREATE TABLE above defines them, looked up once per file: a dump may hold thousands of
 * rows of one table, one INSERT a line (Navicat).
 */
function tableColumns(line: LineView, table: string): Column[] | undefined {
  return line.remember(`sql-table:${table}`, () => {
    const above = line.before(createReach);
    const at = above.findLastIndex((text) => createHead.exec(text)?.[1]?.toLowerCase() === table);
    return at === -1 ? undefined : definedColumns(above.slice(at));
  });
}

/** One quoted SQL string from `at` (its opening quote): the text inside, with escapes as written, and where it ends. */
function quotedField(text: string, at: number): { end: number; field: Field } {
  const quote = text.charAt(at);
  let i = at + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') i += 2;
    else if (c === quote && text.charAt(i + 1) === quote) i += 2;
    else if (c === quote) break;
    else i++;
  }
  return { end: i + 1, field: { text: text.slice(at + 1, i), start: at + 1, quoted: true } };
}

/** The rows of a VALUES list from `at`: `(1,'a',NULL),(2,'b',NULL);`. A row cut off by the line's end is left out. */
function rowsFrom(text: string, at: number): Field[][] {
  const rows: Field[][] = [];
  let i = at;
  while (text.charAt(i) === '(') {
    const row: Field[] = [];
    i++;
    for (;;) {
      while (text.charAt(i) === ' ') i++;
      if (text.charAt(i) === "'" || text.charAt(i) === '"') {
        const { end, field } = quotedField(text, i);
        row.push(field);
        i = end;
      } else {
        const end = text.slice(i).search(/[,)]/);
        if (end === -1) return rows;
        row.push({ text: text.slice(i, i + end).trim(), start: i, quoted: false });
        i += end;
      }
      while (text.charAt(i) === ' ') i++;
      if (text.charAt(i) === ',') i++;
      else break;
    }
    if (text.charAt(i) !== ')') return rows;
    rows.push(row);
    i++;
    while (text.charAt(i) === ' ' || text.charAt(i) === ',') i++;
  }
  return rows;
}

/**
 * A password as people store it in plain text: three or more characters that are not a digest (an md5 column, bcrypt),
 * base64 (a long run, or a padded one: JeecgBoot's report data sources keep theirs encrypted), a placeholder or a
 * template.
 */
function plainPassword(value: string): boolean {
  // A few digits (`123`, `8888`, `12312`) are a demo user's, seeded so anyone can log in to the sample data.
  if (/^[A-Za-z0-9+/]{22,}={0,2}$|^[A-Za-z0-9+/]{10,}={1,2}$|^\d{1,4}$/.test(value) || fewDigitsTyped(value)) return false;
  return value.length >= 3 && !isHexDigest(value) && !isPasswordDigest(value) && !isWechatUserId(value) && !isPlaceholder(value) && !isTemplate(value);
}

/** Five or six digits of three kinds or fewer (`12312`, `112233`): typed to fill a demo row, chosen by no one. */
function fewDigitsTyped(value: string): boolean {
  return /^\d{5,6}$/.test(value) && new Set(value).size <= 3;
}

/** A key or secret: eight or more characters without spaces, not a public key, a URL, a path or a stand-in. */
function secretValue(value: string): boolean {
  return /^\S{8,}$/.test(value) && !/^(?:https?:|\/|\.)/.test(value) && !isPublicKey(value) && !isPlaceholder(value) && !isTemplate(value);
}

/**
 * A long password that is another field of its row (the user's openid) was set by the program, never chosen. A short
 * one (the account's phone number) is a weak password that still logs in.
 */
function copiesAnId(field: Field, row: readonly Field[]): boolean {
  return field.text.length >= 20 && row.some((other) => other !== field && other.text === field.text);
}

/** The INSERT statement whose rows the lines below it continue (phpMyAdmin: `INSERT INTO t (…) VALUES`, then a row a line). */
interface OpenInsert {
  table?: string;
  columns?: Column[];
  /** A line of it ended with `;`: a row-shaped line after that belongs to no INSERT. */
  ended?: boolean;
}

function findDumpedSecrets(line: LineView): RuleHit[] {
  // The file's INSERT statement being read: the engine hands a statement's lines over in order (`continues`).
  const open = line.remember<OpenInsert>('sql-open-insert', () => ({}));
  const head = insertHead.exec(line.text);
  if (head !== null) {
    open.table = head[1]?.toLowerCase();
    open.columns = open.table === undefined ? undefined : head[2] !== undefined ? listedColumns(head[2]) : tableColumns(line, open.table);
    open.ended = false;
  } else if (open.ended === true || !rowLine.test(line.text)) return [];
  open.ended = line.text.trimEnd().endsWith(';');
  const table = open.table;
  if (table === undefined || logTable.test(table)) return [];
  const columns = open.columns;
  const kinds = columns?.map(kindOf);
  if (kinds === undefined || kinds.every((k) => k === undefined)) return [];
  const severity: HitRating | undefined = isTestFile(line.file) ? 'unreported' : undefined;
  // A table with a salt column stores its passwords salted and hashed (JeecgBoot's `sys_user`: 16 hex beside `salt`),
  // whatever shape the digest has.
  const salted = columns?.some((c) => /salt/.test(c.name) || /盐/.test(c.comment)) === true;
  const hits: RuleHit[] = [];
  for (const row of rowsFrom(line.text, head === null ? line.text.indexOf('(') : head.index + head[0].length)) {
    if (row.length !== kinds.length) continue;
    row.forEach((field, i) => {
      const kind = kinds[i];
      // A password column fixed to a digest's width holds digests: a plain value typed into one row (a test user's
      // `123456` among md5s) is compared as a digest and opens nothing.
      if (kind === undefined || !field.quoted || (kind === 'password' && (salted || columns?.[i]?.digestWidth === true))) return;
      const ok = kind === 'password' ? plainPassword(field.text) && !copiesAnId(field, row) : secretValue(field.text);
      if (!ok) return;
      hits.push({ start: field.start, end: field.start + field.text.length, severity: severity ?? (kind === 'password' ? 'medium' : 'high') });
    });
  }
  return hits;
}

export const sqlSecretColumn: Rule = {
  id: 'sql-secret-column',
  description: bi(
    "Secret in a SQL dump's row, by its column (a plain-text password, an AppSecret or merchant key of a settings table)",
    'SQL 导出数据中的密钥，按所在列识别（明文密码、配置表中的 AppSecret 或商户密钥）',
  ),
  severity: 'high',
  category: 'secret',
  generic: true,
  keywords: ['insert into', 'replace into'],
  // A dump writes many rows on one line (mysqldump's extended INSERT): every row is read, however long the line. Or a
  // row a line below the INSERT (phpMyAdmin), each read with the columns its statement names.
  wholeLine: true,
  continues: rowLine,
  find: findDumpedSecrets,
};

/**
 * A database account's password set in SQL: `CREATE USER 'shop'@'%' IDENTIFIED BY '…'`, the same after `ALTER USER`
 * or MySQL 5's `GRANT … IDENTIFIED BY`, PostgreSQL's `WITH [LOGIN] PASSWORD '…'` and `ALTER USER x PASSWORD '…'`, and
 * `SET PASSWORD … = PASSWORD('…')`.
 */
const accountPassword = /\b(?:IDENTIFIED\s+(?:WITH\s+\w+\s+)?BY|(?:WITH(?:\s+[A-Za-z]+){0,4}?|(?:USER|ROLE)\s+"?\w+"?)\s+(?:ENCRYPTED\s+)?PASSWORD|PASSWORD\s*\(|SET\s+PASSWORD\s+(?:FOR\s+\S+\s+)?=)\s*["']([^"'\s]{3,128})["']/gi;

/** A statement that creates, changes or grants to an account. */
const accountStatement = /\b(?:(?:create|alter)\s+(?:user|role)|grant|set\s+password)\b/i;

/** Where the account may be used from: `'shop'@'localhost'` is a local account, `'%'` and a host anywhere else. */
function localAccount(text: string): boolean {
  return /@\s*["'`]?(?:localhost|127\.0\.0\.1|::1)["'`]?/i.test(text);
}

/**
 * MySQL's `PASSWORD('…')`, in capitals and where SQL takes a value (`= PASSWORD(`, `VALUES (…, PASSWORD(`, `SELECT
 * PASSWORD(`): a Java enum's `PASSWORD("user.password.retry.limit.exceed", …)` opens its line.
 */
function mysqlPasswordCall(m: RegExpMatchArray, text: string): boolean {
  return /PASSWORD\s*\(/.test(m[0]) && /(?:[=,(]|\bSELECT|\bVALUES)\s*$/i.test(text.slice(0, m.index ?? 0));
}

export const sqlAccountPassword: Rule = {
  id: 'sql-account-password',
  description: bi(
    "Database account's password set in SQL (CREATE USER … IDENTIFIED BY '…', WITH PASSWORD '…')",
    "SQL 中设置的数据库账号密码（CREATE USER … IDENTIFIED BY '…'、WITH PASSWORD '…'）",
  ),
  // Whoever reads the script logs in as that account wherever the database listens.
  severity: 'high',
  category: 'secret',
  keywords: ['identified', 'with password', 'with encrypted password', 'password(', 'password (', 'set password'],
  find(line: LineView): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const m of line.text.matchAll(accountPassword)) {
      const value = m[1] ?? '';
      const start = (m.index ?? 0) + m[0].length - value.length - 1;
      // MySQL's PASSWORD() only in capitals: a lower-case `password('…')` is some program's own function. The other
      // forms only in a statement about an account: prose says "rows identified by '…'" too.
      if (m[0].includes('(') ? !mysqlPasswordCall(m, line.text) : !accountStatement.test(line.text)) continue;
      // Code building the statement (`"SELECT PASSWORD(".q($pass).")"`, Adminer's) is no value.
      if (/[$()]|^[.+]/.test(value)) continue;
      // A digest is no password (`UPDATE admin set PASSWORD = '<md5>'` is a column, not MySQL's `SET PASSWORD`).
      if (isPlaceholder(value) || isTemplate(value) || isPasswordDigest(value) || isHexDigest(value) || /^\*[0-9A-F]{40}$/.test(value)) continue;
      // A test's or a local account's weak password opens a developer's database only.
      const standIn = isTestFile(line.file) || (localAccount(line.text) && isCommonPassword(value));
      hits.push(standIn ? { start, end: start + value.length, severity: 'unreported' } : { start, end: start + value.length });
    }
    return hits;
  },
};
