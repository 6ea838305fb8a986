import { bi } from '../../core/text.js';
import { SqlTargetError } from '../_shared/sql.js';

/** How the connection is encrypted: not at all, or TLS with or without verifying the server. */
export type TlsMode = 'off' | 'verify' | 'no-verify';

/** Where and as whom to connect, parsed from a DSN or the separate fields. */
export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  /** Set for Go-style `unix(/path/mysqld.sock)` DSNs. */
  readonly socketPath?: string;
  readonly user: string;
  readonly password?: string;
  readonly database?: string;
  readonly tls: TlsMode;
}

const example = 'mysql://user:password@host:3306/database';

function invalid(en: string, zh: string): SqlTargetError {
  return new SqlTargetError(bi(`the MySQL DSN is not valid: ${en} (expected ${example})`, `MySQL DSN 无效：${zh}（应为 ${example}）`));
}

/** `ssl=`, `tls=`, `ssl-mode=` and `sslmode=` values as MySQL, Go and JDBC users write them. */
export function tlsModeOf(value: string): TlsMode | undefined {
  const normalized = value.trim().toLowerCase().replace(/_/g, '-');
  if (['true', '1', 'verify', 'verify-ca', 'verify-identity', 'verify-full'].includes(normalized)) return 'verify';
  if (['required', 'require', 'skip-verify', 'no-verify', 'insecure'].includes(normalized)) return 'no-verify';
  // mysql2 cannot upgrade opportunistically, so "preferred" connects without TLS, as a server without TLS would.
  if (['false', '0', 'disabled', 'disable', 'preferred', 'prefer'].includes(normalized)) return 'off';
  return undefined;
}

function tlsFromParams(params: URLSearchParams): TlsMode {
  for (const name of ['ssl', 'tls', 'ssl-mode', 'sslmode', 'sslMode', 'useSSL']) {
    const value = params.get(name);
    if (value === null) continue;
    const mode = tlsModeOf(value);
    if (!mode) throw invalid(`"${name}=${value}" is not a TLS setting (use true, false, required or verify-ca)`, `"${name}=${value}" 不是有效的 TLS 设置（可用 true、false、required、verify-ca）`);
    return mode;
  }
  return 'off';
}

function portOf(text: string | undefined): number {
  if (text === undefined || text === '') return 3306;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw invalid(`port "${text}" is not a number between 1 and 65535`, `端口 "${text}" 不是 1–65535 之间的数字`);
  return port;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('it contains a malformed %-escape', '其中有错误的 % 转义');
  }
}

/** `mysql://`, `mariadb://` and `jdbc:mysql://` URLs. */
function parseUrlDsn(dsn: string): MysqlTarget {
  let url: URL;
  try {
    url = new URL(dsn.replace(/^jdbc:/i, ''));
  } catch {
    throw invalid('it is not a URL', '不是合法的 URL');
  }
  if (!['mysql:', 'mariadb:'].includes(url.protocol)) {
    throw invalid(`the scheme "${url.protocol}" is not mysql:// or mariadb://`, `协议 "${url.protocol}" 不是 mysql:// 或 mariadb://`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw invalid('it names no host', '缺少主机');
  const database = decode(url.pathname.replace(/^\//, ''));
  if (database.includes('/')) throw invalid('the database name contains "/"', '数据库名中含有 "/"');
  return {
    host,
    port: portOf(url.port),
    user: decode(url.username),
    ...(url.password ? { password: decode(url.password) } : {}),
    ...(database ? { database } : {}),
    tls: tlsFromParams(url.searchParams),
  };
}

/** Go's `user:pass@tcp(host:3306)/db?tls=true` and `user:pass@unix(/run/mysqld.sock)/db` (seed 004 uses this form). */
function parseGoDsn(dsn: string): MysqlTarget {
  const slash = dsn.lastIndexOf('/');
  const beforeDb = dsn.slice(0, slash);
  const [dbPart = '', query = ''] = dsn.slice(slash + 1).split(/\?(.*)/s);
  const at = beforeDb.lastIndexOf('@');
  const credentials = at === -1 ? '' : beforeDb.slice(0, at);
  const address = at === -1 ? beforeDb : beforeDb.slice(at + 1);
  const colon = credentials.indexOf(':');
  const user = colon === -1 ? credentials : credentials.slice(0, colon);
  const password = colon === -1 ? undefined : credentials.slice(colon + 1);
  const net = /^(tcp|unix)\((.*)\)$/.exec(address);
  if (address !== '' && !net) throw invalid(`the address "${address}" is not tcp(host:port) or unix(/path)`, `地址 "${address}" 不是 tcp(host:port) 或 unix(/path)`);
  const common = {
    user,
    ...(password ? { password } : {}),
    ...(dbPart ? { database: decode(dbPart) } : {}),
    tls: tlsFromParams(new URLSearchParams(query)),
  };
  if (net?.[1] === 'unix') {
    if (!net[2]) throw invalid('unix() names no socket path', 'unix() 中缺少套接字路径');
    return { host: 'localhost', port: 3306, socketPath: net[2], ...common };
  }
  const hostPort = net?.[2] || '127.0.0.1:3306';
  const match = /^(?:\[([^\]]+)\]|([^:]*))(?::(.*))?$/.exec(hostPort);
  const host = match?.[1] ?? match?.[2] ?? '';
  if (!host) throw invalid('tcp() names no host', 'tcp() 中缺少主机');
  return { host, port: portOf(match?.[3]), ...common };
}

/** Reads a MySQL DSN in URL, JDBC or Go form. Throws SqlTargetError, whose text never contains the DSN. */
export function parseMysqlDsn(dsn: string): MysqlTarget {
  const trimmed = dsn.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^jdbc:/i.test(trimmed)) return parseUrlDsn(trimmed);
  if (trimmed.includes('/') && /(^|@)(tcp|unix)\(|^[^/]*@\//.test(trimmed)) return parseGoDsn(trimmed);
  throw invalid('it is neither a mysql:// URL nor a Go-style user:pass@tcp(host:port)/db DSN', '既不是 mysql:// URL，也不是 Go 风格的 user:pass@tcp(host:port)/db');
}

/** The target as people may see it: `mysql://app:••••@rm-xxxx.mysql.rds.aliyuncs.com:3306/db`. */
export function maskedDsn(target: MysqlTarget): string {
  const user = target.user ? `${encodeURIComponent(target.user)}${target.password ? ':••••' : ''}@` : '';
  const where = target.socketPath ? `unix(${target.socketPath})` : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  return `mysql://${user}${where}/${target.database ?? ''}${target.tls === 'off' ? '' : `?ssl=${target.tls === 'verify' ? 'true' : 'required'}`}`;
}
