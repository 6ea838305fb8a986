import { isIP } from 'node:net';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { bi, type Bilingual } from '../../core/text.js';
import { booleanField, integerField, portField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type Observation } from '../check-kind.js';
import { maskedUrl, parseRedisUrl, RedisUrlError, type RedisTarget } from './_url.js';
import { networkErrorReasons } from '../_shared/network-errors.js';

/** Commands a check may send: they read, never write, block or scan the whole keyspace. */
export const readOnlyCommands = ['GET', 'EXISTS', 'TTL', 'PTTL', 'TYPE', 'DBSIZE', 'INFO', 'PING', 'SCARD', 'LLEN', 'HLEN', 'STRLEN', 'ZCARD', 'HGET', 'SISMEMBER'] as const;

/** `GET feature:flag` or `[GET, "key with spaces"]`; only the read-only allow-list. */
const commandField = z
  .union([z.string().min(1), z.array(z.string()).min(1)])
  .superRefine((command, context) => {
    const name = argv(command)[0]?.toUpperCase() ?? '';
    if (!(readOnlyCommands as readonly string[]).includes(name)) {
      context.addIssue({
        code: 'custom',
        message: `"${name}" is not an allowed read-only command (allowed: ${readOnlyCommands.join(', ')}) / "${name}" 不是允许的只读命令（允许：${readOnlyCommands.join('、')}）`,
      });
    }
  });

function argv(command: string | readonly string[]): string[] {
  return typeof command === 'string' ? command.trim().split(/\s+/) : [...command];
}

const redisSchema = checkSchema('redis', {
  url: z.string().min(1).optional().describe('redis://:password@host:6379/0, rediss:// for TLS, or host:port'),
  host: z.string().min(1).optional().describe('Server host (instead of url)'),
  port: portField.optional().describe('Server port (default 6379)'),
  username: z.string().optional().describe('ACL user (Redis 6+)'),
  password: z.string().optional().describe('Password (use a secret variable: ${REDIS_PASSWORD})'),
  db: integerField().pipe(z.number().min(0)).optional().describe('Database number (default 0)'),
  tls: booleanField.optional().describe('Connect with TLS (same as rediss://)'),
  command: commandField.optional().describe(`A read-only command whose reply becomes \`value\`: ${readOnlyCommands.join(', ')}`),
}).superRefine((spec, context) => {
  if (spec.url === undefined && spec.host === undefined) {
    context.addIssue({ code: 'custom', message: 'give either url or host / 需要提供 url 或 host', path: ['url'] });
  }
});

export type RedisCheck = z.infer<typeof redisSchema>;

/** The URL and the separate fields combined; the fields win, so REDIS_ADDR + REDIS_PASSWORD + REDIS_DB work as in seed 004. */
function targetOf(spec: RedisCheck): RedisTarget {
  const base: RedisTarget = spec.url !== undefined ? parseRedisUrl(spec.url) : { host: spec.host ?? '', port: 6379, db: 0, tls: false };
  return {
    ...base,
    ...(spec.host !== undefined ? { host: spec.host } : {}),
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.username !== undefined ? { username: spec.username } : {}),
    // An empty REDIS_PASSWORD means "no password", as the applications read it.
    ...(spec.password !== undefined ? (spec.password === '' ? { password: undefined } : { password: spec.password }) : {}),
    ...(spec.db !== undefined ? { db: spec.db } : {}),
    ...(spec.tls !== undefined ? { tls: spec.tls } : {}),
  };
}

/** INFO as an object: numbers as numbers, `db0:keys=1,expires=0` as `{ keys: 1, expires: 0 }`. */
export function parseInfo(text: string): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    info[line.slice(0, colon)] = infoValue(line.slice(colon + 1));
  }
  return info;
}

function infoValue(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\w+=[^,]*(,\w+=[^,]*)+$/.test(text) || /^\w+=[^,]*$/.test(text)) {
    return Object.fromEntries(text.split(',').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [key, infoValue(value)];
    }));
  }
  return text;
}

const networkErrors: Readonly<Record<string, readonly [string, string]>> = {
  ...networkErrorReasons,
};

