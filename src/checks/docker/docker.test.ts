import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { startDockerEngineStandIn, type DockerEngineStandIn, type StandInContainer } from '../../../test/stand-ins/docker-engine.js';
import { inertSecrets } from '../../../test/support/secrets.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { engineAddress } from '../_shared/docker-engine.js';
import { dockerKind, imageTag, type DockerCheck } from './index.js';

// No Docker engine can run on these machines: these tests talk to a STAND-IN that speaks the
// Docker Engine API over a unix socket (test/stand-ins/docker-engine.ts). The kind's code path is
// the one a real engine gets: plain HTTP GETs of /containers/{id}/json over the socket.

const mapKey = 'RNYBZ-VMELW-J5HRP-YAS4F-5OMKH-35BAE';
const notifyUrl = 'https://pay.example.com/wxpay/notify?sig=golive-planted-Secret-Dk2';
const containers: StandInContainer[] = [
  {
    id: 'f3c1a9d2b7e84c0d9a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7',
    name: 'xinyi-wenlu-backend',
    image: 'registry.cn-hangzhou.aliyuncs.com/xinyi/wenlu-backend:v1.2.3-20260213',
    health: 'healthy',
    env: { TENCENT_MAP_KEY: mapKey, PAY_NOTIFY_URL: notifyUrl, DB_PASSWORD: 'Very-Secret-DB-Pass', NODE_ENV: 'production', LOG_LEVEL: 'info', EMPTY_ONE: '' },
    ports: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '9229/tcp': null },
    restartCount: 0,
    startedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
  },
  {
    id: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
    name: 'shop-api-1',
    image: 'shop/api:latest',
    health: 'unhealthy',
    labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api' },
    restartCount: 7,
    ports: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }] },
  },
  {
    id: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    name: 'shop-worker-1',
    image: 'shop/worker',
    status: 'exited',
    exitCode: 137,
    labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'worker' },
  },
  { id: '1111111111111111111111111111111111111111111111111111111111111111', name: 'shop-web-1', image: 'shop/web:2', labels: { 'com.docker.compose.service': 'web' } },
  { id: '2222222222222222222222222222222222222222222222222222222222222222', name: 'shop-web-2', image: 'shop/web:2', labels: { 'com.docker.compose.service': 'web' } },
];
const options = { planDir: '.', variables: {}, secrets: createSecretSet() };

function check(fields: Omit<DockerCheck, 'kind'>): DockerCheck {
  return { kind: 'docker', ...fields };
}

describeCheckKindConformance(dockerKind, async () => {
  const engine = await startDockerEngineStandIn(containers);
  // A unix socket that accepts and never answers: an engine that hangs.
  const folder = await mkdtemp(join(tmpdir(), 'golive-docker-hang-'));
  const silent = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => silent.listen(join(folder, 'docker.sock'), resolve));
  return {
    passing: check({ container: 'xinyi-wenlu-backend', host: engine.host, env: ['TENCENT_MAP_KEY'], expect: ['running == true', 'health == "healthy"', 'env.TENCENT_MAP_KEY exists', 'len(env.TENCENT_MAP_KEY) > 0'] }),
    failing: check({ container: 'shop-api-1', host: engine.host, expect: ['health == "healthy"'] }),
    hanging: check({ container: 'xinyi-wenlu-backend', host: `unix://${join(folder, 'docker.sock')}` }),
    // The plan declares nothing: the check discovers the signature in the URL's query string (`sig=`).
    secret: { spec: check({ container: 'xinyi-wenlu-backend', host: engine.host, env: ['PAY_NOTIFY_URL'] }), value: notifyUrl },
    async teardown() {
      await engine.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await rm(folder, { recursive: true, force: true });
    },
  };
});

