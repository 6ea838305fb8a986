import { bi, type Bilingual } from '../../core/text.js';

/** Where and as whom to connect, from a URL (`redis://`, `rediss://`) or a bare `host:port` address. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db: number;
  readonly tls: boolean;
}

/** A URL that cannot be read; the message never repeats the URL, which may hold a password. */
export class RedisUrlError extends Error {
  readonly text: Bilingual;
  constructor(text: Bilingual) {
    super(text.en);
    this.name = 'RedisUrlError';
    this.text = text;
  }
}

const example = 'redis://:password@host:6379/0';

function invalid(en: string, zh: string): RedisUrlError {
  return new RedisUrlError(bi(`the Redis URL is not valid: ${en} (expected ${example})`, `Redis URL 无效：${zh}（应为 ${example}）`));
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('it contains a malformed %-escape', '其中有错误的 % 转义');
  }
}

/** Reads `redis://[user][:pass]@host:port/db`, `rediss://…` (TLS) and the `host:port` form of REDIS_ADDR. */
export function parseRedisUrl(text: string): RedisTarget {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `redis://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('it is not a URL or host:port address', '不是合法的 URL 或 host:port 地址');
  }
  if (!['redis:', 'rediss:'].includes(url.protocol)) {
    throw invalid(`the scheme "${url.protocol}" is not redis:// or rediss://`, `协议 "${url.protocol}" 不是 redis:// 或 rediss://`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw invalid('it names no host', '缺少主机');
  const dbText = url.pathname.replace(/^\//, '') || url.searchParams.get('db') || '0';
  const db = Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw invalid(`the database "${dbText}" is not a number`, `数据库编号 "${dbText}" 不是数字`);
  return {
    host,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decode(url.username) } : {}),
    ...(url.password ? { password: decode(url.password) } : {}),
    db,
    tls: url.protocol === 'rediss:',
  };
}

/** The target as people may see it: `redis://:••••@r-xxxx.redis.rds.aliyuncs.com:6379/0`. */
export function maskedUrl(target: RedisTarget): string {
  const credentials = target.username || target.password ? `${encodeURIComponent(target.username ?? '')}${target.password ? ':••••' : ''}@` : '';
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.tls ? 'rediss' : 'redis'}://${credentials}${host}:${target.port}/${target.db}`;
}
