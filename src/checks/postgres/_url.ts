import { bi } from '../../core/text.js';
import { SqlTargetError } from '../_shared/sql.js';

/** How the connection is encrypted: not at all, or TLS with or without verifying the server. */
export type TlsMode = 'off' | 'verify' | 'no-verify';

/** Where and as whom to connect, parsed from a URL or the separate fields. */
export interface PostgresTarget {
  /** A host name, an IP, or a folder holding the server's unix socket (`/var/run/postgresql`). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
  readonly database?: string;
  readonly tls: TlsMode;
}

const example = 'postgres://user:password@host:5432/database';

function invalid(en: string, zh: string): SqlTargetError {
  return new SqlTargetError(bi(`the PostgreSQL URL is not valid: ${en} (expected ${example})`, `PostgreSQL URL 无效：${zh}（应为 ${example}）`));
}

/** libpq's `sslmode` values (and `ssl=true|false`): only verify-ca / verify-full check the certificate, as in libpq. */
export function tlsModeOf(value: string): TlsMode | undefined {
  const normalized = value.trim().toLowerCase();
  if (['verify-ca', 'verify-full', 'true', '1'].includes(normalized)) return 'verify';
  if (['require', 'no-verify'].includes(normalized)) return 'no-verify';
  // node-postgres cannot fall back between plain and TLS, so allow/prefer connect in plain text.
  if (['disable', 'allow', 'prefer', 'false', '0'].includes(normalized)) return 'off';
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('it contains a malformed %-escape', '其中有错误的 % 转义');
  }
}

/** Reads `postgres://` / `postgresql://` URLs, including `?sslmode=` and `?host=/socket/dir`. */
export function parsePostgresUrl(text: string): PostgresTarget {
  let url: URL;
  try {
    // `postgres://user@/db?host=/socket/dir` is libpq's socket form; WHATWG URLs need a host there.
    url = new URL(text.trim().replace(/^(postgres(?:ql)?:\/\/[^/?#]*@)\//i, '$1localhost/'));
  } catch {
    throw invalid('it is not a URL', '不是合法的 URL');
  }
  if (!['postgres:', 'postgresql:'].includes(url.protocol)) {
    throw invalid(`the scheme "${url.protocol}" is not postgres:// or postgresql://`, `协议 "${url.protocol}" 不是 postgres:// 或 postgresql://`);
  }
  const host = url.searchParams.get('host') ?? decode(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (!host) throw invalid('it names no host', '缺少主机');
  const port = url.port ? Number(url.port) : 5432;
  let tls: TlsMode = 'off';
  for (const name of ['sslmode', 'ssl']) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    const mode = tlsModeOf(value);
    if (!mode) throw invalid(`"${name}=${value}" is not a TLS setting (use disable, require, verify-ca or verify-full)`, `"${name}=${value}" 不是有效的 TLS 设置（可用 disable、require、verify-ca、verify-full）`);
    tls = mode;
    break;
  }
  const database = decode(url.pathname.replace(/^\//, ''));
  return {
    host,
    port,
    user: decode(url.username),
    ...(url.password ? { password: decode(url.password) } : {}),
    ...(database ? { database } : {}),
    tls,
  };
}

/** The target as people may see it: `postgres://app:••••@db.internal:5432/shop`. */
export function maskedUrl(target: PostgresTarget): string {
  const user = target.user ? `${encodeURIComponent(target.user)}${target.password ? ':••••' : ''}@` : '';
  const where = target.host.startsWith('/') ? `:${target.port}` : `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const params = [
    ...(target.host.startsWith('/') ? [`host=${target.host}`] : []),
    ...(target.tls === 'off' ? [] : [`sslmode=${target.tls === 'verify' ? 'verify-full' : 'require'}`]),
  ];
  return `postgres://${user}${where}/${target.database ?? ''}${params.length ? `?${params.join('&')}` : ''}`;
}