describe('docker kind (against the Engine API stand-in)', () => {
  let engine: DockerEngineStandIn;

  beforeAll(async () => {
    engine = await startDockerEngineStandIn(containers);
  });
  afterAll(() => engine.close());

  it('checks seed 000: map key injected, image tag v1.2.3-20260213 format, running and healthy', async () => {
    const outcome = await runCheck(
      dockerKind,
      check({
        container: 'xinyi-wenlu-backend',
        host: engine.host,
        env: ['TENCENT_MAP_KEY'],
        expect: ['env.TENCENT_MAP_KEY exists', 'len(env.TENCENT_MAP_KEY) > 0', 'tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/', 'running == true', 'health == "healthy"', 'restart_count == 0', 'uptime > 1h'],
      }),
      options,
    );

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(engine.requests).toContain('GET /containers/xinyi-wenlu-backend/json');
  });

  it('exposes the facts a release manager checks', async () => {
    const observation = await dockerKind.probe(check({ container: 'xinyi-wenlu-backend', host: engine.host, env: ['NODE_ENV', 'NOT_SET'] }), {
      signal: new AbortController().signal, planDir: '.', variables: {}, logger: { debug() {}, info() {}, warn() {} },
    });

    expect(observation.facts).toMatchObject({
      running: true,
      status: 'running',
      health: 'healthy',
      image: 'registry.cn-hangzhou.aliyuncs.com/xinyi/wenlu-backend:v1.2.3-20260213',
      tag: 'v1.2.3-20260213',
      name: 'xinyi-wenlu-backend',
      env: { NODE_ENV: 'production' },
      restart_count: 0,
      ports: ['127.0.0.1:8080->3000/tcp', '9229/tcp'],
    });
    expect(observation.facts.uptime).toBeGreaterThan(2 * 3_600_000 - 60_000);
  });

  it('shows only the requested variables in evidence, and secret-looking names masked', async () => {
    const outcome = await runCheck(dockerKind, check({ container: 'xinyi-wenlu-backend', host: engine.host, env: ['DB_PASSWORD', 'LOG_LEVEL', 'EMPTY_ONE', 'MISSING'] }), { ...options, secrets: inertSecrets() });

    expect(outcome.evidence.observed?.env).toEqual({ DB_PASSWORD: '••••ss', LOG_LEVEL: 'info', EMPTY_ONE: '', MISSING: null });
    expect(JSON.stringify(outcome)).not.toContain('Very-Secret-DB-Pass');
    expect(JSON.stringify(outcome)).not.toContain(mapKey);
    expect(JSON.stringify(outcome)).not.toContain('NODE_ENV');
  });

  it('fails `env.X exists` when the variable is not injected (seed 000: 地图Key未注入)', async () => {
    const outcome = await runCheck(dockerKind, check({ container: 'shop-api-1', host: engine.host, env: ['TENCENT_MAP_KEY'], expect: ['env.TENCENT_MAP_KEY exists'] }), options);

    expect(outcome.status).toBe('fail');
  });

  it('fails with "not found" for an unknown container', async () => {
    const outcome = await runCheck(dockerKind, check({ container: 'no-such-app', host: engine.host }), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.reason).toEqual({ en: `container no-such-app not found on ${engine.host}`, zh: `在 ${engine.host} 上找不到容器 no-such-app` });
  });

  it('finds a docker compose service by its name, and refuses to guess between replicas', async () => {
    const api = await runCheck(dockerKind, check({ container: 'api', host: engine.host, expect: ['name == "shop-api-1"', 'restart_count > 5', 'health == "unhealthy"'] }), options);
    const worker = await runCheck(dockerKind, check({ container: 'worker', host: engine.host, expect: ['running == false', 'status == "exited"', 'exit_code == 137'] }), options);
    const web = await runCheck(dockerKind, check({ container: 'web', host: engine.host }), options);

    expect(api.status, JSON.stringify(api.evidence)).toBe('pass');
    expect(worker.status, JSON.stringify(worker.evidence)).toBe('pass');
    expect(web.status).toBe('fail');
    expect(web.evidence.reason?.en).toBe('container web is ambiguous: it matches shop-web-1, shop-web-2');
  });

  it('lists published ports like docker ps, IPv6 bracketed', async () => {
    const outcome = await runCheck(dockerKind, check({ container: 'shop-api-1', host: engine.host, expect: ['len(ports) == 2'] }), options);

    expect(outcome.evidence.observed?.ports).toEqual(['0.0.0.0:8080->8080/tcp', '[::]:8080->8080/tcp']);
  });

  it('errors with one clear line when there is no engine socket', async () => {
    const outcome = await runCheck(dockerKind, check({ container: 'x', host: 'unix:///nonexistent/golive/docker.sock' }), options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason).toEqual({
      en: 'cannot reach the Docker engine at unix:///nonexistent/golive/docker.sock: there is no socket at that path: is Docker installed and running here? (ENOENT)',
      zh: '无法连接 Docker 引擎 unix:///nonexistent/golive/docker.sock：该路径下没有套接字：本机是否安装并启动了 Docker？（ENOENT）',
    });
  });

  it('uses DOCKER_HOST when the check names no host, and refuses what it cannot speak', () => {
    expect(engineAddress(undefined, { DOCKER_HOST: engine.host })).toEqual({ display: engine.host, socketPath: engine.socketPath, origin: 'http://docker' });
    expect(engineAddress(undefined, {})).toMatchObject({ socketPath: '/var/run/docker.sock' });
    expect(engineAddress('tcp://10.0.0.5:2375', {})).toEqual({ display: 'tcp://10.0.0.5:2375', origin: 'http://10.0.0.5:2375' });
    expect(() => engineAddress('ssh://deploy@prod', {})).toThrow('the Docker host ssh://deploy@prod is not supported');
    expect(() => engineAddress(undefined, { DOCKER_HOST: 'tcp://prod:2376', DOCKER_TLS_VERIFY: '1' })).toThrow(/DOCKER_TLS_VERIFY is set/);
  });

  it('parses image tags the way registries write them', () => {
    expect(imageTag('registry.cn-hangzhou.aliyuncs.com/ns/app:v1.2.3-20260213')).toBe('v1.2.3-20260213');
    expect(imageTag('localhost:5000/app')).toBe('latest');
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('app:1.0@sha256:abcd')).toBe('1.0');
    expect(imageTag('app@sha256:abcd')).toBeNull();
    expect(imageTag(`sha256:${'ab'.repeat(32)}`)).toBeNull();
  });
});
