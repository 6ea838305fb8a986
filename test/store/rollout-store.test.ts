import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoliveError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import { storeTargets, testPlan, type StoreTarget } from './setup.js';

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`rollout state in the store: ${kind}`, () => {
    let target: StoreTarget;
    let store: Store;

    beforeEach(async () => {
      target = await create();
      ({ store } = await target.open());
    });

    afterEach(async () => {
      await store?.close();
      await target.teardown();
    });

    it('saves state with compare-and-set, keeps events in order and audits each one', async () => {
      const run = await store.createRun({ plan: testPlan, source: 'name: shop-launch\n', planPath: '/srv/golive.yaml', environment: 'production', release: 'v1', createdBy: 'zhang' });
      const started = { type: 'started', at: '2026-01-17T06:00:00.000Z', by: '张工', message: { en: 'started', zh: '开始' }, data: {} };
      const fired = { type: 'trigger.fired', at: '2026-01-17T07:00:00.000Z', by: 'golive', message: { en: 'fired', zh: '触发' }, data: { values: { error_rate: 0.02 } } };

      const first = await store.saveRollout(run.id, { state: { version: 1, stage: 0 }, expectedVersion: null, events: [started] });
      const second = await store.saveRollout(run.id, { state: { version: 1, stage: 0, status: 'aborted' }, expectedVersion: first, events: [fired] });
      const stale = await store.saveRollout(run.id, { state: { version: 1, stage: 1 }, expectedVersion: first, events: [] }).catch((error: unknown) => error);
      const duplicateStart = await store.saveRollout(run.id, { state: { version: 1 }, expectedVersion: null, events: [] }).catch((error: unknown) => error);

      expect([first, second]).toEqual([1, 2]);
      expect(stale).toBeInstanceOf(GoliveError);
      expect((stale as GoliveError).code).toBe('rollout.conflict');
      expect((duplicateStart as GoliveError).code).toBe('rollout.conflict');
      expect(await store.rollout(run.id)).toMatchObject({ version: 2, state: { status: 'aborted', stage: 0 } });
      expect((await store.rolloutEvents(run.id)).map((event) => [event.seq, event.type, event.by, event.data])).toEqual([
        [1, 'started', '张工', {}],
        [2, 'trigger.fired', 'golive', { values: { error_rate: 0.02 } }],
      ]);
      expect((await store.auditEntries({ runId: run.id })).map((entry) => entry.action)).toEqual(['run.create', 'rollout.started', 'rollout.trigger.fired']);
      expect((await store.verifyAudit()).ok).toBe(true);
    });
  });
}
