// Every check the importer proposes for the five seeds runs under `golive check` against local stand-ins.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPlanYaml, type ImportedItem, type ImportResult } from '../../src/import/index.js';
import { runCli } from '../support/cli.js';
import { listenLoopback, type Listening } from '../support/net.js';
import { createTestCertificates, type TestCertificates } from '../support/tls.js';
import { startDockerEngineStandIn } from '../stand-ins/docker-engine.js';
import { loadSeed, proposedCheckCounts, type SeedName } from './_seeds.js';

const git = promisify(execFile);

/** One item of `golive check --format json` (run.items[]). */
interface ReportedItem {
  readonly id: string;
  readonly status: string;
  readonly evidence?: {
    readonly target?: string;
    readonly reason?: unknown;
    readonly conditions?: readonly { condition: string; passed: boolean; message: { en: string } }[];
  };
}

let certs: TestCertificates;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  certs = await createTestCertificates();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await certs.cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-seed-checks-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

async function commitAll(dir: string, tag?: string): Promise<void> {
  const run = (args: string[]) => git('git', ['-c', 'user.name=golive test', '-c', 'user.email=test@golive.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir });
  await run(['init', '--quiet', '--initial-branch=main']);
  await run(['add', '--all']);
  await run(['commit', '--quiet', '-m', 'release']);
  if (tag !== undefined) await run(['tag', tag]);
}

async function serve(listening: Promise<Listening>): Promise<number> {
  const server = await listening;
  cleanups.push(() => server.close());
  return server.port;
}

/** The API the seeds describe: /healthz → {"status":"ok"}, /api/events → {"items":[…]}, /api/health → {"status":"healthy"}. */
const api: RequestListener = (request: IncomingMessage, response: ServerResponse) => {
  const json = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (request.url === '/healthz') return json(200, { status: 'ok' });
  if (request.url === '/api/health') return json(200, { status: 'healthy', db: 'up' });
  if (request.url === '/api/events') return json(200, { items: [{ id: 323, name: 'UFC 323', status: 'finished' }, { id: 324, name: 'UFC 324', status: 'scheduled' }] });
  return json(404, { error: 'not found' });
};

function httpsApi(): Promise<number> {
  return serve(listenLoopback(createHttpsServer({ cert: certs.valid.cert, key: certs.valid.key }, api)));
}

/** Like Caddy on 80 and 443, on one loopback port: TLS handshakes get the API, plain HTTP a redirect to https. */
function caddyLike(): Promise<number> {
  const https = createTlsServer({ cert: certs.valid.cert, key: certs.valid.key });
  const plain = createHttpServer((request, response) => response.writeHead(308, { location: `https://${request.headers.host ?? ''}${request.url ?? '/'}` }).end());
  https.on('secureConnection', (socket) => plain.emit('connection', socket));
  const front = createNetServer((socket: Socket) => {
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? https : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return serve(listenLoopback(front));
}

/** Binds a fixed port on a loopback address; privileged ports need root, so the caller learns whether it worked. */
async function tryListen(host: string, port: number): Promise<boolean> {
  const server = createNetServer((socket) => socket.end());
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => resolve(true));
  });
  if (bound) cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return bound;
}

const miniprogramProject = (appid: string, files: Record<string, string>): Record<string, string> => ({
  'project.config.json': JSON.stringify({ appid, projectname: 'app', miniprogramRoot: './', setting: { urlCheck: true, es6: true } }, null, 2),
  'app.json': JSON.stringify({ pages: ['pages/index/index'], window: { navigationBarTitleText: '首页' } }, null, 2),
  'pages/index/index.js': "Page({ data: { ready: false }, onLoad() { this.setData({ ready: true }); } });\n",
  ...files,
});

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${prefix}/${path}`, text]));
}

/** Imports the seed, lets `review` adjust proposed checks as a reviewer would, and writes golive.yaml into `dir`. */
async function writePlan(name: SeedName, dir: string, review: (check: Record<string, unknown>, item: ImportedItem) => void = () => {}): Promise<ImportResult> {
  const { result } = loadSeed(name);
  for (const item of result.plan.items) if (item.check !== null) review(item.check as Record<string, unknown>, item);
  await writeFile(join(dir, 'golive.yaml'), renderPlanYaml(result));
  return result;
}

function proposedIds(result: ImportResult, select: (item: ImportedItem) => boolean = () => true): string[] {
  return result.plan.items.filter((item) => item.check !== null && select(item)).map((item) => item.id);
}

async function check(dir: string, only: readonly string[], vars: Record<string, string> = {}): Promise<ReportedItem[]> {
  const argv = ['check', '-p', join(dir, 'golive.yaml'), '--format', 'json', '--only', only.join(','), ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}=${v}`])];
  const run = await runCli(argv, { cwd: dir });
  expect([0, 1], `exit ${run.code}: ${run.stderr}`).toContain(run.code);
  const items = (JSON.parse(run.stdout) as { run: { items: ReportedItem[] } }).run.items;
  expect(items.map((item) => item.id).sort()).toEqual([...only].sort());
  return items;
}

