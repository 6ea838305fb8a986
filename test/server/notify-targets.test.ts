/**
 * Notification targets in the dashboard's settings: project administrators list, add, test and remove them; a target's
 * webhook URL and signing secret are taken as ${VAR} or stored encrypted with GOLIVE_SECRETS_KEY, and never come back
 * out in clear (responses, the audit trail, the log, the database file). The robots are the chat-platform stand-ins
 * (test/stand-ins/chat-robots.ts): the real platforms cannot be reached from tests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { as, databaseText, login, setupAdmin, testServer, type Browser, type TestServer } from './harness.js';

const password = 'correct horse battery';
const dingtalkToken = (url: string) => new URL(url).searchParams.get('access_token') ?? '';

describe('notification targets of a project', () => {
  let robots: ChatRobotStandIn;
  let server: TestServer;
  let admin: Browser;
  let projectAdmin: Browser;
  let member: Browser;
  let viewer: Browser;
  let outsider: Browser;
  let runToken: string;
  const seen: string[] = [];
  const base = '/api/v1/projects/shop/notification-targets';

  async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
    const response = await server.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
    seen.push(response.body);
    return response;
  }

  async function user(username: string, role: 'admin' | 'member' | 'viewer' | null): Promise<Browser> {
    const created = await call('POST', '/api/v1/users', as(admin), { username, displayName: username, password });
    const userId = created.json<{ id: string }>().id;
    if (role) expect((await call('PUT', `/api/v1/projects/shop/members/${userId}`, as(admin), { role })).statusCode).toBe(204);
    return login(server, username, password);
  }

  beforeAll(async () => {
    robots = await startChatRobots();
    server = await testServer({ GOLIVE_SECRETS_KEY: randomBytes(32).toString('hex'), WECOM_WEBHOOK: robots.urls.wecom });
    admin = await setupAdmin(server);
    expect((await call('POST', '/api/v1/projects', as(admin), { id: 'shop', name: 'Shop' })).statusCode).toBe(201);
    projectAdmin = await user('pa-chen', 'admin');
    member = await user('member-li', 'member');
    viewer = await user('viewer-zhao', 'viewer');
    outsider = await user('outsider', null);
    runToken = (await call('POST', '/api/v1/tokens', as(projectAdmin), { name: 'ci', projectId: 'shop', scopes: ['read', 'run', 'sign'] })).json<{ token: string }>().token;
  });

  afterAll(async () => {
    await server?.close();
    await robots?.close();
  });

  it('adds a WeCom robot by ${VAR}, sends the test message of `golive notify test` and audits both with the acting user', async () => {
    const added = await call('POST', base, as(projectAdmin), { id: 'team', type: 'wecom', url: '${WECOM_WEBHOOK}' });
    const tested = await call('POST', `${base}/team/test`, as(projectAdmin));
    const audit = await call('GET', '/api/v1/audit?limit=1000', as(admin));

    expect(added.statusCode).toBe(201);
    expect(added.json().target).toMatchObject({ id: 'team', type: 'wecom', url: '${WECOM_WEBHOOK}', secret: null, storage: 'env', createdBy: 'pa-chen' });
    expect(tested.statusCode).toBe(200);
    expect(tested.json().delivery).toMatchObject({ target: 'team', type: 'wecom', delivered: true, attempts: 1, answer: { status: 200 } });
    const message = robots.received.find((entry) => entry.platform === 'wecom');
    expect(JSON.stringify(message?.json)).toContain('golive 可以向本群发送消息（Shop）');
    expect(JSON.stringify(message?.json)).toContain('sent by pa-chen');
    const actions = audit.json<{ entries: Array<{ action: string; actor: string; subject: string }> }>().entries.map((entry) => `${entry.action}:${entry.actor}:${entry.subject}`);
    expect(actions).toEqual(expect.arrayContaining(['notify-target.add:pa-chen:shop/team', 'notify-target.test:pa-chen:shop/team']));
  });

  it('stores a DingTalk URL and signing secret typed as values only encrypted, shows them masked, and signs the test with them', async () => {
    const added = await call('POST', base, as(admin), { id: 'ops', type: 'dingtalk', url: robots.urls.dingtalk, secret: robots.secrets.dingtalk, lang: 'zh-CN' });
    const listed = await call('GET', base, as(projectAdmin));
    const tested = await call('POST', `${base}/ops/test`, as(admin));

    expect(added.statusCode).toBe(201);
    const shown = listed.json<{ targets: Array<{ id: string; url: string; secret: string; storage: string }> }>().targets.find((target) => target.id === 'ops');
    expect(shown).toMatchObject({ url: expect.stringContaining('/robot/send?***'), secret: '••••••••', storage: 'sealed' });
    expect(tested.json().delivery).toMatchObject({ delivered: true });
    expect(robots.received.filter((entry) => entry.platform === 'dingtalk').map((entry) => entry.signatureValid)).toEqual([true]);
    const stored = await server.backend.db.selectFrom('notification_targets').selectAll().where('id', '=', 'ops').executeTakeFirstOrThrow();
    expect(stored.url).toMatch(/^enc:v1:/);
    expect(stored.secret).toMatch(/^enc:v1:/);
  });

  it('refuses what cannot be stored safely or sent: a value without a key, a secret for an unsigned robot, a duplicate id, an unset ${VAR}', async () => {
    const keyless = await testServer({});
    try {
      const keylessAdmin = await setupAdmin(keyless);
      await keyless.app.inject({ method: 'POST', url: '/api/v1/projects', headers: as(keylessAdmin), payload: { id: 'shop', name: 'Shop' } });
      const noKey = await keyless.app.inject({ method: 'POST', url: base, headers: as(keylessAdmin), payload: { id: 'team', type: 'wecom', url: robots.urls.wecom } });
      seen.push(noKey.body);
      expect(noKey.statusCode).toBe(400);
      expect(noKey.json().error).toMatchObject({ code: 'notify-target.no-key', message: { en: expect.stringContaining('GOLIVE_SECRETS_KEY'), zh: expect.stringContaining('GOLIVE_SECRETS_KEY') } });
      expect(databaseText(keyless)).not.toContain(dingtalkToken(robots.urls.dingtalk));
    } finally {
      await keyless.close();
    }
    const wecomSecret = await call('POST', base, as(admin), { id: 'signed-wecom', type: 'wecom', url: '${WECOM_WEBHOOK}', secret: 'abc123456' });
    const duplicate = await call('POST', base, as(admin), { id: 'team', type: 'wecom', url: '${WECOM_WEBHOOK}' });
    const partial = await call('POST', base, as(admin), { id: 'partial', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}' });
    await call('POST', base, as(admin), { id: 'unset', type: 'slack', url: '${SLACK_WEBHOOK}' });
    const unset = await call('POST', `${base}/unset/test`, as(admin));

    expect(wecomSecret.json().error.code).toBe('notify-target.invalid');
    expect(duplicate.statusCode).toBe(409);
    expect(partial.json().error.code).toBe('notify-target.invalid');
    expect(unset.statusCode).toBe(400);
    expect(unset.json().error).toMatchObject({ code: 'notify-target.variable-missing', message: { zh: expect.stringContaining('SLACK_WEBHOOK') } });
  });

  // Only project administrators (and server administrators) manage targets; tokens never do.
  const callers = ['admin', 'projectAdmin', 'member', 'viewer', 'outsider', 'anonymous', 'token'] as const;
  const headersOf = (caller: (typeof callers)[number]): Record<string, string> =>
    ({ admin: as(admin), projectAdmin: as(projectAdmin), member: as(member), viewer: as(viewer), outsider: as(outsider), anonymous: {}, token: { authorization: `Bearer ${runToken}` } })[caller];
  const routes: Array<{ route: string; request: (caller: string) => [string, string, unknown?] }> = [
    { route: 'list', request: () => ['GET', base] },
    { route: 'add', request: (caller) => ['POST', base, { id: `m-${caller.toLowerCase()}`, type: 'wecom', url: '${WECOM_WEBHOOK}' }] },
    { route: 'test', request: () => ['POST', `${base}/team/test`] },
    { route: 'remove', request: (caller) => ['DELETE', `${base}/m-${caller.toLowerCase()}`] },
  ];
  for (const entry of routes) {
    it(`authorization: ${entry.route} (admin / member / viewer / outsider / anonymous / token)`, async () => {
      const outcome: Record<string, number> = {};
      for (const caller of callers) {
        const [method, url, payload] = entry.request(caller);
        outcome[caller] = (await call(method, url, headersOf(caller), payload)).statusCode;
      }
      const allowed = (status: number | undefined) => status !== undefined && status < 300;
      expect(Object.fromEntries(callers.map((caller) => [caller, allowed(outcome[caller])]))).toEqual({ admin: true, projectAdmin: true, member: false, viewer: false, outsider: false, anonymous: false, token: false });
      expect([outcome.member, outcome.viewer, outcome.outsider, outcome.anonymous, outcome.token]).toEqual([403, 403, 404, 401, 403]);
    });
  }

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const add = await call('POST', base, { cookie: projectAdmin.cookie }, { id: 'csrf', type: 'wecom', url: '${WECOM_WEBHOOK}' });
    const test = await call('POST', `${base}/team/test`, { cookie: projectAdmin.cookie, 'x-csrf-token': member.csrf });
    const remove = await call('DELETE', `${base}/team`, { cookie: projectAdmin.cookie });

    expect([add.statusCode, test.statusCode, remove.statusCode]).toEqual([403, 403, 403]);
    expect(add.json().error.code).toBe('auth.csrf');
    expect((await call('GET', base, as(admin))).json<{ targets: Array<{ id: string }> }>().targets.map((target) => target.id)).toContain('team');
  });

  it('removes a target, audited with the acting user', async () => {
    const removed = await call('DELETE', `${base}/unset`, as(projectAdmin));
    const again = await call('DELETE', `${base}/unset`, as(projectAdmin));
    const audit = await call('GET', '/api/v1/audit?limit=1000', as(admin));

    expect(removed.statusCode).toBe(204);
    expect(again.statusCode).toBe(404);
    const actions = audit.json<{ entries: Array<{ action: string; actor: string; subject: string }> }>().entries.map((entry) => `${entry.action}:${entry.actor}:${entry.subject}`);
    expect(actions).toContain('notify-target.remove:pa-chen:shop/unset');
  });

  it('never lets a webhook key or signing secret out: responses, the log, the database file', () => {
    const credentials = [robots.urls.dingtalk, dingtalkToken(robots.urls.dingtalk), robots.secrets.dingtalk, robots.urls.wecom, new URL(robots.urls.wecom).searchParams.get('key') ?? ''];
    expect(seen.length).toBeGreaterThan(30);
    for (const credential of credentials) {
      expect(seen.filter((body) => body.includes(credential))).toEqual([]);
      expect(server.log.join('')).not.toContain(credential);
      expect(databaseText(server)).not.toContain(credential);
    }
  });
});
