/**
 * The CLI joins a team server: `check --run`, `item`, `waive`, `sign` and `gate` with `--server` against a real
 * `golive serve` app listening on 127.0.0.1 (SQLite store), with real tokens, plus hostile and absent servers.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretSet } from '../../src/redaction/secret-set.js';
import { planSourceDigest } from '../../src/service/record-results.js';
import { runCli, type CliRun } from '../support/cli.js';
import { closedPort, listenLoopback, type Listening } from '../support/net.js';
import { createTestCertificates, type TestCertificates } from '../support/tls.js';
import { storeTargets, type StoreTarget } from '../store/setup.js';
import { as, login, setupAdmin, startStandIn, testPlanYaml, testServer, type Browser, type StandIn, type TestServer } from './harness.js';

const password = 'correct horse battery';
/** Only the CI job has these values; the server has other ones (it cannot reach the network they open). */
const ciDeployToken = 'ciDeployToken-4f8a1c93e07b';
const ciExtraValue = 'ciExtraValue-b39d72e5a10c';
/** The server's own value of DEPLOY_TOKEN. */
const serverDeployToken = 'serverDeployToken-91c3e5a7d2f0';
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** The server tests' plan plus a command printing a plan secret bare and another value under a credential's name. */
function remotePlanYaml(): string {
  return `${testPlanYaml('remote-launch')}  - id: print-config
    title: Deploy configuration prints
    phase: prepare
    category: backend
    priority: high
    owner: ops
    check:
      kind: command
      run: [node, -e, "console.log('deploying with ' + process.env.T); console.log('API_KEY=' + process.env.K)"]
      env: { T: "\${DEPLOY_TOKEN}", K: "\${EXTRA_VALUE}" }
      expect: [exit_code == 0]
`;
}

