import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { startDockerEngineStandIn, type DockerEngineStandIn } from '../../../test/stand-ins/docker-engine.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { envKind, type EnvCheck } from './index.js';
import { placeholderReason, shannonEntropy } from './_quality.js';

// 64 hex characters, as seed 001's `node -e "…randomBytes(32).toString('hex')"` prints them.
const jwtSecret = '3f9c2a7e51d04b8e9a6c1f7d2e8b4a0c5d9e3f1a7b6c2d8e4f0a1b5c9d3e7f2a';
const adminSecret = 'b7e1c4f9a2d6083e5f1c7a9b3d5e2f4c8a0b6d1e3f7c9a2b4d6e8f0a1c3e5b7d';

/** Seed 001's production .env, with the mistakes its checklist warns about. */
const envProd = `NODE_ENV=production
JWT_SECRET=${jwtSecret}
ADMIN_JWT_SECRET=${adminSecret}
DB_PASSWORD=<强密码>
WECHAT_APPID=wx1234567890abcdef
CORS_ORIGINS=https://shop.example.cn,https://admin.shop.example.cn
LOG_LEVEL=warn
ENABLE_DEBUG_ROUTES=false
ENABLE_TEST_ROUTES=true
EMPTY=
`;

const envWeak = `JWT_SECRET=changeme
ADMIN_JWT_SECRET=changeme
CORS_ORIGINS=*
LOG_LEVEL=debug
`;