/** Every result ran and says why: a target, and conditions (a failure names the one that failed) or a reason. */
function expectExplained(items: readonly ReportedItem[]): Record<string, string> {
  for (const item of items) {
    const evidence = item.evidence ?? {};
    const detail = `${item.id}: ${JSON.stringify(evidence)}`;
    expect(['pass', 'fail', 'warn'], detail).toContain(item.status);
    expect(evidence.target, detail).toMatch(/\S/);
    const conditions = evidence.conditions ?? [];
    expect(conditions.length > 0 || evidence.reason !== undefined, detail).toBe(true);
    for (const record of conditions) expect(record.message.en, detail).toMatch(/\S/);
    if (item.status === 'pass') expect(conditions.every((record) => record.passed), detail).toBe(true);
    else expect(conditions.some((record) => !record.passed) || evidence.reason !== undefined, detail).toBe(true);
  }
  return Object.fromEntries(items.map((item) => [item.id, item.status]));
}

function allPass(ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(ids.map((id) => [id, 'pass']));
}

describe('golive check on the plans imported from the seeds, against local stand-ins', () => {
  it('000: miniprogram project, git branch and tag, and the container env of xinyi-wenlu-backend', async () => {
    const dir = await tempDir();
    // STAND-IN for the Docker Engine API (no engine runs here): the backend container the seed names at L51 and L86.
    const docker = await startDockerEngineStandIn([
      {
        id: `${'4f'.repeat(30)}0001`,
        name: 'xinyi-wenlu-backend',
        image: 'registry.cn-shenzhen.aliyuncs.com/xinyi/wenlu-backend:v1.4.2-20260213',
        env: {
          NODE_ENV: 'production',
          DB_HOST: 'rm-wz9k2m4n6p8q0r1s3.mysql.rds.aliyuncs.com',
          DB_NAME: 'wanda_platform',
          OSS_BUCKET: 'hxcm-oss',
          TENCENT_MAP_KEY: 'K7QPD-3MZRW-T8VNA-2LXHE-9BYFC-6GJUS',
          LOG_LEVEL: 'warn',
        },
      },
    ]);
    cleanups.push(() => docker.close());
    vi.stubEnv('DOCKER_HOST', docker.host);
    await writeFiles(dir, {
      ...prefixed('apps/miniprogram', miniprogramProject('wx5e8a1c2b3d4f6a7b', { 'config/index.js': "export const BASE_URL = 'https://wenlu.mmwenlv.cn/api';\n" })),
      'apps/backend/server.js': "module.exports = { port: Number(process.env.PORT ?? 3000) };\n",
    });
    const result = await writePlan('s000', dir);
    await commitAll(dir, 'v1.4.2-20260213');
    const ids = proposedIds(result);

    const statuses = expectExplained(await check(dir, ids));

    expect(ids).toHaveLength(proposedCheckCounts.s000);
    expect(statuses).toEqual(allPass(ids));
    expect(docker.requests.some((request) => request.includes('/containers/xinyi-wenlu-backend/json'))).toBe(true);
  });

  it('001: .env of 17 variables, https on the API domain with a redirect from http, clean code tree, a fresh backup', async () => {
    const dir = await tempDir();
    const port = await caddyLike();
    await writeFiles(dir, {
      '.gitignore': '.env\nbackup/\n',
      '.env': [
        'NODE_ENV=production',
        'JWT_SECRET=9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f',
        'ADMIN_JWT_SECRET=3b5d7f9a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7f9b2d4f6a8c0e1b3d5f7a9c2e4b',
        "DB_PASSWORD='Vq7#mK2!rZ9@wL4xN8$t'",
        'WECHAT_APPID=wx8c3f1a9d2e4b6c70',
        'WECHAT_SECRET=4e1f9a7c3b2d8e6f0a5c1b9d7e3f2a8c',
        'CORS_ORIGINS=https://qiaomai-mall.cn,https://admin.qiaomai-mall.cn',
        'WECHAT_MCH_ID=1612345678',
        'WECHAT_PAY_KEY=Hq3Zt8Wm1Kp6Rv9Yc2Nf5Lb7Dx4Gs0Ja',
        'STORAGE_PROVIDER=aliyun',
        'ALIYUN_OSS_ACCESS_KEY=LTAI5tQ8mZr3Kp7Vx2Nw9Hc4',
        'ALIYUN_OSS_ACCESS_SECRET=r8Kq2Wm5Zt1Xv7Np4Lc9Hb3Fg6Dj0S',
        'ALIYUN_OSS_BUCKET=qiaomai-prod-media',
        'ALIYUN_OSS_REGION=oss-cn-hangzhou',
        'ENABLE_DEBUG_ROUTES=false',
        'ENABLE_TEST_ROUTES=false',
        'ENABLE_X_OPENID_AUTH=false',
        '',
      ].join('\n'),
      'backend/controllers/orderController.js': "exports.pay = async (req, res) => {\n  const order = await req.services.orders.find(req.params.id);\n  res.json({ order });\n};\n",
      'qianduan/pages/distribution/invite.js': "Page({ onLoad() { this.setData({ rate: getApp().globalData.commission }); } });\n",
      'backup/mysql/s2b2c_20260213_020000.sql.gz': 'x'.repeat(4096),
    });
    const result = await writePlan('s001', dir, (proposed) => {
      // Reviewer's edits for the stand-ins: trust the test CA; the seed's backup folder (L279) is this folder here.
      if (proposed.kind === 'tls') proposed.ca = certs.ca.certFile;
      if (proposed.kind === 'backup' && proposed.path === '/backup/mysql') proposed.path = 'backup/mysql';
    });
    const ids = proposedIds(result);

    const reported = await check(dir, ids, { API_DOMAIN: `127.0.0.1:${port}`, DOMAIN: 'qiaomai-mall.cn', ADMIN_DOMAIN: 'admin.qiaomai-mall.cn' });
    const statuses = expectExplained(reported);

    expect(ids).toHaveLength(proposedCheckCounts.s001);
    expect(statuses).toEqual(allPass(ids));
  });

  it('001: a .env still holding the document\'s placeholders and CORS * fails the env checks, each naming its condition', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { '.env': 'NODE_ENV=production\nJWT_SECRET=<至少32位随机字符串>\nADMIN_JWT_SECRET=changeme\nCORS_ORIGINS=*\nENABLE_DEBUG_ROUTES=true\n' });
    const result = await writePlan('s001', dir);
    const ids = proposedIds(result, (item) => item.check?.kind === 'env' && ['JWT_SECRET', 'ADMIN_JWT_SECRET', 'CORS_ORIGINS', 'ENABLE_DEBUG_ROUTES'].includes(String(item.check.name)));

    const items = await check(dir, ids, { API_DOMAIN: 'api.qiaomai-mall.cn', DOMAIN: 'qiaomai-mall.cn', ADMIN_DOMAIN: 'admin.qiaomai-mall.cn' });

    expect(Object.values(expectExplained(items))).toEqual(ids.map(() => 'fail'));
    const failed = Object.fromEntries(items.map((item) => [item.id, (item.evidence?.conditions ?? []).filter((c) => !c.passed).map((c) => c.condition)]));
    expect(failed).toEqual({
      's2-2-02-jwt-secret': ['is_placeholder == false', 'len >= 32'],
      's2-2-03-admin-jwt-secret': ['is_placeholder == false', 'len >= 32'],
      's2-2-07-cors-origins-https': ['value != "*"', 'value == "https://qiaomai-mall.cn,https://admin.qiaomai-mall.cn"'],
      's2-2-15-enable-debug-routes': ['lower(value) == "false"'],
      's2-2-18-generate-jwt-secret': ['len >= 32', 'is_placeholder == false'],
      's2-2-21-set-cors-domain': ['value != "*"'],
    });
  });

  it('002: code committed in git, and a fresh backup in ${BACKUP_DIR}', async () => {
    const dir = await tempDir();
    const backups = await tempDir();
    await writeFiles(backups, { 'events-20260213.json.gz': 'x'.repeat(2048) });
    await writeFiles(dir, {
      'cloudfunctions/notification_service/index.js': "exports.main = async (event) => ({ ok: true, action: event.action });\n",
      'miniprogram/app.js': 'App({});\n',
    });
    const result = await writePlan('s002', dir);
    await commitAll(dir);
    const ids = proposedIds(result);

    const statuses = expectExplained(await check(dir, ids, { BACKUP_DIR: backups }));

    expect(ids).toHaveLength(proposedCheckCounts.s002);
    expect(statuses).toEqual(allPass(ids));
  });

  it('003: the backend health URL and weapp-complete/app.js apiBaseUrl', async () => {
    const dir = await tempDir();
    const port = await httpsApi();
    await writeFiles(dir, prefixed('weapp-complete', miniprogramProject('wx3a7c9e1b5d2f4a6c', {
      'app.js': "App({\n  globalData: {\n    apiBaseUrl: 'https://liufeng-dazi-v1.vercel.app',\n    userInfo: null,\n  },\n});\n",
    })));
    const result = await writePlan('s003', dir, (proposed) => {
      // The seed names a real host (L54); the reviewer points the check at the stand-in and trusts its CA.
      if (proposed.kind === 'http') {
        proposed.url = String(proposed.url).replace('https://liufeng-dazi-v1.vercel.app', `https://127.0.0.1:${port}`);
        proposed.ca = certs.ca.certFile;
      }
    });
    const ids = proposedIds(result);

    const statuses = expectExplained(await check(dir, ids));

    expect(ids).toHaveLength(proposedCheckCounts.s003);
    expect(statuses).toEqual(allPass(ids));
  });

  it('004: healthz, events and ports against the network stand-ins; .env.prod, worker env, miniapp and tests offline', async () => {
    const dir = await tempDir();
    const bin = await tempDir();
    const port = await httpsApi();
    // SERVER_PUBLIC_IP is a loopback address of our own, so 3306/6379 are closed there even where MariaDB/Redis listen on 127.0.0.1.
    const server = '127.77.0.1';
    const webPorts = [await tryListen(server, 80), await tryListen(server, 443)];
    // STAND-IN for the Go toolchain (not installed here): answers `go test PKG…` the way a passing run prints.
    await writeFiles(bin, { go: '#!/bin/sh\n[ "$1" = test ] || exit 2\nshift\nfor pkg in "$@"; do printf "ok  \\tw-mma/%s\\t0.012s\\n" "${pkg#./}"; done\n' });
    await chmod(join(bin, 'go'), 0o755);
    vi.stubEnv('PATH', `${bin}:${process.env.PATH ?? ''}`);
    // The local worker's and admin's environment (§4.3), read by the `source: process` checks.
    vi.stubEnv('MYSQL_DSN', 'app:Wm7q2Rz9Kx4t@tcp(47.98.120.15:3306)/bajiaozhi?parseTime=true&multiStatements=true');
    vi.stubEnv('REDIS_ADDR', '47.98.120.15:6379');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://api.w-mma.cn');
    vi.stubEnv('MEDIA_CACHE_DIR', join(dir, 'media-cache'));
    vi.stubEnv('VITE_API_BASE_URL', 'https://api.w-mma.cn');
    await writeFiles(dir, {
      '.env.prod': [
        'API_DOMAIN=api.w-mma.cn',
        'MYSQL_ROOT_PASSWORD=Jt4mQ9zW2kR7xV5n',
        'MYSQL_PASSWORD=Hc8vL3pN6yT1bF9s',
        'MYSQL_DSN=app:Hc8vL3pN6yT1bF9s@tcp(mysql:3306)/bajiaozhi?parseTime=true&multiStatements=true',
        'REDIS_ADDR=redis:6379',
        'PUBLIC_BASE_URL=https://api.w-mma.cn',
        'ADMIN_USERNAME=wmma-ops',
        "ADMIN_PASSWORD_HASH='$2y$10$e0MYzXyjpJS7Pd0RVvHwHeFx4P9aW1oQ8kZ3tN5rL2cB7sD6gH1jK'",
        'ADMIN_JWT_SECRET=7c1e9b3f5a2d8c4e6f0a9b1d3c5e7f2a4b6d8e0f1a3c5b7d9e2f4a6c8b0d1e3f',
        '',
      ].join('\n'),
      ...prefixed('miniapp', miniprogramProject('wx9b2d4f6a8c1e3a5b', {
        'config/runtime.js': "export const DEV_API_BASE_URL = 'http://127.0.0.1:8080';\nexport const PROD_API_BASE_URL = 'https://api.w-mma.cn';\n",
        'package.json': JSON.stringify({ name: 'miniapp', private: true, scripts: { test: 'node -e "console.log(\'12 passed\')"' } }),
      })),
      'backend/go.mod': 'module w-mma\n\ngo 1.22\n',
      'backend/internal/ufc/ufc.go': 'package ufc\n',
    });
    const result = await writePlan('s004', dir, (proposed) => {
      // Reviewer's edit for the stand-in: trust the test CA.
      if (proposed.kind === 'http') proposed.ca = certs.ca.certFile;
    });
    const network = proposedIds(result, (item) => item.check?.kind === 'http' || item.check?.kind === 'tcp');
    const offline = proposedIds(result, (item) => !network.includes(item.id));

    // API_DOMAIN is the stand-in for requests, and the production name where only text is compared (env files, miniapp code).
    const online = expectExplained(await check(dir, network, { API_DOMAIN: `127.0.0.1:${port}`, SERVER_PUBLIC_IP: server }));
    const local = expectExplained(await check(dir, offline, { API_DOMAIN: 'api.w-mma.cn', SERVER_PUBLIC_IP: server }));

    expect(network.length + offline.length).toBe(proposedCheckCounts.s004);
    // Ports 80 and 443 can only be bound by root; elsewhere those two checks fail, saying the port is closed.
    const web = webPorts.map((bound) => (bound ? 'pass' : 'fail'));
    expect(online).toEqual({
      ...allPass(network),
      's3-1-01-public-open-caddy': web[0],
      's3-1-02-public-open-caddy': web[1],
    });
    expect(local).toEqual(allPass(offline));
  });
});