for (const { kind, available, create } of await storeTargets()) {
describe.skipIf(!available)(`the CLI against a team server (${kind})`, () => {
  let target: StoreTarget;
  let server: TestServer;
  let url = '';
  let standIn: StandIn;
  let admin: Browser;
  let qa: Browser;
  let ops: Browser;
  let planDir = '';
  let runId = '';
  const tokens = { qaRun: '', qaSign: '', qaRead: '', opsSign: '', revoked: '' };
  const outputs: string[] = [];

  async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, headers: Record<string, string>, payload?: unknown) {
    return server.app.inject({ method, url: path, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
  }

  async function member(username: string, planRole: string): Promise<Browser> {
    const created = await call('POST', '/api/v1/users', as(admin), { username, displayName: username, password, isAdmin: false });
    const userId = created.json<{ id: string }>().id;
    expect((await call('PUT', `/api/v1/projects/shop/members/${userId}`, as(admin), { role: 'member' })).statusCode).toBe(204);
    expect((await call('PUT', `/api/v1/projects/shop/plan-roles/${planRole}`, as(admin), { userIds: [userId] })).statusCode).toBe(204);
    return login(server, username, password);
  }

  const tokenIds = new Map<string, string>();
  async function token(browser: Browser, scope: 'read' | 'run' | 'sign'): Promise<string> {
    const created = await call('POST', '/api/v1/tokens', as(browser), { name: `cli-${scope}`, projectId: 'shop', scopes: [scope] });
    expect(created.statusCode).toBe(201);
    const { token: secret, entry } = created.json<{ token: string; entry: { id: string } }>();
    tokenIds.set(secret, entry.id);
    return secret;
  }

  /** The CLI as a CI job runs it: the token only in the environment. */
  async function cli(argv: string[], token: string, extraEnv: Record<string, string> = {}): Promise<CliRun> {
    const run = await runCli(argv, { cwd: planDir, env: { PATH: process.env.PATH, DATABASE_URL: '', GOLIVE_TOKEN: token, HEALTH_URL: standIn.url, DEPLOY_TOKEN: ciDeployToken, EXTRA_VALUE: ciExtraValue, ...extraEnv } });
    outputs.push(run.stdout, run.stderr);
    return run;
  }

  const onServer = () => ['--server', url, '--run', runId];

  beforeAll(async () => {
    standIn = await startStandIn();
    standIn.healthy = true;
    // The server cannot reach the health endpoint (a closed port stands for the network only CI is inside).
    target = await create();
    server = await testServer({ HEALTH_URL: `http://127.0.0.1:${await closedPort()}/health`, DEPLOY_TOKEN: serverDeployToken, EXTRA_VALUE: 'server-extra', PATH: process.env.PATH }, { target });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    admin = await setupAdmin(server);
    expect((await call('POST', '/api/v1/projects', as(admin), { id: 'shop', name: 'Shop' })).statusCode).toBe(201);
    const uploaded = await call('POST', '/api/v1/projects/shop/plans', as(admin), { source: remotePlanYaml() });
    expect(uploaded.statusCode).toBe(201);
    qa = await member('qa-li', 'qa');
    ops = await member('ops-wang', 'ops');
    tokens.qaRun = await token(qa, 'run');
    tokens.qaSign = await token(qa, 'sign');
    tokens.qaRead = await token(qa, 'read');
    tokens.opsSign = await token(ops, 'sign');
    tokens.revoked = await token(qa, 'run');
    expect((await call('DELETE', `/api/v1/tokens/${tokenIds.get(tokens.revoked)}`, as(qa))).statusCode).toBe(200);
    const started = await call('POST', `/api/v1/plans/${uploaded.json<{ plan: { id: string } }>().plan.id}/runs`, as(admin), { release: 'v3.0.0' });
    expect(started.statusCode).toBe(202);
    runId = started.json<{ run: { id: string } }>().run.id;
    await server.launch.executions.settle();
    planDir = mkdtempSync(join(tmpdir(), 'golive-ci-'));
    writeFileSync(join(planDir, 'golive.yaml'), remotePlanYaml());
    writeFileSync(join(planDir, 'phone.png'), png);
  });

  afterAll(async () => {
    await server?.close();
    await standIn?.close();
    if (planDir) rmSync(planDir, { recursive: true, force: true });
  });

  async function results(): Promise<Record<string, string>> {
    return Object.fromEntries((await server.store.results(runId)).map((result) => [result.itemId, result.status]));
  }

  async function auditActions(): Promise<string[]> {
    return (await server.store.auditEntries({ runId })).map((entry) => `${entry.action}:${entry.actor}:${entry.subject ?? ''}`);
  }

  it('refuses a token without the run scope before executing anything', async () => {
    const before = standIn.authorizations.length;
    const run = await cli(['check', ...onServer()], tokens.qaRead);
    const zh = await cli(['check', ...onServer(), '--lang', 'zh-CN'], tokens.qaRead);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refused \(HTTP 403, auth\.forbidden\): this token is for project shop with scopes read; it cannot "run" here/);
    expect(zh.stderr).toContain('此令牌属于项目 shop');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(standIn.authorizations.length).toBe(before);
  });

  it('refuses a revoked token with one clear line', async () => {
    const run = await cli(['gate', runId, '--server', url], tokens.revoked);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^golive: http:\/\/127\.0\.0\.1:\d+ does not accept the token in GOLIVE_TOKEN \(unknown, revoked or mistyped\)/);
    expect(run.stderr).not.toContain(tokens.revoked.split('_').slice(2).join('_'));
  });

  it('check --run --server executes here and records into the server run as the token user, secrets masked', async () => {
    expect(await results()).toMatchObject({ 'api-health': 'fail' });
    const run = await cli(['check', ...onServer(), '--by', 'mallory', '--format', 'json'], tokens.qaRun);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--by ignored with --server');
    const report = JSON.parse(run.stdout) as { run: { id: string; items: Array<{ id: string; status: string }> } };
    expect(report.run.id).toBe(runId);
    expect(report.run.items.map((item) => [item.id, item.status])).toEqual([
      ['api-health', 'pass'],
      ['smoke-test', 'pending'],
      ['print-config', 'pass'],
    ]);
    expect(await results()).toMatchObject({ 'api-health': 'pass', 'print-config': 'pass' });
    expect(await auditActions()).toEqual(expect.arrayContaining(['result.record:qa-li:api-health', 'result.record:qa-li:print-config']));
    expect(standIn.authorizations).toContain(`Bearer ${ciDeployToken}`);
    const stored = JSON.stringify(await server.store.results(runId));
    expect(stored).toContain('deploying with');
    expect(stored).not.toContain(ciDeployToken);
    expect(stored).not.toContain(ciExtraValue);
  });

  it('refuses results from a plan file that differs from the run', async () => {
    writeFileSync(join(planDir, 'edited.yaml'), remotePlanYaml().replace('API health answers 200', 'API health answers'));
    const run = await cli(['check', '-p', 'edited.yaml', ...onServer()], tokens.qaRun);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run.plan-changed');
  });

  it('item --server verifies with a note and an uploaded photo as the token user; the note is masked', async () => {
    const run = await cli(['item', 'smoke-test', '--pass', '--note', `paid 0.01; token was ${ciDeployToken}, server one ${serverDeployToken}`, '--evidence', 'phone.png', '--by', 'mallory', ...onServer()], tokens.qaRun);
    const url = await cli(['item', 'smoke-test', '--pass', '--evidence', 'https://example.com/x.png', ...onServer()], tokens.qaRun);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`${runId} · smoke-test: pending → pass by qa-li`);
    expect(run.stderr).toContain('looked like a secret and was masked');
    expect(run.stdout).toMatch(/^score \d+\.\d\/10, gate not passed\n$/);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('--evidence takes a file');
    expect(await auditActions()).toEqual(expect.arrayContaining(['upload.add:qa-li:smoke-test', 'result.record:qa-li:smoke-test']));
    expect(readdirSync(join(server.dir, '.golive', 'server', 'uploads'))).toHaveLength(1);
    const stored = JSON.stringify(await server.store.results(runId));
    expect(stored).toContain('paid 0.01');
    expect(stored).not.toContain(ciDeployToken);
    expect(stored).not.toContain(serverDeployToken);
  });

  it('waive --server grants and revokes as the item owner; another owner is refused with the server message', async () => {
    await cli(['item', 'smoke-test', '--fail', '--note', 'payment page blank', ...onServer()], tokens.qaRun);
    const granted = await cli(['waive', 'smoke-test', '--reason', `phone lab closed, password ${ciExtraValue}`, '--expires', '7d', '--approver', '王总', ...onServer()], tokens.qaSign);
    const notOwner = await cli(['waive', 'smoke-test', '--reason', 'not mine to waive', '--expires', '7d', ...onServer()], tokens.opsSign);
    const revoked = await cli(['waive', 'smoke-test', '--revoke', '--reason', 'lab reopened', ...onServer()], tokens.qaSign);

    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stderr).toContain('--approver ignored with --server');
    expect(granted.stdout).toMatch(new RegExp(`^${runId} · smoke-test: waived by qa-li until \\d{4}-`));
    expect(notOwner.code).toBe(2);
    expect(notOwner.stderr).toContain("only a project administrator or the item's owner (qa) may waive");
    expect(revoked.stdout).toBe(`${runId} · smoke-test: 1 waiver(s) revoked; the gate counts the item again\n`);
    const waivers = JSON.stringify(await server.store.waivers(runId));
    expect(waivers).toContain('phone lab closed');
    expect(waivers).not.toContain(ciExtraValue);
    expect(await auditActions()).toEqual(expect.arrayContaining(['waiver.add:qa-li:smoke-test', 'waiver.revoke:qa-li:smoke-test']));
  });

  it('sign --server signs only for a plan role the token user holds; gate --server prints what the local gate prints', async () => {
    await cli(['item', 'smoke-test', '--pass', ...onServer()], tokens.qaRun);
    const localBefore = await runCli(['gate', runId, '-p', join(server.dir, 'golive.yaml')], { env: target.env });
    const remoteBefore = await cli(['gate', runId, '--server', url], tokens.qaRead);
    const asOps = await cli(['sign', '--role', 'ops', ...onServer(), '--lang', 'zh-CN'], tokens.qaSign);
    const withRunToken = await cli(['sign', '--role', 'qa', ...onServer()], tokens.qaRun);
    const signed = await cli(['sign', '--role', 'qa', '--comment', 'all green on my phone', ...onServer()], tokens.qaSign);
    const remoteAfter = await cli(['gate', runId, '--server', url, '--format', 'json'], tokens.qaRead);
    const localAfter = await runCli(['gate', runId, '-p', join(server.dir, 'golive.yaml'), '--format', 'json'], { env: target.env });

    expect(remoteBefore.code).toBe(1);
    expect(remoteBefore.stdout).toContain('✖ GATE FAILED');
    expect(remoteBefore).toEqual({ ...localBefore, stderr: '' });
    expect(asOps.code).toBe(2);
    expect(asOps.stderr).toContain('你在此项目中不担任计划角色 "ops"');
    expect(withRunToken.stderr).toContain('cannot "sign" here');
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(new RegExp(`^${runId}: signed as qa by qa-li at score \\d+\\.\\d/10 \\(results [0-9a-f]{12}\\)\\ngate passed\\nAudit head `));
    expect(remoteAfter.code).toBe(0);
    expect(JSON.parse(remoteAfter.stdout)).toMatchObject({ run: runId, gate: { passed: true } });
    expect(remoteAfter.stdout).toBe(localAfter.stdout);
    expect(await auditActions()).toEqual(expect.arrayContaining(['signoff.add:qa-li:qa']));
  });

  it('the results route redacts again with the run secret set and rewrites earlier results when a fingerprint arrives', async () => {
    const digest = planSourceDigest((await server.store.snapshotSource((await server.store.getRun(runId))!.snapshotId)) ?? '');
    const bare = 'bareValueLearntLater-5d2e8c1a';
    const at = new Date().toISOString();
    const result = (note: string) => ({ itemId: 'print-config', status: 'pass', evidence: { observed: { stdout: note } }, durationMs: 1, attempts: [], startedAt: at, finishedAt: at });
    const headers = { authorization: `Bearer ${tokens.qaRun}` };
    const storedNow = async () => JSON.stringify([await server.store.results(runId), await server.store.resultHistory(runId, 'print-config')]);
    const first = await call('POST', `/api/v1/runs/${runId}/results`, headers, { planDigest: digest, results: [result(`server value ${serverDeployToken}; later ${bare}`)] });
    const afterFirst = await storedNow();
    const learnt = createSecretSet({ salt: runId, values: [bare] }).fingerprints();
    const second = await call('POST', `/api/v1/runs/${runId}/results`, headers, { planDigest: digest, fingerprints: learnt, results: [] });
    const manual = await call('POST', `/api/v1/runs/${runId}/results`, headers, { planDigest: digest, results: [{ ...result('x'), itemId: 'smoke-test' }] });
    const wrongPlan = await call('POST', `/api/v1/runs/${runId}/results`, headers, { planDigest: '0'.repeat(64), results: [] });

    expect(first.statusCode, first.body).toBe(200);
    expect(afterFirst).not.toContain(serverDeployToken);
    expect(afterFirst).toContain(bare);
    expect(second.json()).toMatchObject({ recorded: [], rewritten: 1 });
    expect(manual.statusCode).toBe(422);
    expect(manual.json().error.code).toBe('run.manual-item');
    expect(wrongPlan.statusCode).toBe(409);
    const stored = await storedNow();
    expect(stored).toContain('server value');
    expect(stored).not.toContain(serverDeployToken);
    expect(stored).not.toContain(bare);
  });

  it('keeps every planted value out of the database, the server log and the CLI output', async () => {
    // PostgreSQL lists every schema's tables; this server's live in the schema its DATABASE_URL names.
    const schema = kind === 'postgres' ? new URL(target.env.DATABASE_URL ?? '').searchParams.get('schema') : undefined;
    const tables = (await server.backend.db.introspection.getTables()).filter((table) => schema === undefined || table.schema === schema);
    const rows = await Promise.all(tables.map((table) => server.backend.db.selectFrom((schema ? `${schema}.${table.name}` : table.name) as 'results').selectAll().execute()));
    const files = kind === 'sqlite' ? readdirSync(join(server.dir, '.golive')).filter((name) => name.startsWith('golive.db')) : [];
    const bytes = Buffer.concat([Buffer.from(JSON.stringify(rows)), ...files.map((name) => readFileSync(join(server.dir, '.golive', name)))]);
    // The search looks where the results are: their text is in these bytes.
    expect(bytes.includes('deploying with')).toBe(true);
    for (const value of [ciDeployToken, ciExtraValue, serverDeployToken]) {
      expect(bytes.includes(value), value).toBe(false);
      expect(server.log.join('').includes(value), value).toBe(false);
      expect(outputs.filter((text) => text.includes(value)), value).toEqual([]);
    }
    for (const token of Object.values(tokens)) expect(outputs.filter((text) => text.includes(token.split('_').slice(2).join('_')))).toEqual([]);
  });
});
}