/** A unix socket that accepts connections and never answers. */
async function silentSocket(socketPath: string): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describeCheckKindConformance(envKind, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'golive-env-conf-'));
  await writeFile(join(dir, '.env.prod'), envProd);
  await writeFile(join(dir, '.env.weak'), envWeak);
  const silent = await silentSocket(join(dir, 'silent.sock'));
  return {
    passing: { kind: 'env' as const, file: join(dir, '.env.prod'), name: 'JWT_SECRET', expect: ['len >= 32'] },
    failing: { kind: 'env' as const, file: join(dir, '.env.weak'), name: 'JWT_SECRET', expect: ['len >= 32'] },
    hanging: { kind: 'env' as const, container: 'backend', dockerHost: `unix://${join(dir, 'silent.sock')}`, name: 'JWT_SECRET' },
    // The probe never shows a secret's value, but a failing condition explains itself with the actual value: only the runner's redactor stops that.
    secret: { spec: { kind: 'env' as const, file: join(dir, '.env.prod'), name: 'JWT_SECRET', expect: ['value == "something else"'] }, value: jwtSecret },
    teardown: async () => {
      await silent.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('env kind', () => {
  let dir: string;
  let docker: DockerEngineStandIn;
  const run = (spec: Omit<EnvCheck, 'kind'>) => runCheck(envKind, { kind: 'env', ...spec }, { planDir: dir, variables: {}, secrets: createSecretSet() });
  const probe = (spec: Omit<EnvCheck, 'kind'>) =>
    envKind.probe({ kind: 'env', ...spec }, { signal: new AbortController().signal, planDir: dir, variables: {}, logger: { debug() {}, info() {}, warn() {} } });
  const dockerHost = () => docker.host;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'golive-env-'));
    await writeFile(join(dir, '.env.prod'), envProd);
    await writeFile(join(dir, '.env.weak'), envWeak);
    // Seed 000: `docker exec xinyi-wenlu-backend env | grep TENCENT_MAP_KEY`.
    docker = await startDockerEngineStandIn([
      {
        id: 'f00d',
        name: 'xinyi-wenlu-backend',
        image: 'backend:v1.2.3-20260213',
        env: {
          PATH: '/usr/local/bin',
          TENCENT_MAP_KEY: 'RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE',
          DB_HOST: 'rm-bp1abc.mysql.rds.aliyuncs.com',
          EQ: 'a=b',
          DATABASE_URL: 'mysql://app:Xk9mQ2pL7vRt@rm-bp1abc.mysql.rds.aliyuncs.com:3306/wanda_platform',
        },
      },
      { id: 'beef', name: 'forgot-the-key', image: 'backend:v1.2.2', env: { PATH: '/usr/local/bin', DB_HOST: 'rm-xxxx.mysql.rds.aliyuncs.com' } },
    ]);
  });

  afterAll(async () => {
    await docker.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('seed 001 examples, as written', () => {
    it.each([
      [{ file: '.env.prod', name: 'JWT_SECRET', expect: ['len >= 32'] }, 'pass'],
      [{ file: '.env.weak', name: 'JWT_SECRET', expect: ['len >= 32'] }, 'fail'],
      [{ file: '.env.prod', name: 'ADMIN_JWT_SECRET', differsFrom: 'JWT_SECRET', expect: ['differs == true', 'len >= 32'] }, 'pass'],
      [{ file: '.env.weak', name: 'ADMIN_JWT_SECRET', differsFrom: 'JWT_SECRET', expect: ['differs == true'] }, 'fail'],
      [{ file: '.env.prod', name: 'ADMIN_JWT_SECRET', differsFrom: 'NO_SUCH', expect: ['differs == true'] }, 'fail'],
      [{ file: '.env.prod', name: 'CORS_ORIGINS', expect: ['value != "*"'] }, 'pass'],
      [{ file: '.env.weak', name: 'CORS_ORIGINS', expect: ['value != "*"'] }, 'fail'],
      [{ file: '.env.prod', name: 'ENABLE_DEBUG_ROUTES', expect: ['value == false'] }, 'pass'],
      [{ file: '.env.prod', name: 'ENABLE_TEST_ROUTES', expect: ['value == false'] }, 'fail'],
      [{ file: '.env.prod', name: 'LOG_LEVEL', expect: ['value in ["error", "warn"]'] }, 'pass'],
      [{ file: '.env.weak', name: 'LOG_LEVEL', expect: ['value in ["error", "warn"]'] }, 'fail'],
      [{ file: '.env.prod', name: 'DB_PASSWORD' }, 'fail'],
      [{ file: '.env.prod', name: 'WECHAT_APPID', expect: ['value matches /^wx[0-9a-f]{16}$/'] }, 'pass'],
    ] satisfies [Omit<EnvCheck, 'kind'>, 'pass' | 'fail'][])('%j → %s', async (spec, status) => {
      const outcome = await run(spec);

      expect(outcome.status, JSON.stringify(outcome.evidence)).toBe(status);
    });
  });

  it('shows a secret only as length, redacted tail and entropy', async () => {
    const { facts, evidence } = await probe({ file: '.env.prod', name: 'JWT_SECRET' });

    expect(facts).toMatchObject({ value: jwtSecret, present: true, empty: false, len: 64, is_placeholder: false });
    expect(facts.entropy).toBeGreaterThan(3.5);
    expect(evidence).toMatchObject({ name: 'JWT_SECRET', present: true, len: 64, value: expect.stringMatching(/^•+2a$/) });
    expect(JSON.stringify(evidence)).not.toContain(jwtSecret.slice(0, 12));
  });

  it('keeps a secret out of a failing condition\'s explanation even when the plan never declared it secret', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'golive-env-leak-'));
    await writeFile(join(dir, '.env.prod'), envProd);

    const outcome = await runCheck(envKind, { kind: 'env', file: '.env.prod', name: 'JWT_SECRET', expect: ['value == "x"', 'value matches /^nope/'] }, { planDir: dir, variables: {}, secrets: createSecretSet() });

    expect(outcome.status).toBe('fail');
    expect(JSON.stringify(outcome)).not.toContain(jwtSecret);
    await rm(dir, { recursive: true, force: true });
  });

  it('redacts a value marked `secret: true` even when its name looks harmless', async () => {
    const { evidence } = await probe({ file: '.env.prod', name: 'WECHAT_APPID', secret: true });

    expect(JSON.stringify(evidence)).not.toContain('wx1234567890abcdef');
  });

  it('keeps the host of a DSN in evidence but not its password', async () => {
    const { evidence } = await probe({ container: 'xinyi-wenlu-backend', dockerHost: dockerHost(), name: 'DATABASE_URL' });

    expect(evidence.value).toBe('mysql://app:••••Rt@rm-bp1abc.mysql.rds.aliyuncs.com:3306/wanda_platform');
  });

  it('shows the value of a variable whose name is not secret', async () => {
    const { evidence } = await probe({ file: '.env.prod', name: 'LOG_LEVEL' });

    expect(evidence).toMatchObject({ value: 'warn', len: 4 });
  });

  it('explains why a value is a placeholder (seed 001: DB_PASSWORD=<强密码>)', async () => {
    const outcome = await run({ file: '.env.prod', name: 'DB_PASSWORD' });

    expect(outcome.evidence.observed).toMatchObject({ placeholder: 'angle-bracket placeholder (<...>)' });
    expect(outcome.evidence.conditions?.find((record) => record.condition === 'is_placeholder == false')?.passed).toBe(false);
  });

  it('treats a missing variable as a fact, not an error', async () => {
    const outcome = await run({ file: '.env.prod', name: 'SENTRY_DSN' });
    const { facts } = await probe({ file: '.env.prod', name: 'SENTRY_DSN' });

    expect(outcome.status).toBe('fail');
    expect(facts).toMatchObject({ value: null, present: false, empty: true, len: 0, is_placeholder: true });
  });

  it('tells an empty variable from a missing one', async () => {
    const { facts } = await probe({ file: '.env.prod', name: 'EMPTY' });

    expect(facts).toMatchObject({ present: true, empty: true, len: 0, is_placeholder: true });
  });

  it('is an error naming the path when the env file is missing', async () => {
    const outcome = await run({ file: '.env.production', name: 'JWT_SECRET' });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe(`env file not found: ${join(dir, '.env.production')}`);
    expect(outcome.evidence.reason?.zh).toContain('找不到 env 文件');
  });

  it('reads the process environment by default', async () => {
    process.env.GOLIVE_ENV_TEST_LEVEL = 'error';
    try {
      const outcome = await run({ name: 'GOLIVE_ENV_TEST_LEVEL', expect: ['value in ["error", "warn"]'] });

      expect(outcome.status).toBe('pass');
      expect(outcome.evidence.target).toBe('env GOLIVE_ENV_TEST_LEVEL in process environment');
    } finally {
      delete process.env.GOLIVE_ENV_TEST_LEVEL;
    }
  });

  it('reads Config.Env of a container (seed 000: TENCENT_MAP_KEY injected)', async () => {
    const injected = await run({ container: 'xinyi-wenlu-backend', dockerHost: dockerHost(), name: 'TENCENT_MAP_KEY' });
    const forgotten = await run({ container: 'forgot-the-key', dockerHost: dockerHost(), name: 'TENCENT_MAP_KEY' });
    const rdsHost = await probe({ container: 'forgot-the-key', dockerHost: dockerHost(), name: 'DB_HOST' });
    const equals = await probe({ container: 'xinyi-wenlu-backend', dockerHost: dockerHost(), name: 'EQ' });

    expect(injected.status).toBe('pass');
    expect(JSON.stringify(injected.evidence)).not.toContain('RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE');
    expect(forgotten.status).toBe('fail');
    expect(rdsHost.facts.is_placeholder).toBe(true);
    expect(equals.facts.value).toBe('a=b');
  });

  it('is an error for an unknown container and an unreachable engine', async () => {
    const unknown = await run({ container: 'nope', dockerHost: dockerHost(), name: 'X' });
    const unreachable = await run({ container: 'x', dockerHost: `unix://${join(dir, 'missing.sock')}`, name: 'X' });

    expect(unknown.status).toBe('error');
    expect(unknown.evidence.reason?.en).toBe('no such container: nope');
    expect(unreachable.status).toBe('error');
    expect(unreachable.evidence.reason?.en).toContain('cannot reach the Docker engine');
  });

  it('rejects contradictory sources and bad names in the plan', () => {
    const parse = (spec: Record<string, unknown>) => envKind.schema.safeParse({ kind: 'env', name: 'X', ...spec }).success;

    expect(parse({ file: '.env', container: 'app' })).toBe(false);
    expect(parse({ source: 'file' })).toBe(false);
    expect(parse({ source: 'process', file: '.env' })).toBe(false);
    expect(parse({ name: '1X' })).toBe(false);
    expect(parse({ differsFrom: 'JWT SECRET' })).toBe(false);
    expect(parse({ source: 'container', container: 'app', secret: 'true' })).toBe(true);
  });
});

