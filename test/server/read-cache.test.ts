import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import { Executions, RunEvents } from '../../src/server/launch.js';
import { HeadCache } from '../../src/server/read-cache.js';
import { sessionCacheMs, TeamStore } from '../../src/server/team-store.js';
import { auditKeyOf } from '../../src/store/open.js';
import type { AuditHead, Store } from '../../src/store/store.js';
import { storeTargets, type StoreTarget } from '../store/setup.js';

const password = 'correct horse battery';

const planYaml = `name: cache-launch
roles:
  - { id: qa, title: QA, signoff: true }
items:
  - id: smoke
    title: Smoke test on a phone
    priority: blocker
    owner: qa
    manual: { method: order and pay 0.01 }
  - id: docs
    title: Runbook reviewed
    priority: low
    manual: { method: read it }
`;

/** One `golive serve` over one opening of the database: its own store connection, team store and read cache. */
interface Serve {
  readonly app: App;
  readonly store: Store;
  readonly team: TeamStore;
  readonly executions: Executions;
  call(method: string, url: string, headers?: Record<string, string>, payload?: unknown): Promise<{ status: number; body: string; json: <T>() => T }>;
}

async function serve(target: StoreTarget): Promise<Serve> {
  const { store, backend } = await target.open();
  const team = new TeamStore(backend, auditKeyOf(backend));
  const dataDir = join(target.planDir, '.golive', 'server');
  const executions = new Executions();
  const app = await buildApp({ team, launch: { store, dataDir, env: {}, events: new RunEvents(), executions }, secure: false, uploadsDir: join(dataDir, 'uploads') });
  return {
    app,
    store,
    team,
    executions,
    async call(method, url, headers = {}, payload) {
      const response = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
      return { status: response.statusCode, body: response.body, json: <T>() => response.json<T>() };
    },
  };
}

function cookieOf(setCookie: string | string[] | undefined): string {
  return ((Array.isArray(setCookie) ? setCookie[0] : setCookie) ?? '').split(';')[0] ?? '';
}

/**
 * Two servers on one database stand for two `golive serve` processes sharing it (PostgreSQL), or a server and the
 * CLI on one SQLite file. Server A keeps answering the run summary from its cache while B changes the run: A must
 * answer exactly what the database holds after every change, and refuse what B revoked.
 */
