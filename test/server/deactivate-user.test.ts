/**
 * A server administrator deactivates and reactivates an account (PATCH /api/v1/users/:id with `active`). Two servers
 * on one database stand for two `golive serve` processes sharing it (PostgreSQL), or a server and another process on
 * one SQLite file: the account's session and token are refused by both at their next request, not after a cache
 * expires, because the deactivation is audited and moves the head every process's read cache is keyed by.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeTargets, type StoreTarget } from '../store/setup.js';
import { as, login, setupAdmin, testServer, type Browser, type TestServer } from './harness.js';

const password = 'correct horse battery';

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`deactivating an account: ${kind}`, () => {
    let target: StoreTarget;
    let a: TestServer;
    let b: TestServer;
    let admin: Browser;
    let opsId: string;
    let ops: Browser;
    let token: string;

    async function call(server: TestServer, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) {
      return server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
    }

    beforeEach(async () => {
      target = await create();
      a = await testServer({}, { target });
      // B shares A's database; A's close tears it down. B's setup secret is the current one (each start issues one).
      b = await testServer({}, { target: { ...target, teardown: async () => undefined } });
      admin = await setupAdmin(b);
      expect((await call(a, 'POST', '/api/v1/projects', as(admin), { id: 'shop', name: 'Shop' })).statusCode).toBe(201);
      const created = await call(a, 'POST', '/api/v1/users', as(admin), { username: 'ops-wang', displayName: 'Wang', password });
      opsId = created.json<{ id: string }>().id;
      expect((await call(a, 'PUT', `/api/v1/projects/shop/members/${opsId}`, as(admin), { role: 'member' })).statusCode).toBe(204);
      ops = await login(a, 'ops-wang', password);
      token = (await call(a, 'POST', '/api/v1/tokens', as(ops), { name: 'deploy-ci', projectId: 'shop', scopes: ['run'] })).json<{ token: string }>().token;
    });

    afterEach(async () => {
      await b?.close();
      await a?.close();
    });

    it("ends the account's session and token at once in every process, refuses its sign-in, audits it, and reactivates it", async () => {
      // Both servers have the session and the token in their read caches.
      for (const server of [a, b]) {
        expect((await call(server, 'GET', '/api/v1/session', { cookie: ops.cookie })).statusCode).toBe(200);
        expect((await call(server, 'GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` })).statusCode).toBe(200);
      }

      const deactivated = await call(b, 'PATCH', `/api/v1/users/${opsId}`, as(admin), { active: false });
      const sessionOnA = await call(a, 'GET', '/api/v1/session', { cookie: ops.cookie });
      const tokenOnA = await call(a, 'GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` });
      const sessionOnB = await call(b, 'GET', '/api/v1/session', { cookie: ops.cookie });
      const tokenOnB = await call(b, 'GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` });
      const signIn = await call(a, 'POST', '/api/v1/session', {}, { username: 'ops-wang', password });
      const wrongPassword = await call(a, 'POST', '/api/v1/session', {}, { username: 'ops-wang', password: 'not the password' });
      const listed = await call(a, 'GET', '/api/v1/users', as(admin));
      const audit = await call(a, 'GET', '/api/v1/audit?limit=1000', as(admin));

      expect(deactivated.statusCode).toBe(200);
      expect(deactivated.json()).toMatchObject({ id: opsId, active: false, deactivatedAt: expect.any(String) });
      expect([sessionOnA.statusCode, tokenOnA.statusCode, sessionOnB.statusCode, tokenOnB.statusCode]).toEqual([401, 401, 401, 401]);
      expect(tokenOnA.json().error.message.en).toContain('its user deactivated');
      expect(signIn.statusCode).toBe(403);
      expect(signIn.json().error).toEqual({ code: 'auth.deactivated', message: { en: 'this account is deactivated; an administrator can reactivate it', zh: '此账户已停用；管理员可重新启用' } });
      // Without the password nobody learns that the account exists and is deactivated.
      expect(wrongPassword.statusCode).toBe(401);
      expect(wrongPassword.json().error.code).toBe('auth.bad-login');
      expect(listed.json<{ users: Array<{ username: string; active: boolean }> }>().users.map((user) => [user.username, user.active])).toEqual([
        ['admin', true],
        ['ops-wang', false],
      ]);
      const entries = audit.json<{ entries: Array<{ action: string; actor: string; subject: string }> }>().entries;
      expect(entries.filter((entry) => entry.action === 'user.deactivate').map((entry) => `${entry.actor}:${entry.subject}`)).toEqual(['admin:ops-wang']);

      const reactivated = await call(a, 'PATCH', `/api/v1/users/${opsId}`, as(admin), { active: true });
      const again = await login(b, 'ops-wang', password);
      const after = await call(a, 'GET', '/api/v1/session', { cookie: again.cookie });
      const tokenAfter = await call(b, 'GET', '/api/v1/projects/shop', { authorization: `Bearer ${token}` });
      const oldSession = await call(b, 'GET', '/api/v1/session', { cookie: ops.cookie });
      const audited = (await call(b, 'GET', '/api/v1/audit?limit=1000', as(admin))).json<{ entries: Array<{ action: string; subject: string }> }>().entries;

      expect(reactivated.json()).toMatchObject({ active: true, deactivatedAt: null });
      expect(after.statusCode).toBe(200);
      // Tokens were refused, not revoked: they work again; the sessions were ended for good.
      expect(tokenAfter.statusCode).toBe(200);
      expect(oldSession.statusCode).toBe(401);
      expect(audited.filter((entry) => entry.action === 'user.reactivate').map((entry) => entry.subject)).toEqual(['ops-wang']);
    });

    it('keeps the last active administrator: neither deactivated nor stripped of the role', async () => {
      const second = await call(a, 'POST', '/api/v1/users', as(admin), { username: 'admin-li', displayName: 'Li', password, isAdmin: true });
      const secondId = second.json<{ id: string }>().id;
      const adminId = (await call(a, 'GET', '/api/v1/session', as(admin))).json<{ user: { id: string } }>().user.id;

      const otherAdmin = await call(a, 'PATCH', `/api/v1/users/${secondId}`, as(admin), { active: false });
      const self = await call(b, 'PATCH', `/api/v1/users/${adminId}`, as(admin), { active: false });
      const role = await call(b, 'PATCH', `/api/v1/users/${adminId}`, as(admin), { isAdmin: false });
      const still = await call(a, 'GET', '/api/v1/session', as(admin));

      expect(otherAdmin.statusCode).toBe(200);
      expect(self.statusCode).toBe(409);
      expect(self.json().error).toEqual({ code: 'user.last-admin', message: { en: expect.stringContaining('last active administrator cannot be deactivated'), zh: expect.stringContaining('不能停用最后一位有效的管理员') } });
      // A deactivated administrator does not count: the active one cannot lose the role either.
      expect(role.statusCode).toBe(409);
      expect(role.json().error.code).toBe('user.last-admin');
      expect(still.statusCode).toBe(200);
    });
  });
}