describe('the CLI facing a server that is absent, hostile or not golive', () => {
  let hostile: Listening;
  let tls: Listening;
  let certificates: TestCertificates;
  const token = 'glt_t0000000000000000_c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw';
  const modes: Record<string, (response: ServerResponse) => void> = {
    huge: (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && response.write(chunk)) sent += 1;
        if (sent < 64) response.once('drain', pump);
        else response.end();
      };
      pump();
    },
    drip: (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{');
      const timer = setInterval(() => response.write(' '), 100);
      response.on('close', () => clearInterval(timer));
    },
    html: (response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>Sign in</title><form>corporate login</form>');
    },
    proxy: (response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    },
    escape: (response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'auth.forbidden', message: { en: 'no \u001b[31mway\u001b[0m', zh: '不行' } } }));
    },
  };

  beforeAll(async () => {
    const server: Server = createServer((request, response) => {
      const mode = modes[(request.url ?? '').split('/')[1] ?? ''];
      if (mode) mode(response);
      else response.end();
    });
    hostile = await listenLoopback(server);
    certificates = await createTestCertificates();
    tls = await listenLoopback(createHttpsServer({ cert: certificates.selfSigned.cert, key: certificates.selfSigned.key }, (_, response) => response.end('{}')) as unknown as Server);
  });

  afterAll(async () => {
    await hostile?.close();
    await tls?.close();
    await certificates?.cleanup();
  });

  const gate = (server: string, env: Record<string, string> = {}) => runCli(['gate', 'r-20261206-0001', '--server', server], { env: { GOLIVE_TOKEN: token, GOLIVE_SERVER_TIMEOUT: '2s', ...env } });

  function oneCleanLine(run: CliRun): string {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhaw');
    return run.stderr;
  }

  it('a closed port: cannot reach the server, exit 2', async () => {
    const port = await closedPort();
    expect(oneCleanLine(await gate(`http://127.0.0.1:${port}`))).toContain('cannot reach the golive server: http://127.0.0.1:');
  });

  it('a huge answer is cut off', async () => {
    expect(oneCleanLine(await gate(`http://127.0.0.1:${hostile.port}/huge`))).toContain('larger than 8 MB');
  });

  it('a slow drip ends at the deadline', async () => {
    expect(oneCleanLine(await gate(`http://127.0.0.1:${hostile.port}/drip`))).toContain('no complete answer within 2s');
  });

  it('HTML instead of JSON (a login page, a proxy error) is named as such', async () => {
    expect(oneCleanLine(await gate(`http://127.0.0.1:${hostile.port}/html`))).toContain("answered HTTP 200 with a body that is not JSON, not golive's JSON API");
    expect(oneCleanLine(await gate(`http://127.0.0.1:${hostile.port}/proxy`))).toContain('answered HTTP 502');
  });

  it('terminal escape sequences in a server message are dropped', async () => {
    const line = oneCleanLine(await gate(`http://127.0.0.1:${hostile.port}/escape`));
    expect(line).toContain('no [31mway[0m');
    expect(line).not.toContain('\u001b');
  });

  it('an untrusted certificate is a TLS error that says how to trust a private CA', async () => {
    const line = oneCleanLine(await gate(`https://127.0.0.1:${tls.port}`));
    expect(line).toContain('TLS failed, the certificate is self-signed');
    expect(line).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('usage: no token, a token flag, no run id, a URL with credentials', async () => {
    const noToken = await runCli(['gate', 'r-20261206-0001', '--server', 'http://127.0.0.1:1'], { env: {} });
    const flag = await runCli(['gate', 'r-20261206-0001', '--server', 'http://127.0.0.1:1', '--token', token], { env: {} });
    const noRun = await runCli(['sign', '--role', 'qa'], { env: { GOLIVE_SERVER: 'http://127.0.0.1:1', GOLIVE_TOKEN: token } });
    const credentials = await runCli(['gate', 'r-1', '--server', 'https://ci:pw@golive.example.com'], { env: { GOLIVE_TOKEN: token } });

    expect(oneCleanLine(noToken)).toContain('needs an API token in the environment variable GOLIVE_TOKEN');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--token'");
    expect(oneCleanLine(noRun)).toContain('with --server, name the run');
    expect(oneCleanLine(credentials)).toContain('put no user name or password in the URL');
  });

  it('GOLIVE_SERVER alone leaves a plain check local; an explicit --server without --run is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-local-'));
    writeFileSync(join(dir, 'golive.yaml'), `name: local\nitems:\n  - id: closed\n    title: closed port\n    check: { kind: tcp, host: 127.0.0.1, port: ${await closedPort()}, expect: [open == false] }\n`);
    const local = await runCli(['check'], { cwd: dir, env: { GOLIVE_SERVER: 'http://127.0.0.1:1', DATABASE_URL: '' } });
    const explicit = await runCli(['check', '--server', 'http://127.0.0.1:1'], { cwd: dir, env: { GOLIVE_TOKEN: token } });
    rmSync(dir, { recursive: true, force: true });

    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain('closed');
    expect(oneCleanLine(explicit)).toContain('--server records into a run on the server: add --run RUN');
  });
});
