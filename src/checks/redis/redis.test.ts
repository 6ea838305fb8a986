import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { closedPort, listenLoopback } from '../../../test/support/net.js';
import { withRedis } from '../../../test/support/redis.js';
import { requireService } from '../../../test/support/services.js';
import { inertSecrets } from '../../../test/support/secrets.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { maskedUrl, parseRedisUrl } from './_url.js';
import { parseInfo, redisKind, type RedisCheck } from './index.js';

// The real Redis 7 that .ci/run provides, without a password.
const url = 'redis://127.0.0.1:6379/0';
const redisUp = await requireService({ name: 'Redis', host: '127.0.0.1', port: 6379 });
const options = { planDir: '.', variables: {}, secrets: createSecretSet() };
const key = `golive:test:${process.pid}:${Date.now()}`;
const planted = 'golive-planted-Secret-9Rd';

function check(fields: Omit<RedisCheck, 'kind'>): RedisCheck {
  return { kind: 'redis', ...fields };
}

describe.skipIf(!redisUp)('redis kind against Redis', () => {
  // A cached session blob: the check discovers the token by its field name; the plan never declared it.
  beforeAll(() => withRedis((client) => client.set(key, JSON.stringify({ user: 'ops', api_token: planted }), 'EX', 300)));
  afterAll(() => withRedis((client) => client.del(key)));

  describeCheckKindConformance(redisKind, async () => {
    // Accepts TCP and never answers: PING hangs.
    const silent = await listenLoopback(createServer(() => undefined));
    return {
      passing: check({ url, expect: ['connected == true', 'ping == "PONG"', 'role == "master"'] }),
      failing: check({ url, expect: ['role == "slave"'] }),
      hanging: check({ url: `redis://127.0.0.1:${silent.port}/0` }),
      secret: { spec: check({ url, command: ['GET', key] }), value: planted },
      teardown: () => silent.close(),
    };
  });

  describe('kind-specific', () => {
    let closed: number;

    beforeAll(async () => {
      closed = await closedPort();
    });

    it('exposes INFO fields as numbers and objects', async () => {
      const outcome = await runCheck(redisKind, check({ url, expect: ['info.redis_version matches /^7\\./', 'info.used_memory > 0', 'info.connected_clients >= 1', 'password_required == false'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.observed).toMatchObject({ ping: 'PONG', role: 'master', passwordRequired: false });
    });

    it('runs an allowed command and exposes the reply as value', async () => {
      const exists = await runCheck(redisKind, check({ url, command: `EXISTS ${key}`, expect: ['value == 1'] }), options);
      const missing = await runCheck(redisKind, check({ url, command: ['GET', `${key}:absent`], expect: ['value == null'] }), options);
      const ttl = await runCheck(redisKind, check({ url, command: ['TTL', key], expect: ['value > 0', 'value <= 300'] }), options);

      expect(exists.status, JSON.stringify(exists.evidence)).toBe('pass');
      expect(missing.status, JSON.stringify(missing.evidence)).toBe('pass');
      expect(ttl.status, JSON.stringify(ttl.evidence)).toBe('pass');
    });

    it('rejects a command outside the read-only allow-list at lint time and at run time', async () => {
      const parsed = redisKind.schema.safeParse(check({ url, command: 'FLUSHALL' }));
      const outcome = await runCheck(redisKind, check({ url, command: ['CONFIG', 'SET', 'requirepass', 'x'] }), options);

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/^"FLUSHALL" is not an allowed read-only command .* \/ "FLUSHALL" 不是允许的只读命令/);
      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.zh).toBe('"CONFIG" 不是允许的只读命令');
      expect(await withRedis((client) => client.config('GET', 'requirepass'))).toEqual(['requirepass', '']);
    });

    it('fails on credentials the server refuses, and never shows the password', async () => {
      const outcome = await runCheck(redisKind, check({ url: 'redis://golive_nobody:Redis-Pass-777@127.0.0.1:6379/0' }), { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toMatch(/^Redis at redis:\/\/golive_nobody:••••@127\.0\.0\.1:6379\/0 refused the credentials: WRONGPASS/);
      expect(outcome.evidence.reason?.zh).toMatch(/拒绝了凭据/);
      expect(JSON.stringify(outcome)).not.toContain('Redis-Pass-777');
    });

    it('works when a password is given but the server needs none, and says so', async () => {
      const outcome = await runCheck(redisKind, check({ url, password: 'Unneeded-Pass-1', expect: ['password_required == true'] }), { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.conditions?.[0]?.passed).toBe(false);
      expect(outcome.evidence.target).toBe('redis redis://:••••@127.0.0.1:6379/0');
      expect(JSON.stringify(outcome)).not.toContain('Unneeded-Pass-1');
    });

    it('fails with ECONNREFUSED when nothing listens', async () => {
      const outcome = await runCheck(redisKind, check({ url: `127.0.0.1:${closed}` }), options);

      expect(outcome.status).toBe('fail');
      expect(outcome.evidence.reason?.en).toBe(`cannot connect to Redis at redis://127.0.0.1:${closed}/0: connection refused (nothing listens on that port)`);
    });

    it('errors on a malformed URL without repeating it', async () => {
      const outcome = await runCheck(redisKind, check({ url: 'http://:Leak-Redis-5@127.0.0.1:6379' }), { ...options, secrets: inertSecrets() });

      expect(outcome.status).toBe('error');
      expect(outcome.evidence.reason?.en).toBe('the Redis URL is not valid: the scheme "http:" is not redis:// or rediss:// (expected redis://:password@host:6379/0)');
      expect(JSON.stringify(outcome)).not.toContain('Leak-Redis-5');
    });

    it('selects the database from the URL or the db field', async () => {
      const outcome = await runCheck(redisKind, check({ url: 'redis://127.0.0.1:6379/0', db: 15, command: ['EXISTS', key], expect: ['value == 0'] }), options);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
      expect(outcome.evidence.target).toBe(`redis redis://127.0.0.1:6379/15 · EXISTS ${key}`);
    });

    it('closes its socket when the attempt times out', async () => {
      // Reads what it is sent (so it sees the client's FIN) and never answers.
      const server = createServer((socket) => socket.resume());
      const hanging = await listenLoopback(server);
      const openConnections = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

      const outcome = await runCheck(redisKind, check({ url: `redis://127.0.0.1:${hanging.port}/0`, timeout: 200 }), options);
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(outcome.status).toBe('error');
      expect(await openConnections()).toBe(0);
      await hanging.close();
    });
  });
});

describe('redis URL forms', () => {
  it('reads REDIS_ADDR host:port, rediss:// and ACL users, and masks the password', () => {
    expect(parseRedisUrl('10.0.0.9:6380')).toEqual({ host: '10.0.0.9', port: 6380, db: 0, tls: false });
    const target = parseRedisUrl('rediss://app:p%40ss@r-bp1xxxx.redis.rds.aliyuncs.com:6379/2');
    expect(target).toEqual({ host: 'r-bp1xxxx.redis.rds.aliyuncs.com', port: 6379, username: 'app', password: 'p@ss', db: 2, tls: true });
    expect(maskedUrl(target)).toBe('rediss://app:••••@r-bp1xxxx.redis.rds.aliyuncs.com:6379/2');
  });

  it('parses INFO into numbers, text and per-database objects', () => {
    const info = parseInfo('# Server\r\nredis_version:7.0.15\r\nused_memory:941784\r\nrole:master\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=0\r\n');

    expect(info).toEqual({ redis_version: '7.0.15', used_memory: 941784, role: 'master', db0: { keys: 3, expires: 1, avg_ttl: 0 } });
  });
});
