import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bi } from '../../src/core/text.js';
import { notifyIncident, type IncidentUpdate } from '../../src/notify/incidents.js';
import { RateLimiter } from '../../src/notify/rate-limit.js';
import type { NotificationTarget } from '../../src/plan/schema.js';
import { migrations } from '../../src/store/migrations.js';
import type { Store } from '../../src/store/store.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { rawSql, storeTargets, type StoreTarget } from './setup.js';

let robots: ChatRobotStandIn;
beforeAll(async () => {
  robots = await startChatRobots();
});
afterAll(async () => {
  await robots.close();
});

function update(firing: boolean, now: Date): IncidentUpdate {
  return {
    key: 'trigger:r-20261206-0001:error-rate',
    firing,
    title: firing ? bi('error rate above 1%', '错误率超过 1%') : bi('error rate back under 1%', '错误率恢复到 1% 以下'),
    lines: [bi('error_rate = 2.4%', '错误率 = 2.4%')],
    now,
  };
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`incidents: one alert, one "resolved", across restarts (${kind})`, () => {
    let target: StoreTarget;
    let store: Store;
    let targets: NotificationTarget[];
    const options = () => ({ limiter: new RateLimiter(), attempts: 1, timeoutMs: 3_000 });

    beforeEach(async () => {
      robots.received.length = 0;
      target = await create();
      ({ store } = await target.open());
      targets = [
        { id: 'wecom-team', type: 'wecom', url: robots.urls.wecom },
        { id: 'feishu-team', type: 'feishu', url: robots.urls.feishu, secret: robots.secrets.feishu },
      ];
    });
    afterEach(async () => {
      await store?.close();
      await target.teardown();
    });

    it('firing again and again alerts once per target; a restarted process does not alert again; clearing sends one "resolved"', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');

      const first = await notifyIncident(store, targets, update(true, t0), options());
      const again = await notifyIncident(store, targets, update(true, new Date(t0.getTime() + 30_000)), options());
      await store.close();
      ({ store } = await target.open());
      const afterRestart = await notifyIncident(store, targets, update(true, new Date(t0.getTime() + 60_000)), options());
      const cleared = await notifyIncident(store, targets, update(false, new Date(t0.getTime() + 90_000)), options());
      const clearedAgain = await notifyIncident(store, targets, update(false, new Date(t0.getTime() + 120_000)), options());

      expect(first.map((outcome) => [outcome.target, outcome.message, outcome.delivery?.delivered])).toEqual([
        ['wecom-team', 'alert', true],
        ['feishu-team', 'alert', true],
      ]);
      expect([...again, ...afterRestart, ...clearedAgain].map((outcome) => outcome.message)).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
      expect(cleared.map((outcome) => outcome.message)).toEqual(['resolved', 'resolved']);
      expect(robots.received.map((message) => message.platform).sort()).toEqual(['feishu', 'feishu', 'wecom', 'wecom']);
      expect(robots.received.filter((message) => message.body.includes('已恢复'))).toHaveLength(2);
      expect((await store.incidents()).map((incident) => [incident.target, incident.state, incident.alertedAt !== null, incident.resolvedSentAt !== null])).toEqual([
        ['feishu-team', 'resolved', true, true],
        ['wecom-team', 'resolved', true, true],
      ]);
    });

    it('counts the alerts each target got over every firing (the row is reused), only delivered ones; filters by key', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');
      const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
      robots.script('wecom', { status: 200, body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }) });

      await notifyIncident(store, targets, update(true, at(0)), options());
      await notifyIncident(store, targets, update(false, at(1)), options());
      await notifyIncident(store, targets, update(true, at(2)), options());
      await notifyIncident(store, targets, update(false, at(3)), options());
      await notifyIncident(store, targets, update(true, at(4)), options());
      await store.transitionIncident({ key: 'monitor:r-20261206-0001:cpu', target: 'wecom-team', firing: true, now: at(5) });
      const counted = await store.incidents({ keys: [update(true, t0).key] });

      // wecom refused the first alert: it was sent again at the next evaluation (minute 1 cleared it first, so at minute 2).
      expect(counted.map((incident) => [incident.target, incident.state, incident.alertsSent, incident.alertedAt])).toEqual([
        ['feishu-team', 'firing', 3, at(4).toISOString()],
        ['wecom-team', 'firing', 2, at(4).toISOString()],
      ]);
      expect(await store.incidents({ keys: [] })).toEqual([]);
      expect((await store.incidents()).map((incident) => incident.key)).toContain('monitor:r-20261206-0001:cpu');
    });

    it('a database from before migration 0013 counts one alert for each target its incident already reached', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');
      robots.script('wecom', { status: 200, body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }) });
      await notifyIncident(store, targets, update(true, t0), options());
      await store.close();
      const { store: opened, backend } = await target.open();
      // Back to the schema before 0013: it and every later migration undone, newest first.
      for (const name of Object.keys(migrations).filter((name) => name >= '0013').sort().reverse()) {
        await migrations[name]?.down?.(backend.db);
        await rawSql(backend, `delete from golive_migration where name = '${name}'`);
      }
      await opened.close();

      ({ store } = await target.open());

      expect((await store.incidents()).map((incident) => [incident.target, incident.alertedAt !== null, incident.alertsSent])).toEqual([
        ['feishu-team', true, 1],
        ['wecom-team', false, 0],
      ]);
    });

    it('an alert that could not be delivered is tried again at the next evaluation, and only then counts as sent', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');
      robots.script('wecom', { status: 200, body: JSON.stringify({ errcode: 93000, errmsg: 'invalid webhook url' }) });

      const failed = await notifyIncident(store, targets.slice(0, 1), update(true, t0), options());
      const retried = await notifyIncident(store, targets.slice(0, 1), update(true, new Date(t0.getTime() + 30_000)), options());
      const quiet = await notifyIncident(store, targets.slice(0, 1), update(true, new Date(t0.getTime() + 60_000)), options());

      expect(failed[0]).toMatchObject({ message: 'alert', delivery: { delivered: false } });
      expect(retried[0]).toMatchObject({ message: 'alert', delivery: { delivered: true } });
      expect(quiet[0]?.message).toBe('none');
    });

    it('an incident that clears before anyone was told sends nothing; firing again later is a new incident', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');

      const claimed = await store.transitionIncident({ key: 'monitor:cpu', target: 'wecom-team', firing: true, now: t0 });
      await store.settleIncident({ key: 'monitor:cpu', target: 'wecom-team', message: 'alert', delivered: false });
      const cleared = await store.transitionIncident({ key: 'monitor:cpu', target: 'wecom-team', firing: false, now: new Date(t0.getTime() + 1_000) });
      const back = await store.transitionIncident({ key: 'monitor:cpu', target: 'wecom-team', firing: true, now: new Date(t0.getTime() + 2_000) });

      expect([claimed, cleared, back]).toEqual(['alert', 'none', 'alert']);
    });

    it('a second store (another process) observing while the first is sending does not send too; after the lease it may', async () => {
      const t0 = new Date('2026-12-06T10:00:00Z');
      const { store: other } = await target.open();
      const observe = (each: Store, at: number) => each.transitionIncident({ key: 'monitor:disk', target: 'wecom-team', firing: true, now: new Date(t0.getTime() + at), leaseMs: 60_000 });

      // better-sqlite3 is synchronous: two connections of one process cannot wait on each other, so the stores take turns.
      const answers = [await observe(store, 0), await observe(other, 1_000), await observe(other, 61_000)];
      await other.close();

      expect(answers).toEqual(['alert', 'none', 'alert']);
    });

    it('recordEvent appends a deploy event to the keyed audit chain, and refuses an unknown run', async () => {
      const run = await store.createRun({ plan: { name: 'shop', items: [] }, source: 'name: shop\n', planPath: null, environment: null, release: 'v1.0.0', createdBy: 'ci' });

      const head = await store.recordEvent({ action: 'deploy.finish', runId: run.id, subject: 'v1.0.0', actor: 'ci', data: { command: './deploy.sh', exitCode: 0 } });
      const missing = await store.recordEvent({ action: 'deploy.finish', runId: 'r-20990101-0001', subject: null, actor: 'ci', data: {} }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );

      const entries = await store.auditEntries({ runId: run.id });
      expect(entries.at(-1)).toMatchObject({ seq: head.seq, hash: head.hash, action: 'deploy.finish', data: { command: './deploy.sh', exitCode: 0 } });
      expect((await store.verifyAudit()).ok).toBe(true);
      expect(missing?.message).toMatch(/no run r-20990101-0001/);
    });
  });
}
