import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GoliveError } from '../../src/core/errors.js';
import { hashPassword } from '../../src/server/auth/secrets.js';
import { lockout, TeamStore } from '../../src/server/team-store.js';
import { auditKeyOf } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { rawSql, storeTargets, type StoreTarget } from '../store/setup.js';

/** Two openings of one database stand for two `golive serve` processes sharing it. */
for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`team store: ${kind}`, () => {
    let target: StoreTarget;
    let stores: Store[];
    let a: TeamStore;
    let b: TeamStore;
    let rawBackend: Awaited<ReturnType<StoreTarget['open']>>['backend'];

    beforeEach(async () => {
      target = await create();
      const first = await target.open();
      const second = await target.open();
      stores = [first.store, second.store];
      rawBackend = first.backend;
      a = new TeamStore(first.backend, auditKeyOf(first.backend));
      b = new TeamStore(second.backend, auditKeyOf(second.backend));
    });

    afterEach(async () => {
      for (const store of stores ?? []) await store.close();
      await target.teardown();
    });

    async function admin() {
      const secret = (await a.issueSetupSecret()) ?? '';
      return b.completeSetup(secret, { username: 'admin', displayName: 'Admin', passwordHash: await hashPassword('correct horse battery') });
    }

    it('uses the setup secret once, from any process', async () => {
      const secret = (await a.issueSetupSecret()) ?? '';
      const user = await b.completeSetup(secret, { username: 'admin', displayName: 'Admin', passwordHash: 'x' });
      const again = await a.completeSetup(secret, { username: 'mallory', displayName: 'M', passwordHash: 'x' }).catch((error: unknown) => error);

      expect(user).toMatchObject({ username: 'admin', isAdmin: true });
      expect((again as GoliveError).code).toBe('auth.setup-invalid');
      expect(await a.issueSetupSecret()).toBeUndefined();
      expect(JSON.stringify(await rawSql(rawBackend, 'select * from server_settings'))).not.toContain(secret);
    });

    it('shares sessions and tokens between processes; stores only hashes; revocation is seen everywhere', async () => {
      const user = await admin();
      await a.createProject({ id: 'shop', name: 'Shop' }, user);
      const session = await a.createSession(user.id);
      const { token } = await a.createToken({ name: 'ci', user, projectId: 'shop', scopes: ['read', 'run'] });

      expect((await b.session(session.sessionId))?.user.username).toBe('admin');
      expect((await b.useToken(token))?.token.scopes).toEqual(['read', 'run']);
      const secret = token.split('_').slice(2).join('_'); // glt_<id>_<secret>; the secret is base64url and may hold '_' itself
      const raw = JSON.stringify([await rawSql(rawBackend, 'select * from api_tokens'), await rawSql(rawBackend, 'select * from sessions')]);
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(session.sessionId);

      const entry = (await a.listTokens({ userId: user.id }))[0];
      await b.revokeToken(entry?.id ?? '', 'admin');
      expect(await a.useToken(token)).toBeUndefined();
      expect(await a.useToken(`${token.slice(0, -1)}x`)).toBeUndefined();
    });

    it(`locks an account after ${lockout.attempts} bad passwords in a row`, async () => {
      const user = await admin();
      const locks: Array<string | null> = [];
      for (let attempt = 0; attempt < lockout.attempts; attempt += 1) locks.push(await (attempt % 2 ? a : b).recordLoginFailure(user.id));

      expect(locks.slice(0, -1)).toEqual(Array(lockout.attempts - 1).fill(null));
      expect(locks.at(-1)).toEqual(expect.any(String));
      expect((await a.credentials('admin'))?.user.lockedUntil).toBe(locks.at(-1));
    });

    it('keeps a plan name in one project and audits every change with the acting user, in a chain that verifies', async () => {
      const user = await admin();
      await a.createProject({ id: 'shop', name: 'Shop' }, user);
      await a.createProject({ id: 'other', name: 'Other' }, user);
      await a.savePlan('shop', 'shop-launch', 'name: shop-launch\n', 'admin');
      const taken = await b.savePlan('other', 'shop-launch', 'name: shop-launch\n', 'admin').catch((error: unknown) => error);
      const member = await b.createUser({ username: 'li', displayName: 'Li', passwordHash: 'x', isAdmin: false }, 'admin');
      await a.setMember('shop', member.id, 'member', 'admin');
      await b.setPlanRole('shop', 'qa', [member.id], 'admin');
      const outsider = await a.setPlanRole('other', 'qa', [member.id], 'admin').catch((error: unknown) => error);

      expect((taken as GoliveError).code).toBe('plan.name-taken');
      expect((outsider as GoliveError).code).toBe('plan-role.not-member');
      expect(await a.planRolesOf('shop', member.id)).toEqual(['qa']);
      const entries = await stores[0]?.auditEntries();
      expect(entries?.map((entry) => `${entry.action}:${entry.actor}`)).toEqual([
        'user.create:admin',
        'project.create:admin',
        'project.create:admin',
        'plan.save:admin',
        'user.create:admin',
        'member.set:admin',
        'plan-role.set:admin',
      ]);
      expect(await stores[1]?.verifyAudit()).toMatchObject({ ok: true, problems: [] });
    });
  });
}
