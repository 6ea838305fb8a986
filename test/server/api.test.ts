import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFiles, seedsDir } from '../import/_seeds.js';
import { as, callerHeaders, login, plantedSecret, setupAdmin, startStandIn, testPlanYaml, testServer, type Browser, type StandIn, type TestServer, whoGetsThrough } from './harness.js';

const password = 'correct horse battery';
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

/** A multipart body by hand, so a test controls every byte (file name, type, size). */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----golive-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('golive serve API', () => {
  let server: TestServer;
  let standIn: StandIn;
  let admin: Browser;
  let qa: Browser;
  let ops: Browser;
  let viewer: Browser;
  let outsider: Browser;
  /** An account nobody signs in with: the matrix deactivates it. */
  let spareId: string;
  let planId: string;
  let runId: string;
  const tokens: Record<'read' | 'run' | 'sign', string> = { read: '', run: '', sign: '' };
  const seen: string[] = [];

  async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
    const response = await server.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
    seen.push(response.body);
    return response;
  }

  async function createMember(username: string, role: 'member' | 'viewer' | null): Promise<Browser> {
    const created = await call('POST', '/api/v1/users', as(admin), { username, displayName: username, password, isAdmin: false });
    expect(created.statusCode).toBe(201);
    const userId = created.json<{ id: string }>().id;
    if (role) expect((await call('PUT', `/api/v1/projects/shop/members/${userId}`, as(admin), { role })).statusCode).toBe(204);
    return login(server, username, password);
  }

  beforeAll(async () => {
    standIn = await startStandIn();
    server = await testServer({ HEALTH_URL: standIn.url, DEPLOY_TOKEN: plantedSecret });
    admin = await setupAdmin(server);
    expect((await call('POST', '/api/v1/projects', as(admin), { id: 'shop', name: 'Shop' })).statusCode).toBe(201);
    const uploaded = await call('POST', '/api/v1/projects/shop/plans', as(admin), { source: testPlanYaml() });
    expect(uploaded.statusCode).toBe(201);
    planId = uploaded.json<{ plan: { id: string } }>().plan.id;
    qa = await createMember('qa-li', 'member');
    ops = await createMember('ops-wang', 'member');
    viewer = await createMember('viewer-zhao', 'viewer');
    outsider = await createMember('outsider', null);
    spareId = (await call('POST', '/api/v1/users', as(admin), { username: 'spare', displayName: 'Spare', password })).json<{ id: string }>().id;
    expect((await call('PUT', '/api/v1/projects/shop/plan-roles/qa', as(admin), { userIds: [qa.userId] })).statusCode).toBe(204);
    expect((await call('PUT', '/api/v1/projects/shop/plan-roles/ops', as(admin), { userIds: [ops.userId] })).statusCode).toBe(204);
    for (const scope of ['read', 'run', 'sign'] as const) {
      const created = await call('POST', '/api/v1/tokens', as(qa), { name: `ci-${scope}`, projectId: 'shop', scopes: [scope] });
      expect(created.statusCode).toBe(201);
      tokens[scope] = created.json<{ token: string }>().token;
    }
    const started = await call('POST', `/api/v1/plans/${planId}/runs`, as(admin), { release: 'v1.0.0' });
    expect(started.statusCode).toBe(202);
    runId = started.json<{ run: { id: string } }>().run.id;
    await server.launch.executions.settle();
  });

  afterAll(async () => {
    await server?.close();
    await standIn?.close();
  });

  it('answers errors in one shape with a stable code and both languages', async () => {
    const invalid = await call('POST', '/api/v1/projects', as(admin), { id: 'Not A Slug', name: '' });
    const missing = await call('GET', '/api/v1/nothing-here', {});
    const anonymous = await call('GET', '/api/v1/projects', {});

    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'request.invalid', message: { en: expect.stringContaining('invalid request'), zh: expect.stringContaining('请求无效') } } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not-found');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error).toEqual({ code: 'auth.required', message: { en: expect.any(String), zh: expect.any(String) } });
  });

  it('sends security headers and refuses bodies over the size limit', async () => {
    const response = await call('GET', '/api/v1/setup', {});
    const huge = await server.app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: `{"username":"${'x'.repeat(3 * 1024 * 1024)}"}` });

    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['cache-control']).toBe('no-store');
    // Refusals carry them too (set before authentication runs).
    for (const refused of [huge, await call('GET', '/api/v1/projects', { authorization: 'Bearer glt_t-0000000000000000_nope' })]) {
      expect(refused.headers['content-security-policy']).toBe(response.headers['content-security-policy']);
      expect(refused.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('request.too-large');
    // multipart/form-data is parsed for the one route taking a file (verify), not anywhere else.
    const form = multipart({ id: 'forms', name: 'Forms' });
    const elsewhere = await call('POST', '/api/v1/projects', { ...as(admin), ...form.headers }, form.payload);
    expect(elsewhere.statusCode).toBe(415);
    expect(elsewhere.json().error.code).toBe('request.media-type');
  });

  it('creates the first administrator only with the one-time setup secret', async () => {
    const again = await call('POST', '/api/v1/setup', {}, { secret: server.setupSecret, username: 'mallory', displayName: 'M', password });
    const status = await call('GET', '/api/v1/setup', {});

    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('auth.setup-invalid');
    expect(status.json()).toEqual({ needed: false });
    expect(await server.team.issueSetupSecret()).toBeUndefined();
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const body = { id: 'csrf-test', name: 'CSRF' };
    const none = await call('POST', '/api/v1/projects', { cookie: admin.cookie }, body);
    const wrong = await call('POST', '/api/v1/projects', { cookie: admin.cookie, 'x-csrf-token': qa.csrf }, body);
    const read = await call('GET', '/api/v1/projects', { cookie: admin.cookie });

    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('auth.csrf');
    expect(wrong.statusCode).toBe(403);
    expect(read.statusCode).toBe(200);
  });

  // Each route × each caller: allowed (2xx/409 business refusal) or denied (401/403/404).
  const callers = ['admin', 'qa', 'ops', 'viewer', 'outsider', 'anonymous', 'token-read', 'token-run', 'token-sign'] as const;
  type Caller = (typeof callers)[number];
  const matrix: Array<{ route: string; request: () => [string, string, unknown?]; allowed: readonly Caller[] }> = [
    { route: 'GET project', request: () => ['GET', '/api/v1/projects/shop'], allowed: ['admin', 'qa', 'ops', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET plan', request: () => ['GET', `/api/v1/plans/${planId}`], allowed: ['admin', 'qa', 'ops', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET run', request: () => ['GET', `/api/v1/runs/${runId}`], allowed: ['admin', 'qa', 'ops', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET run history', request: () => ['GET', `/api/v1/plans/${planId}/runs`], allowed: ['admin', 'qa', 'ops', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET gate', request: () => ['GET', `/api/v1/runs/${runId}/gate`], allowed: ['admin', 'qa', 'ops', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'upload plan', request: () => ['POST', '/api/v1/projects/shop/plans', { source: testPlanYaml() }], allowed: ['admin'] },
    { route: 'set member', request: () => ['PUT', `/api/v1/projects/shop/members/${viewer.userId}`, { role: 'viewer' }], allowed: ['admin'] },
    { route: 'start run', request: () => ['POST', `/api/v1/plans/${planId}/runs`, { release: 'v-matrix' }], allowed: ['admin', 'qa', 'ops', 'token-run'] },
    { route: 'verify item', request: () => ['POST', `/api/v1/runs/${runId}/items/smoke-test/verify`, { status: 'pending' }], allowed: ['admin', 'qa', 'ops', 'token-run'] },
    { route: 'waive item owned by qa', request: () => ['POST', `/api/v1/runs/${runId}/items/smoke-test/waivers`, { reason: 'matrix test', expiresAt: '2099-01-01T00:00:00Z' }], allowed: ['admin', 'qa', 'token-sign'] },
    { route: 'sign as qa', request: () => ['POST', `/api/v1/runs/${runId}/signoffs`, { role: 'qa' }], allowed: ['qa', 'token-sign'] },
    { route: 'list users', request: () => ['GET', '/api/v1/users'], allowed: ['admin'] },
    { route: 'deactivate a user', request: () => ['PATCH', `/api/v1/users/${spareId}`, { active: false }], allowed: ['admin'] },
    { route: 'read audit log', request: () => ['GET', '/api/v1/audit'], allowed: ['admin'] },
    { route: 'create project', request: () => ['POST', '/api/v1/projects', { id: `p-${Math.random().toString(16).slice(2, 8)}`, name: 'x' }], allowed: ['admin'] },
  ];

  const headersOf = (caller: Caller): Record<string, string> => callerHeaders(caller, { admin, qa, ops, viewer, outsider }, tokens);

  for (const entry of matrix) {
    it(`authorization: ${entry.route}`, async () => {
      const outcome = await whoGetsThrough(callers, (caller) => {
        const [method, url, payload] = entry.request();
        return call(method, url, headersOf(caller), payload);
      });
      await server.launch.executions.settle();

      expect(outcome).toEqual(Object.fromEntries(callers.map((caller) => [caller, entry.allowed.includes(caller)])));
    });
  }

  it('a token is shown once, records its last use, is limited to its project and stops working when revoked', async () => {
    const created = await call('POST', '/api/v1/tokens', as(ops), { name: 'deploy-ci', projectId: 'shop', scopes: ['run'] });
    const { token, entry } = created.json<{ token: string; entry: { id: string } }>();
    await call('GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` });
    const listed = await call('GET', '/api/v1/tokens', as(ops));
    const other = await call('POST', '/api/v1/projects', as(admin), { id: 'other', name: 'Other' });
    const elsewhere = await call('GET', '/api/v1/projects/other', { authorization: `Bearer ${token}` });
    const revoked = await call('DELETE', `/api/v1/tokens/${entry.id}`, as(ops));
    const after = await call('GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` });
    const viewerToken = await call('POST', '/api/v1/tokens', as(viewer), { name: 'too-much', projectId: 'shop', scopes: ['run'] });

    expect(listed.body).not.toContain(token.split('_').slice(2).join('_'));
    expect(listed.json<{ tokens: Array<{ id: string; lastUsedAt: string | null }> }>().tokens.find((row) => row.id === entry.id)?.lastUsedAt).toEqual(expect.any(String));
    expect(other.statusCode).toBe(201);
    expect(elsewhere.statusCode).toBe(404);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect(after.statusCode).toBe(401);
    expect(viewerToken.statusCode).toBe(403);
    const stored = await server.backend.db.selectFrom('api_tokens').select('secret_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(token.split('_').slice(2).join('_'));
  });

  it('refuses hostile uploads: HTML, SVG with script, oversized; a path in the file name is reduced to its last segment', async () => {
    const url = `/api/v1/runs/${runId}/items/smoke-test/verify`;
    const html = multipart({ status: 'pass' }, { name: 'evidence.png', type: 'image/png', bytes: Buffer.from('<!doctype html><script>alert(1)</script>') });
    const svg = multipart({ status: 'pass' }, { name: 'photo.svg', type: 'image/svg+xml', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    const big = multipart({ status: 'pass' }, { name: 'big.png', type: 'image/png', bytes: Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]) });
    const traversal = multipart({ status: 'pass', note: 'checked' }, { name: '../../../etc/cron.d/evil.png', type: 'image/png', bytes: png });

    const htmlResponse = await call('POST', url, { ...as(qa), ...html.headers }, html.payload);
    const svgResponse = await call('POST', url, { ...as(qa), ...svg.headers }, svg.payload);
    const bigResponse = await call('POST', url, { ...as(qa), ...big.headers }, big.payload);
    const okResponse = await call('POST', url, { ...as(qa), ...traversal.headers }, traversal.payload);
    const ref = okResponse.json<{ evidenceRef: string }>().evidenceRef;
    const download = await call('GET', `/api/v1/uploads/${ref.replace('upload:', '')}`, { cookie: viewer.cookie });
    const outsiderDownload = await call('GET', `/api/v1/uploads/${ref.replace('upload:', '')}`, { cookie: outsider.cookie });

    expect(htmlResponse.statusCode).toBe(415);
    expect(htmlResponse.json().error.code).toBe('upload.type');
    expect(svgResponse.statusCode).toBe(415);
    expect(bigResponse.statusCode).toBe(413);
    expect(okResponse.statusCode).toBe(200);
    expect(readdirSync(join(server.dir, '.golive', 'server', 'uploads'))).toEqual([ref.replace('upload:', '')]);
    expect(existsSync(join(server.dir, '..', 'etc'))).toBe(false);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toBe("attachment; filename*=UTF-8''evil.png");
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(download.rawPayload.equals(png)).toBe(true);
    expect(outsiderDownload.statusCode).toBe(404);
  });

  it('runs a launch: failing check, recheck turns it green, manual item with a photo, QA signs, ops is refused, the gate passes', async () => {
    const started = await call('POST', `/api/v1/plans/${planId}/runs`, as(ops), { release: 'v2.0.0' });
    const id = started.json<{ run: { id: string } }>().run.id;
    await server.launch.executions.settle();
    const before = await call('GET', `/api/v1/runs/${id}`, as(viewer));
    standIn.healthy = true;
    const recheck = await call('POST', `/api/v1/runs/${id}/items/api-health/recheck`, as(ops), {});
    await server.launch.executions.settle();
    const photo = multipart({ status: 'pass', note: `paid 0.01, order shows paid; token was ${plantedSecret}` }, { name: 'phone.png', type: 'image/png', bytes: png });
    const verified = await call('POST', `/api/v1/runs/${id}/items/smoke-test/verify`, { ...as(qa), ...photo.headers }, photo.payload);
    const opsSign = await call('POST', `/api/v1/runs/${id}/signoffs`, as(ops), { role: 'qa' });
    const qaSign = await call('POST', `/api/v1/runs/${id}/signoffs`, as(qa), { role: 'qa' });
    const gate = await call('GET', `/api/v1/runs/${id}/gate`, as(viewer));
    const audit = await call('GET', `/api/v1/runs/${id}/audit`, as(viewer));

    type View = { view: { items: Array<{ item: { id: string }; result: { status: string } }> } };
    expect(before.json<View>().view.items.map((entry) => [entry.item.id, entry.result.status])).toEqual([['api-health', 'fail'], ['smoke-test', 'pending']]);
    expect(recheck.statusCode).toBe(202);
    expect(verified.statusCode).toBe(200);
    expect(opsSign.statusCode).toBe(403);
    expect(opsSign.json().error.message.zh).toContain('qa');
    expect(qaSign.statusCode).toBe(201);
    expect(gate.json()).toMatchObject({ gate: { passed: true } });
    const actions = audit.json<{ entries: Array<{ action: string; actor: string; subject: string | null }> }>().entries.map((entry) => `${entry.action}:${entry.actor}:${entry.subject ?? ''}`);
    expect(actions).toEqual(expect.arrayContaining(['run.create:ops-wang:shop-launch', 'upload.add:qa-li:smoke-test', 'signoff.add:qa-li:qa']));
    expect(actions.filter((action) => action.startsWith('result.record:ops-wang:api-health'))).toHaveLength(2);
    expect(standIn.authorizations).toContain(`Bearer ${plantedSecret}`);
  });

  it('streams live run updates over Server-Sent Events', async () => {
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/runs/${runId}/events`, { headers: { authorization: `Bearer ${tokens.read}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const nextEvent = async () => {
      while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
      const [event, ...rest] = text.split('\n\n');
      text = rest.join('\n\n');
      seen.push(event ?? '');
      return JSON.parse((event ?? '').split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? 'null') as { view: { items: Array<{ item: { id: string }; result: { status: string; evidence: unknown } }> } };
    };

    const first = await nextEvent();
    await call('POST', `/api/v1/runs/${runId}/items/smoke-test/verify`, as(qa), { status: 'fail', note: `still broken ${plantedSecret}` });
    const second = await nextEvent();
    controller.abort();

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    // The stream takes over the response, and still sends the security headers every answer gets.
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(first.view.items.map((entry) => entry.item.id)).toEqual(['api-health', 'smoke-test']);
    expect(second.view.items.find((entry) => entry.item.id === 'smoke-test')?.result.status).toBe('fail');
  });

  it('never lets the planted secret out: responses, SSE, the log', () => {
    expect(seen.length).toBeGreaterThan(100);
    expect(seen.filter((body) => body.includes(plantedSecret))).toEqual([]);
    expect(server.log.join('').includes(plantedSecret)).toBe(false);
    expect(server.log.join('')).toContain('"statusCode"');
    // Each refusal's line names its request (Fastify's request id; the request's logger is made when it first logs).
    const refusals = server.log.filter((line) => line.includes('refused or failed')).map((line) => JSON.parse(line) as { reqId?: unknown; path?: unknown });
    expect(refusals.length).toBeGreaterThan(5);
    expect(refusals.every((line) => typeof line.reqId === 'string' && typeof line.path === 'string')).toBe(true);
  });

  it('imports a seed checklist (report first, saved on request), lists plans, diffs runs, revokes a waiver, closes a run, verifies the audit chain, signs out', async () => {
    const markdown = readFileSync(join(seedsDir, seedFiles.s002), 'utf8');
    const preview = await call('POST', '/api/v1/projects/shop/plans/import', as(viewer), { file: 'deploy.md', markdown });
    const viewerSave = await call('POST', '/api/v1/projects/shop/plans/import', as(viewer), { file: 'deploy.md', markdown, save: true });
    const saved = await call('POST', '/api/v1/projects/shop/plans/import', as(admin), { file: 'deploy.md', markdown, save: true });
    const plans = await call('GET', '/api/v1/projects/shop/plans', { authorization: `Bearer ${tokens.read}` });
    const runs = (await call('GET', `/api/v1/plans/${planId}/runs?limit=2`, as(viewer))).json<{ runs: Array<{ id: string }> }>().runs;
    const diffed = await call('GET', `/api/v1/runs/${runs[0]?.id}/diff?against=${runs[1]?.id}`, as(viewer));
    const summary = await call('GET', `/api/v1/runs/${runId}/summary`, { authorization: `Bearer ${tokens.read}` });
    await call('POST', `/api/v1/runs/${runId}/items/smoke-test/waivers`, as(qa), { reason: 'phone lab closed today', expiresAt: '2099-01-01T00:00:00Z' });
    const opsRevoke = await call('POST', `/api/v1/runs/${runId}/items/smoke-test/waivers/revoke`, as(ops), { reason: 'not mine' });
    const revoked = await call('POST', `/api/v1/runs/${runId}/items/smoke-test/waivers/revoke`, as(admin), { reason: 'lab reopened' });
    const memberClose = await call('POST', `/api/v1/runs/${runId}/close`, as(qa));
    const closed = await call('POST', `/api/v1/runs/${runId}/close`, as(admin));
    const afterClose = await call('POST', `/api/v1/runs/${runId}/items/smoke-test/verify`, as(qa), { status: 'pass' });
    const verified = await call('GET', '/api/v1/audit/verify', as(admin));
    const signOut = await call('DELETE', '/api/v1/session', as(viewer));
    const afterSignOut = await call('GET', '/api/v1/session', { cookie: viewer.cookie });

    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ planName: '生产环境部署清单', saved: null, report: { counts: { items: 96 } } });
    expect(viewerSave.statusCode).toBe(403);
    expect(saved.statusCode).toBe(201);
    expect(plans.json<{ plans: Array<{ planName: string }> }>().plans.map((plan) => plan.planName).sort()).toEqual(['shop-launch', '生产环境部署清单']);
    expect(diffed.json()).toMatchObject({ from: runs[1]?.id, to: runs[0]?.id });
    expect(summary.json()).toMatchObject({ id: runId, status: 'open', summary: { score: expect.any(Number) } });
    expect(opsRevoke.statusCode).toBe(403);
    // The matrix test waived the item three times before (admin, qa, qa's sign token): every waiver in force is taken back.
    expect(revoked.json<{ revoked: Array<{ revokedAt: string }> }>().revoked.map((waiver) => typeof waiver.revokedAt)).toEqual(['string', 'string', 'string', 'string']);
    expect(memberClose.statusCode).toBe(403);
    expect(closed.statusCode).toBe(204);
    expect(afterClose.statusCode).toBe(409);
    expect(afterClose.json().error.code).toBe('run.closed');
    expect(verified.json()).toMatchObject({ ok: true, problems: [] });
    expect(signOut.statusCode).toBe(204);
    expect(afterSignOut.statusCode).toBe(401);
  });

  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const response = await call('GET', '/api/docs', {});
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>();

    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/runs/{runId}/signoffs', '/api/v1/projects/{projectId}/plans/import', '/api/v1/tokens']));
    expect(JSON.stringify(doc.paths['/api/v1/runs/{runId}/items/{itemId}/waivers']?.post?.requestBody)).toContain('expiresAt');
  });
});

describe('golive serve sign-in protection', () => {
  let server: TestServer;
  let admin: Browser;

  beforeAll(async () => {
    server = await testServer({});
    admin = await setupAdmin(server);
    await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(admin), payload: { username: 'li', displayName: 'Li', password } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('locks an account after 5 bad passwords, even against the right one, until an administrator unlocks it', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'li', password: 'wrong password!' } })).statusCode);
    const right = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'li', password } });
    const users = (await server.app.inject({ method: 'GET', url: '/api/v1/users', headers: as(admin) })).json<{ users: Array<{ id: string; username: string }> }>().users;
    const unlock = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${users.find((user) => user.username === 'li')?.id}`, headers: as(admin), payload: { unlock: true } });
    const after = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'li', password } });

    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('auth.locked');
    expect(unlock.statusCode).toBe(200);
    expect(after.statusCode).toBe(200);
  });

  it('limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) statuses.push((await server.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: '10.9.8.7', payload: { username: 'nobody', password: 'x' } })).statusCode);

    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