for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`read cache: ${kind}`, () => {
    let target: StoreTarget;
    let a: Serve;
    let b: Serve;
    let admin: Record<string, string>;
    let adminId: string;
    let runId: string;
    let token: string;

    beforeEach(async () => {
      target = await create();
      a = await serve(target);
      b = await serve(target);
      const secret = (await a.team.issueSetupSecret()) ?? '';
      const setup = await a.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { secret, username: 'admin', displayName: 'Admin', password } });
      expect(setup.statusCode).toBe(201);
      admin = { cookie: cookieOf(setup.headers['set-cookie']), 'x-csrf-token': setup.json<{ csrfToken: string }>().csrfToken };
      adminId = setup.json<{ user: { id: string } }>().user.id;
      expect((await a.call('POST', '/api/v1/projects', admin, { id: 'shop', name: 'Shop' })).status).toBe(201);
      expect((await a.call('PUT', '/api/v1/projects/shop/plan-roles/qa', admin, { userIds: [adminId] })).status).toBe(204);
      const plan = await a.call('POST', '/api/v1/projects/shop/plans', admin, { source: planYaml });
      expect(plan.status).toBe(201);
      const started = await a.call('POST', `/api/v1/plans/${plan.json<{ plan: { id: string } }>().plan.id}/runs`, admin, { release: 'v1' });
      expect(started.status).toBe(202);
      runId = started.json<{ run: { id: string } }>().run.id;
      await a.executions.settle();
      token = (await a.call('POST', '/api/v1/tokens', admin, { name: 'ci', projectId: 'shop', scopes: ['read'] })).json<{ token: string }>().token;
    });

    afterEach(async () => {
      for (const server of [a, b]) {
        await server?.executions.settle({ abort: true });
        await server?.app.close();
        await server?.store.close();
      }
      await target?.teardown();
    });

    /** A's summary (through the token and its cache), checked against the run as stored, read past every cache. */
    async function summaryOfA(): Promise<string> {
      const response = await a.call('GET', `/api/v1/runs/${runId}/summary`, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      const stored = await b.store.getRun(runId);
      expect(response.json()).toEqual({ id: runId, status: stored?.status, summary: stored?.summary });
      return response.body;
    }

    it('never answers a summary older than the last result, waiver, sign-off or gate change made by another server', async () => {
      const bodies = [await summaryOfA(), await summaryOfA()];
      expect(bodies[1]).toBe(bodies[0]);

      expect((await b.call('POST', `/api/v1/runs/${runId}/items/smoke/verify`, admin, { status: 'fail', note: 'payment page blank' })).status).toBe(200);
      bodies.push(await summaryOfA());
      expect(JSON.parse(bodies.at(-1) ?? '').summary.counts.fail).toBe(1);
      expect(JSON.parse(bodies.at(-1) ?? '').summary.reasons.map((reason: { code: string }) => reason.code)).toContain('blocker');

      const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
      expect((await b.call('POST', `/api/v1/runs/${runId}/items/smoke/waivers`, admin, { reason: 'known issue, fix tomorrow', expiresAt })).status).toBe(201);
      bodies.push(await summaryOfA());
      expect(JSON.parse(bodies.at(-1) ?? '').summary.reasons.map((reason: { code: string }) => reason.code)).not.toContain('blocker');

      expect((await b.call('POST', `/api/v1/runs/${runId}/signoffs`, admin, { role: 'qa' })).status).toBe(201);
      bodies.push(await summaryOfA());
      expect(JSON.parse(bodies.at(-1) ?? '').summary.reasons.map((reason: { code: string }) => reason.code)).not.toContain('signoff.missing');

      expect((await b.call('POST', `/api/v1/runs/${runId}/items/smoke/waivers/revoke`, admin, { reason: 'fixed after all' })).status).toBe(200);
      bodies.push(await summaryOfA());
      expect(JSON.parse(bodies.at(-1) ?? '').summary.gatePassed).toBe(false);

      expect((await b.call('POST', `/api/v1/runs/${runId}/close`, admin)).status).toBe(204);
      bodies.push(await summaryOfA());
      expect(JSON.parse(bodies.at(-1) ?? '').status).toBe('closed');

      // Every change gave a new answer at once (none repeated the one before it).
      for (let index = 2; index < bodies.length; index += 1) expect(bodies[index]).not.toBe(bodies[index - 1]);
    });

    it('follows writes made straight to the store (the CLI or a worker), one after another', async () => {
      for (let round = 0; round < 6; round += 1) {
        await summaryOfA();
        await b.store.recordResult(runId, { result: { itemId: 'docs', status: round % 2 ? 'pass' : 'fail', evidence: { observed: { round } }, durationMs: 0, attempts: [], startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() }, source: 'manual', by: 'admin' }, 'admin');
        const after = JSON.parse(await summaryOfA()) as { summary: { counts: Record<string, number> } };
        expect(after.summary.counts[round % 2 ? 'pass' : 'fail']).toBe(1);
      }
    });

    it('answers 304 to If-None-Match naming the current summary, and the new body once another server changed the run', async () => {
      const auth = { authorization: `Bearer ${token}` };
      const first = await a.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/summary`, headers: auth });
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const unchanged = await a.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/summary`, headers: { ...auth, 'if-none-match': ifNoneMatch } });
        expect(unchanged.statusCode).toBe(304);
        expect(unchanged.body).toBe('');
        expect(unchanged.headers.etag).toBe(etag);
        expect(unchanged.headers['x-frame-options']).toBe('SAMEORIGIN');
      }
      // Another request's ETag, or none, gets the body.
      expect((await a.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/summary`, headers: { ...auth, 'if-none-match': '"other"' } })).statusCode).toBe(200);

      expect((await b.call('POST', `/api/v1/runs/${runId}/items/smoke/verify`, admin, { status: 'pass', note: 'paid 0.01' })).status).toBe(200);
      const changed = await a.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/summary`, headers: { ...auth, 'if-none-match': etag } });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      expect(changed.json<{ summary: { counts: { pass: number } } }>().summary.counts.pass).toBe(1);
      // Another reader that never saw the run (no If-None-Match) gets the same body and ETag from its own cache.
      const fromB = await b.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/summary`, headers: auth });
      expect(fromB.body).toBe(changed.body);
      expect(fromB.headers.etag).toBe(changed.headers.etag);
    });

    it('refuses a token revoked on another server at its next request', async () => {
      await summaryOfA();
      const listed = await b.call('GET', '/api/v1/tokens', admin);
      const tokenId = listed.json<{ tokens: Array<{ id: string }> }>().tokens[0]?.id ?? '';
      expect((await b.call('DELETE', `/api/v1/tokens/${tokenId}`, admin)).status).toBe(200);

      const refused = await a.call('GET', `/api/v1/runs/${runId}/summary`, { authorization: `Bearer ${token}` });
      expect(refused.status).toBe(401);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('auth.required');
    });

    it('drops a member removed on another server, and a session signed out on this one, at the next request', async () => {
      const created = await b.call('POST', '/api/v1/users', admin, { username: 'viewer-zhao', displayName: 'Zhao', password, isAdmin: false });
      const viewerId = created.json<{ id: string }>().id;
      expect((await b.call('PUT', `/api/v1/projects/shop/members/${viewerId}`, admin, { role: 'viewer' })).status).toBe(204);
      const login = await a.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'viewer-zhao', password } });
      const viewer = { cookie: cookieOf(login.headers['set-cookie']), 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
      expect((await a.call('GET', `/api/v1/runs/${runId}/summary`, viewer)).status).toBe(200);

      expect((await b.call('PUT', `/api/v1/projects/shop/members/${viewerId}`, admin, { role: null })).status).toBe(204);
      expect((await a.call('GET', `/api/v1/runs/${runId}/summary`, viewer)).status).toBe(404);

      expect((await a.call('GET', '/api/v1/session', viewer)).status).toBe(200);
      expect((await a.call('DELETE', '/api/v1/session', viewer)).status).toBe(204);
      expect((await a.call('GET', '/api/v1/session', viewer)).status).toBe(401);
    });

    it(`refuses a session signed out on another server once ${sessionCacheMs} ms have passed (a sign-out is not audited)`, async () => {
      expect((await a.call('GET', '/api/v1/session', admin)).status).toBe(200);
      // Only the clock is faked: the cached session's lifetime is measured with Date.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      try {
        expect((await b.call('DELETE', '/api/v1/session', admin)).status).toBe(204);
        expect((await b.call('GET', '/api/v1/session', admin)).status).toBe(401);
        vi.setSystemTime(Date.now() + sessionCacheMs + 1);
        expect((await a.call('GET', '/api/v1/session', admin)).status).toBe(401);
      } finally {
        vi.useRealTimers();
      }
    });
  });
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`audit head read: ${kind}`, () => {
    it('never sees a write transaction that has not committed (and may roll back), even in the same process', async () => {
      const target = await create();
      const { store, backend } = await target.open();
      try {
        const before = await backend.readAuditHead();
        let during: Promise<AuditHead> | undefined;
        const rolledBack = backend.writeTransaction(async (trx) => {
          await trx.updateTable('audit_head').set({ seq: 999_999, hash: 'uncommitted' }).where('id', '=', 1).execute();
          during = backend.readAuditHead();
          throw new Error('roll back');
        });
        await expect(rolledBack).rejects.toThrow('roll back');
        expect(await during).toEqual(before);
        expect(await backend.readAuditHead()).toEqual(before);
      } finally {
        await store.close();
        await target.teardown();
      }
    });
  });
}

describe('head reads shared by concurrent requests', () => {
  /** A head source whose reads finish when the test says, numbered in the order they started. */
  function controlledHeads() {
    const pending: Array<(head: AuditHead) => void> = [];
    return {
      pending,
      read: () => new Promise<AuditHead>((resolve) => pending.push(resolve)),
      finish(index: number, seq: number) {
        pending[index]?.({ seq, hash: `h${seq}` });
      },
    };
  }

  it('never hands a request a read that started before it arrived', async () => {
    const heads = controlledHeads();
    const cache = new HeadCache(heads.read);
    const first = cache.generation();
    // These arrive while read 0 runs: a write may have committed after read 0 began, so they wait for read 1.
    const late = [cache.generation(), cache.generation(), cache.generation()];
    expect(heads.pending).toHaveLength(1);
    heads.finish(0, 1);
    const firstReads = await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(heads.pending).toHaveLength(2);
    heads.finish(1, 2);
    const lateReads = await Promise.all(late);

    expect(new Set(lateReads).size).toBe(1);
    expect(lateReads[0]).not.toBe(firstReads);
  });

  it('reads a synchronous source (SQLite) once per turn of the event loop, after every request waiting for it arrived', async () => {
    let seq = 1;
    let reads = 0;
    const cache = new HeadCache({
      read: async () => ({ seq, hash: `h${seq}` }),
      readNow: () => {
        reads += 1;
        return { seq, hash: `h${seq}` };
      },
    });
    const batch = [cache.generation(), cache.generation(), cache.generation()];
    expect(reads).toBe(0);
    // A write committed after these requests arrived but before the read: they see it.
    seq = 2;
    const generations = await Promise.all(batch);
    expect(reads).toBe(1);
    expect(new Set(generations).size).toBe(1);
    expect(await generations[0]?.memo('seq', async () => seq)).toBe(2);

    // A request arriving once that read has run gets a read of its own, and sees a write made in between.
    seq = 3;
    const later = await cache.generation();
    expect(reads).toBe(2);
    expect(later).not.toBe(generations[0]);
    expect(await later.memo('seq', async () => seq)).toBe(3);
  });

  it('waits for the asynchronous read when the synchronous one cannot answer (inside its own write transaction)', async () => {
    let asyncReads = 0;
    const cache = new HeadCache({
      read: async () => {
        asyncReads += 1;
        return { seq: 7, hash: 'h7' };
      },
      readNow: () => undefined,
    });
    const [one, two] = await Promise.all([cache.generation(), cache.generation()]);
    expect(one).toBe(two);
    expect(asyncReads).toBe(1);
    const failing = new HeadCache({
      read: async () => ({ seq: 1, hash: 'h1' }),
      readNow: () => {
        throw new Error('disk I/O error');
      },
    });
    await expect(failing.generation()).rejects.toThrow('disk I/O error');
  });

  it('keeps values for one head only, and a failed load is not kept', async () => {
    let seq = 1;
    const cache = new HeadCache(async () => ({ seq, hash: `h${seq}` }));
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    const one = await cache.generation();
    expect(await one.memo('k', load)).toBe(1);
    expect(await (await cache.generation()).memo('k', load)).toBe(1);
    seq = 2;
    expect(await (await cache.generation()).memo('k', load)).toBe(2);

    const failing = await cache.generation();
    await expect(failing.memo('bad', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await failing.memo('bad', load)).toBe(3);
  });
});