function scrub(text: string, target: RedisTarget): string {
  return target.password ? text.split(target.password).join('••••') : text;
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolvePromise, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A reply as plain JSON (buffers never appear: ioredis decodes strings). */
function plainReply(reply: unknown): unknown {
  if (Array.isArray(reply)) return reply.map(plainReply);
  return reply ?? null;
}

export const redisKind = defineCheckKind({
  name: 'redis',
  summary: bi('A Redis server answers PING, with its role, INFO fields and an optional read-only command', 'Redis 可连接并响应 PING，可读取角色、INFO 字段和只读命令结果'),
  schema: redisSchema,
  facts: {
    connected: bi('true when the connection (and AUTH) succeeded', '连接（及认证）成功时为 true'),
    ping: bi('the reply to PING ("PONG")', 'PING 的回复（"PONG"）'),
    role: bi('master or slave (from INFO replication)', 'master 或 slave（来自 INFO replication）'),
    info: bi('INFO fields, e.g. info.redis_version, info.used_memory (bytes), info.db0.keys', 'INFO 字段，如 info.redis_version、info.used_memory（字节）、info.db0.keys'),
    password_required: bi('true when the server refuses clients without a password', '服务器拒绝无密码客户端时为 true'),
    value: bi('the reply to `command` (null when the key does not exist)', '`command` 的回复（键不存在时为 null）'),
    latency: bi('time to connect, authenticate and answer PING, in ms', '连接、认证并响应 PING 的耗时（毫秒）'),
    error: bi('why it failed (ECONNREFUSED, WRONGPASS, NOAUTH …)', '失败原因（ECONNREFUSED、WRONGPASS、NOAUTH 等）'),
  },
  defaultExpect: ['ping == "PONG"'],
  defaultTimeoutMs: 5_000,
  secretFields: ['url', 'password'],
  describe(spec) {
    let where: string;
    try {
      where = maskedUrl(targetOf(spec));
    } catch {
      where = '(invalid URL)';
    }
    return `redis ${where}${spec.command ? ` · ${argv(spec.command).join(' ').slice(0, 80)}` : ''}`;
  },
  async probe(spec, context): Promise<Observation> {
    let target: RedisTarget;
    try {
      target = targetOf(spec);
    } catch (error) {
      if (error instanceof RedisUrlError) throw new ProbeError(error.text);
      throw error;
    }
    const command = spec.command === undefined ? undefined : argv(spec.command);
    if (command && !(readOnlyCommands as readonly string[]).includes(command[0]?.toUpperCase() ?? '')) {
      throw new ProbeError(bi(`"${command[0] ?? ''}" is not an allowed read-only command`, `"${command[0] ?? ''}" 不是允许的只读命令`));
    }
    const where = maskedUrl(target);
    const { Redis: RedisClient } = await import('ioredis');
    context.signal.throwIfAborted();

    // AUTH and SELECT are sent by hand: ioredis would print to the console on some AUTH replies, and we want to classify them.
    const client: Redis = new RedisClient({
      host: target.host,
      port: target.port,
      // SNI only for names: RFC 6066 forbids IP addresses there.
      ...(target.tls ? { tls: isIP(target.host) ? {} : { servername: target.host } } : {}),
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      autoResubscribe: false,
      disconnectTimeout: 50,
    });
    let lastError: Error | undefined;
    client.on('error', (error: Error) => {
      lastError = error;
    });
    // disconnect() only half-closes (end()); destroy the socket too so nothing lingers on a silent server.
    const close = () => {
      client.disconnect();
      (client.stream as { destroy?: () => void } | undefined)?.destroy?.();
    };
    context.signal.addEventListener('abort', close, { once: true });
    const started = performance.now();
    const base = { connected: false };

    const failed = (code: string | undefined, reason: Bilingual, extra: Record<string, unknown> = {}): Observation => ({
      facts: { ...base, ...extra, latency: Math.round(performance.now() - started), error: code ?? null },
      evidence: { url: where, connected: false, error: code ?? null, ...extra },
      failure: reason,
    });

    try {
      try {
        await abortable(client.connect(), context.signal);
      } catch (error) {
        if (context.signal.aborted) throw error;
        const cause = (lastError ?? error) as NodeJS.ErrnoException;
        const [en, zh] = (cause.code ? networkErrors[cause.code] : undefined) ?? [scrub(cause.message, target), scrub(cause.message, target)];
        return failed(cause.code, bi(`cannot connect to Redis at ${where}: ${en}`, `无法连接 Redis ${where}：${zh}`));
      }

      let passwordRequired: boolean | undefined;
      if (target.password !== undefined) {
        try {
          await abortable(client.call('AUTH', ...(target.username ? [target.username] : []), target.password), context.signal);
          passwordRequired = true;
        } catch (error) {
          if (context.signal.aborted) throw error;
          const message = scrub((error as Error).message, target);
          // A password was given but the server needs none: it works, and `password_required == false` tells the story.
          if (/without any password configured|no password is set/i.test(message)) passwordRequired = false;
          else {
            const code = /^(WRONGPASS|NOPERM|ERR)/.exec(message)?.[1] ?? 'AUTH';
            return failed(code, bi(`Redis at ${where} refused the credentials: ${message}`, `Redis ${where} 拒绝了凭据：${message}`));
          }
        }
      }

      let ping: unknown;
      try {
        ping = await abortable(client.ping(), context.signal);
        passwordRequired ??= false;
      } catch (error) {
        if (context.signal.aborted) throw error;
        const message = scrub((error as Error).message, target);
        if (/^NOAUTH/.test(message)) {
          return failed('NOAUTH', bi(`Redis at ${where} requires a password, and none was given`, `Redis ${where} 需要密码，但未提供`), { password_required: true });
        }
        throw error;
      }

      try {
        if (target.db !== 0) await abortable(client.select(target.db), context.signal);
        const info = parseInfo(await abortable(client.info(), context.signal));
        const latency = Math.round(performance.now() - started);
        let value: unknown;
        if (command) {
          const [name = '', ...args] = command;
          value = plainReply(await abortable(client.call(name, ...args), context.signal));
        }
        const role = typeof info.role === 'string' ? info.role : null;
        return {
          facts: {
            connected: true,
            ping,
            role,
            info,
            password_required: passwordRequired,
            latency,
            error: null,
            ...(command ? { value } : {}),
          },
          evidence: {
            url: where,
            connected: true,
            ping,
            role,
            version: info.redis_version ?? null,
            usedMemory: info.used_memory_human ?? null,
            connectedClients: info.connected_clients ?? null,
            passwordRequired,
            latencyMs: latency,
            ...(command ? { command: command.join(' '), value: typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value } : {}),
          },
        };
      } catch (error) {
        if (context.signal.aborted) throw error;
        const message = scrub((error as Error).message, target);
        return {
          facts: { connected: true, ping, password_required: passwordRequired, latency: Math.round(performance.now() - started), error: message.split(' ')[0] ?? null },
          evidence: { url: where, connected: true, ping, error: message },
          failure: bi(`Redis at ${where} answered PING but the command failed: ${message}`, `Redis ${where} 响应了 PING，但命令失败：${message}`),
        };
      }
    } finally {
      context.signal.removeEventListener('abort', close);
      close();
    }
  },
});
