import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerEngineStandIn, type DockerEngineStandIn } from '../stand-ins/docker-engine.js';
import { runCli } from '../support/cli.js';
import { writePlanDir } from './fixtures.js';
import { postgresBaseUrl, sqlitePath, storeTargets, type StoreTarget } from './setup.js';

/**
 * One distinct secret per path a value can take into golive. None is declared by the plan: each is discovered by a
 * check, typed by a person or written in a checklist, and none may appear in the database, a report or any output.
 */
const planted = {
  commandPassing: 'Cmd0ut-Pass-7f3k9q',
  commandFailing: 'Cmd0ut-Fail-2m8x4w',
  envFile: 'EnvF1le-Secret-5h2j',
  containerEnv: 'D0cker-Env-Pw-8n1b',
  httpBody: 'Http-B0dy-Pw-3c6v',
  httpHeader: 'Http-Hdr-Key-9d4s',
  prometheusLabel: 'Pr0m-Label-Pw-6g7h',
  manualNote: 'N0te-Typed-Pw-1q2w',
  waiverReason: 'Wa1ver-Pw-4e5r',
  evidenceFileName: 'Ev1dence-Name-6t7y',
  signoffComment: 'S1gn-C0mment-8u9i',
  checklistLine: 'Imp0rt-Chk-Sk-88aa',
  checklistTable: 'Imp0rt-Tbl-Secret-77bb',
  learntLater: 'Late-Learnt-Pw-2k5m',
} as const;

/**
 * A real HTTP server on loopback: `/config` answers a JSON body holding a password and an `X-Api-Key` header; `/api/v1/query`
 * answers the way the Prometheus HTTP API does (a STAND-IN: no Prometheus binary on these machines) with a
 * `db_password` label on the series.
 */
async function startTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/config') {
      response.writeHead(200, { 'content-type': 'application/json', 'x-api-key': planted.httpHeader });
      response.end(JSON.stringify({ service: 'shop', db: { host: 'db.internal', password: planted.httpBody } }));
      return;
    }
    if (path === '/api/v1/query') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'app_info', version: '1.2.3', db_password: planted.prometheusLabel }, value: [Date.now() / 1000, '1'] }] } }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function plan(target: string, dockerHost: string): string {
  const node = JSON.stringify(process.execPath);
  return `name: secret-paths
roles:
  - { id: qa, title: QA, signoff: true }
items:
  - id: redis-env
    title: Redis password is configured in the app's env
    check: { kind: command, run: [cat, app.env], expect: ["exit_code == 0"] }
  - id: jwt-env
    title: JWT secret is configured
    check: { kind: command, run: [${node}, -e, "process.stdout.write(require('fs').readFileSync('jwt.env')); process.exit(3)"], expect: ["exit_code == 0"] }
  - id: bare-echo
    title: A script that prints the Redis password without its name
    depends_on: [redis-env]
    check: { kind: command, run: [cat, connect.log], expect: ["stdout contains 'nothing'"] }
  - id: early-log
    title: A log printed before anyone knew its value was a secret
    check: { kind: command, run: [cat, early.log], expect: ["exit_code == 0"] }
  - id: late-env
    title: A slower check that shows the same value under its name
    check: { kind: command, run: [${node}, -e, "setTimeout(() => process.stdout.write(require('fs').readFileSync('late.env')), 1500)"], expect: ["exit_code == 0"] }
  - id: payment-secret
    title: Payment secret is not the sample
    check: { kind: env, file: .env.prod, name: PAYMENT_SECRET, expect: ['value == "sample"'] }
  - id: db-container
    title: MySQL container is up with its root password set
    check: { kind: docker, container: shop-mysql, host: "${dockerHost}", env: [MYSQL_ROOT_PASSWORD], expect: ["running == true", "env.MYSQL_ROOT_PASSWORD == 'x'"] }
  - id: config-body
    title: Config endpoint does not expose the database password
    check: { kind: http, url: "${target}/config", expect: ["status == 200", "body.db.password == 'hidden'"] }
  - id: config-header
    title: Config endpoint sends no API key
    check: { kind: http, url: "${target}/config", expect: ["headers[\\"x-api-key\\"] == 'none'"] }
  - id: app-info
    title: App info metric is exported
    check: { kind: prometheus, url: "${target}", query: app_info, expect: ["series_count == 2"] }
  - id: pay-console
    title: Pay console callback checked by hand
    priority: high
    manual: open the merchant console
`;
}

const checklist = `# 上线检查

## 配置
- [ ] 生产环境 ALIYUN_SK=${planted.checklistLine} 已配置
- [ ] Redis 密码已设置

| 项目 | 值 |
|---|---|
| AccessKey Secret | ${planted.checklistTable} |
| 负责人 | 张三 |
`;

const reportFormats = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;

function sqliteBytes(planDir: string): string {
  const file = sqlitePath(planDir);
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1') + readFileSync(path).toString('utf8')).join('\n');
}