describe('placeholders', () => {
  it.each([
    ['', 'empty'],
    ['<至少32位随机字符串>', 'angle-bracket placeholder (<...>)'],
    ['${JWT_SECRET}', 'unexpanded variable (${...} or {{...}})'],
    ['{{ secret }}', 'unexpanded variable (${...} or {{...}})'],
    ['changeme', 'known default word'],
    ['Change_Me', 'known default word'],
    ['secret', 'known default word'],
    ['password', 'known default word'],
    ['test', 'known default word'],
    ['your-secret', 'starts with "your" (your-secret, YourStrongPassword …)'],
    ['YourStrongPassword', 'starts with "your" (your-secret, YourStrongPassword …)'],
    ['rm-xxxx.mysql.rds.aliyuncs.com', 'contains a run of x (xxx, rm-xxxx …)'],
    ['https://xxx@sentry.io/xxx', 'contains a run of x (xxx, rm-xxxx …)'],
    ['https://yourdomain.com,https://admin.yourdomain.com', 'mentions example/yourdomain/changeme'],
    ['https://api.example.com', 'mentions example/yourdomain/changeme'],
    ['aaaaaaaa', 'one character repeated'],
    ['123456', 'a simple sequence (123456, abcdef …)'],
    ['请填写你的密钥', 'Chinese "fill in here" text (请填写, 你的 …)'],
  ])('%j is a placeholder: %s', (value, reason) => {
    expect(placeholderReason(value)).toBe(reason);
  });

  it.each([jwtSecret, 'https://api.wmma.cn', 'warn', 'false', 'production', 'oss-cn-hangzhou', 'rm-bp1abc.mysql.rds.aliyuncs.com', 'redis:6379', '*', '茂名文旅'])(
    '%j is a real value',
    (value) => {
      expect(placeholderReason(value)).toBeUndefined();
    },
  );
});

describe('shannonEntropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('aabb')).toBe(1);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy(jwtSecret)).toBeGreaterThan(3.5);
  });
});
