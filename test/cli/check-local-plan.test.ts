import { createServer, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

// The plan from issue 4, byte for byte: scripts rely on this shape running as written.
const localPlan = `name: local
items:
  - id: healthz
    title: 健康检查返回 ok
    priority: blocker
    check:
      kind: http
      url: http://127.0.0.1:\${PORT}/healthz
      expect: [status == 200, body.status == "ok", latency < 500ms]
  - id: redis-closed
    title: Redis 端口不对外开放
    priority: blocker
    check: { kind: tcp, host: 127.0.0.1, port: "\${CLOSED_PORT}", expect: [open == false] }
  - id: jwt-strong
    title: JWT_SECRET 至少 32 位
    priority: high
    check: { kind: env, file: .env.prod, name: JWT_SECRET, expect: [len >= 32] }
  - id: unit-tests
    title: 单元测试通过
    priority: high
    check: { kind: command, run: [npm, test], expect: [exit_code == 0] }
  - id: review
    title: 提交微信审核
    priority: medium
    manual: 微信公众平台「版本管理」显示审核中
`;

const jwtSecret = 'k7Qf9xR2mV4tB8nL1pZ6wC3yH5jD0sGe';
let server: Server;
let port = 0;
let healthStatus = 'ok';
let dir = '';

beforeAll(async () => {
  server = createServer((_, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: healthStatus }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  dir = await mkdtemp(join(tmpdir(), 'golive-local-'));
  await writeFile(join(dir, 'local.yaml'), localPlan);
  await writeFile(join(dir, '.env.prod'), `NODE_ENV=production\nJWT_SECRET=${jwtSecret}\n`);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, scripts: { test: 'node -e "process.exit(0)"' } }));
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('golive check on the plan from issue 4', () => {
  it('runs as written and prints the JSON contract', async () => {
    healthStatus = 'ok';

    const run = await runCli(['check', '-p', join(dir, 'local.yaml'), '--var', `PORT=${port}`, '--var', 'CLOSED_PORT=9', '--format', 'json'], { env: { PATH: process.env.PATH } });

    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { run: Record<string, unknown> & { items: { id: string; status: string; durationMs: number; evidence: unknown }[] } };
    expect(Object.keys(report.run)).toEqual(expect.arrayContaining(['id', 'plan', 'environment', 'score', 'gate', 'items']));
    expect(report.run.plan).toBe('local');
    expect(report.run.items.map((item) => [item.id, item.status])).toEqual([
      ['healthz', 'pass'],
      ['redis-closed', 'pass'],
      ['jwt-strong', 'pass'],
      ['unit-tests', 'pass'],
      ['review', 'pending'],
    ]);
    expect(report.run.items.every((item) => typeof item.durationMs === 'number' && item.evidence !== undefined)).toBe(true);
    expect(report.run.score).toMatchObject({ overall: expect.any(Number), categories: expect.any(Object) });
    // Blockers passed, the manual item is medium and no sign-off is required: the gate passes with a score of 9.2.
    expect(report.run.gate).toMatchObject({ passed: true, reasons: [] });
    expect(report.run.score).toMatchObject({ overall: 9.2 });
    expect(run.code).toBe(0);
  });

  it('explains a failing blocker and exits 1', async () => {
    healthStatus = 'degraded';

    const run = await runCli(['check', '-p', join(dir, 'local.yaml'), '--var', `PORT=${port}`, '--var', 'CLOSED_PORT=9', '--no-color'], { env: { PATH: process.env.PATH } });

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('body.status: expected "ok", got "degraded"');
    expect(run.stdout).toContain('微信公众平台「版本管理」显示审核中');
  });

  it('never shows the JWT secret, in any format', async () => {
    healthStatus = 'ok';

    for (const format of ['text', 'json', 'junit', 'sarif', 'markdown', 'html']) {
      const run = await runCli(['check', '-p', join(dir, 'local.yaml'), '--var', `PORT=${port}`, '--var', 'CLOSED_PORT=9', '--format', format], { env: { PATH: process.env.PATH } });

      expect(run.stdout + run.stderr, format).not.toContain(jwtSecret);
    }
  });

  it('names every missing variable when nobody can be asked, exit 2', async () => {
    const run = await runCli(['check', '-p', join(dir, 'local.yaml')], { env: { PATH: process.env.PATH } });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('golive: missing value for 2 variable(s): CLOSED_PORT, PORT. Pass --var NAME=VALUE, set them in an env file of the environment, or run in a terminal to be asked.\n');
  });
});