/** Every row of every table of the test's schema, as pg_dump writes them. */
function postgresDump(url: string): string {
  const schema = new URL(url).searchParams.get('schema') ?? '';
  return execFileSync('pg_dump', ['--data-only', '--schema', schema, postgresBaseUrl], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`no planted secret leaves golive in plain text: ${kind}`, () => {
    let target: StoreTarget;
    let http: Awaited<ReturnType<typeof startTarget>>;
    let docker: DockerEngineStandIn;
    let planDir: string;
    const outputs: string[] = [];
    const cli = async (...args: string[]) => {
      const result = await runCli(args, { cwd: planDir, env: { ...target.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    beforeAll(async () => {
      target = await create();
      http = await startTarget();
      docker = await startDockerEngineStandIn([{ id: 'c0ffee', name: 'shop-mysql', image: 'mysql:8.0', env: { MYSQL_ROOT_PASSWORD: planted.containerEnv, MYSQL_DATABASE: 'shop' } }]);
      planDir = writePlanDir(plan(http.url, docker.host), {
        // What `docker exec app env | grep REDIS` and friends print in the seeds, as files the commands read.
        'app.env': `REDIS_HOST=cache\nREDIS_PASS=${planted.commandPassing}\n`,
        'jwt.env': `JWT_SECRET=${planted.commandFailing}\n`,
        'connect.log': `connecting with ${planted.commandPassing}\n`,
        'early.log': `using ${planted.learntLater} for the replica\n`,
        'late.env': `REPLICA_PASSWORD=${planted.learntLater}\n`,
        '.env.prod': `PAYMENT_APP_ID=wx123\nPAYMENT_SECRET=${planted.envFile}\n`,
        'CHECKLIST.md': checklist,
      }, target.planDir);
      writeFileSync(join(planDir, `admin token ${planted.evidenceFileName}.png`), 'png bytes');
    });

    afterAll(async () => {
      await http?.close();
      await docker?.close();
      await target?.teardown();
      rmSync(planDir, { recursive: true, force: true });
    });

    it('masks them in the database, every report format, the audit log, run status and all output', async () => {
      const started = await cli('run', 'start', '--release', 'v1', '--by', 'zhang', '--format', 'json');
      const item = await cli('item', 'pay-console', '--pass', '--note', `checked with password ${planted.manualNote}`, '--evidence', `admin token ${planted.evidenceFileName}.png`, '--by', '李四');
      const waive = await cli('waive', 'jwt-env', '--reason', `temp root pw is ${planted.waiverReason}`, '--approver', '王总', '--expires', '7d');
      const sign = await cli('sign', '--role', 'qa', '--by', '李四', '--comment', `ok, 密码：${planted.signoffComment} rotated after launch`);
      await cli('run', 'recheck', '--failed');
      for (const format of reportFormats) await cli('run', 'status', '--format', format);
      for (const format of reportFormats) await cli('check', '--format', format);
      await cli('gate', '--format', 'json');
      await cli('audit', 'log');
      await cli('history');
      const imported = await cli('import', 'CHECKLIST.md', '-o', 'imported.yaml');
      const verify = await cli('audit', 'verify');

      // The paths were really taken: checks ran, failed where planted to, and people's text was stored.
      expect(started.code, started.stderr).toBe(0);
      const report = JSON.parse(started.stdout) as { run: { items: Array<{ id: string; status: string }> } };
      expect(Object.fromEntries(report.run.items.map((entry) => [entry.id, entry.status]))).toMatchObject({
        'redis-env': 'pass',
        'jwt-env': 'fail',
        'bare-echo': 'fail',
        'payment-secret': 'fail',
        'db-container': 'fail',
        'config-body': 'fail',
        'config-header': 'fail',
        'app-info': 'fail',
      });
      expect([item.code, waive.code, sign.code, imported.code, verify.code]).toEqual([0, 0, 0, 0, 0]);
      expect(item.stderr).toContain('part of note, evidence looked like a secret and was masked before it was stored');
      expect(waive.stderr).toContain('part of reason looked like a secret');
      expect(sign.stderr).toContain('part of comment looked like a secret');
      const status = await cli('run', 'status', '--format', 'json');
      expect(status.stdout).toContain('REDIS_PASS=••••9q');
      expect(status.stdout).toContain('connecting with ••••9q');
      expect(status.stdout).toContain('checked with password ••••');
      // Recorded before the slower check taught the set its value, rewritten when the run's checks were done.
      expect(status.stdout).toContain('using ••••5m for the replica');

      await (await import('../../src/service/store.js')).openLaunchStore({ planDir, env: target.env }).then((store) => store.close());
      const stored = kind === 'sqlite' ? sqliteBytes(planDir) : postgresDump(target.env.DATABASE_URL ?? '');
      for (const file of ['app.env', 'jwt.env', 'connect.log', 'early.log', 'late.env', '.env.prod', 'CHECKLIST.md']) rmSync(join(planDir, file));
      expect(stored).toContain('secret-paths');
      const written = readFileSync(join(planDir, 'imported.yaml'), 'utf8');
      const everything = [...outputs, stored, written].join('\n');
      for (const [path, value] of Object.entries(planted)) expect(everything.includes(value), `${path}: ${value}`).toBe(false);
    }, 90_000); // a dozen CLI processes in a row: 20 s on a quiet machine, over 30 s under load
  });
}
