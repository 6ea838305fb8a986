import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoliveError } from '../../src/core/errors.js';
import { computeScore } from '../../src/readiness/score.js';
import type { StoreBackend } from '../../src/store/backend.js';
import type { Store } from '../../src/store/store.js';
import type { ItemResult, ResultStatus } from '../../src/core/result.js';
import { rawSql, rejection, type StoreTarget, storeTargets, testPlan } from './setup.js';

/** A check result as the runner makes it. */
export function result(itemId: string, status: ResultStatus, observed: Record<string, unknown> = {}, at = '2026-11-22T10:00:00.000Z'): ItemResult {
  return { itemId, status, evidence: { target: `target of ${itemId}`, observed }, durationMs: 12, attempts: [{ status, durationMs: 12 }], startedAt: at, finishedAt: at };
}

function newRun(store: Store, overrides: { now?: Date; planName?: string } = {}) {
  return store.createRun({
    plan: overrides.planName ? { ...testPlan, name: overrides.planName } : testPlan,
    source: 'name: shop-launch\n',
    planPath: '/srv/shop/golive.yaml',
    environment: 'production',
    release: 'v1.2.3',
    createdBy: 'zhang',
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`store conformance: ${kind}`, () => {
    let target: StoreTarget;
    let store: Store;
    let backend: StoreBackend;

    beforeEach(async () => {
      target = await create();
      ({ store, backend } = await target.open());
    });

    afterEach(async () => {
      // When open() failed there is no store, but the schema or folder still has to go.
      await store?.close();
      await target.teardown();
    });

    it('records mini-program uploads of an open run, audited with who and a forced reason, and refuses a closed run', async () => {
      const run = await newRun(store);
      const packages = [{ name: '__FULL__', size: 2048 }, { name: '__APP__', size: 1024 }];

      const normal = await store.recordUpload(run.id, { appid: 'wx1234567890abcdef', version: '1.4.0', description: '支付回调修复', robot: 2, sizeBytes: 2048, packages, by: 'li', forced: null, now: new Date('2026-11-22T11:00:00Z') });
      const forced = await store.recordUpload(run.id, { appid: 'wx1234567890abcdef', version: '1.4.1', description: 'hotfix', robot: 1, sizeBytes: null, packages: [], by: 'wang', forced: { reason: 'P0', gateReasons: ['Blocker regression not verified yet'] }, now: new Date('2026-11-22T12:00:00Z') });
      await store.closeRun(run.id, 'zhang');
      const closed = await rejection(store.recordUpload(run.id, { appid: 'wx1234567890abcdef', version: '1.4.2', description: 'x', robot: 1, sizeBytes: 1, packages: [], by: 'li', forced: null }));

      expect(await store.uploads(run.id)).toEqual([normal, forced]);
      expect(normal).toMatchObject({ runId: run.id, version: '1.4.0', description: '支付回调修复', robot: 2, sizeBytes: 2048, packages, by: 'li', at: '2026-11-22T11:00:00.000Z', forcedReason: null });
      expect(forced).toMatchObject({ sizeBytes: null, forcedReason: 'P0' });
      const audited = (await store.auditEntries({ runId: run.id })).filter((entry) => entry.action === 'miniprogram.upload');
      expect(audited.map((entry) => [entry.actor, entry.subject, entry.data.forced])).toEqual([
        ['li', '1.4.0', null],
        ['wang', '1.4.1', { reason: 'P0', gateReasons: ['Blocker regression not verified yet'] }],
      ]);
      expect(closed.code).toBe('run.closed');
      expect((await store.verifyAudit()).ok).toBe(true);
    });

    it('creates runs with short readable ids and a snapshot of the plan', async () => {
      const first = await newRun(store, { now: new Date('2026-11-22T08:00:00Z') });
      const second = await newRun(store, { now: new Date('2026-11-22T09:00:00Z') });
      const other = await newRun(store, { now: new Date('2026-11-23T09:00:00Z'), planName: 'other' });

      expect([first.id, second.id, other.id]).toEqual(['r-20261122-0001', 'r-20261122-0002', 'r-20261123-0001']);
      expect(await store.getRun(first.id)).toEqual({ ...first });
      expect(first).toMatchObject({ planName: 'shop-launch', environment: 'production', release: 'v1.2.3', status: 'open', createdBy: 'zhang', createdAt: '2026-11-22T08:00:00.000Z', plan: testPlan, planPath: '/srv/shop/golive.yaml' });
      expect(first.snapshotId).toBe(second.snapshotId);
      expect(first.summary).toMatchObject({ score: 0, gatePassed: false, counts: { pending: 6, pass: 0 } });
      expect((await store.latestRun('shop-launch'))?.id).toBe(second.id);
      expect((await store.listRuns({ planName: 'shop-launch' })).map((run) => run.id)).toEqual([second.id, first.id]);
      expect((await store.listRuns()).map((run) => run.id)).toEqual([other.id, second.id, first.id]);
      expect(await store.getRun('r-19990101-0001')).toBeUndefined();
    });

    it('keeps one current result per item and every change in history; an identical repeat changes nothing', async () => {
      const run = await newRun(store);

      const first = await store.recordResult(run.id, { result: result('api-health', 'fail', { status: 502 }), source: 'check' }, 'golive');
      const repeat = await store.recordResult(run.id, { result: result('api-health', 'fail', { status: 502 }), source: 'check' }, 'golive');
      const fixed = await store.recordResult(run.id, { result: result('api-health', 'pass', { status: 200 }, '2026-11-22T11:00:00.000Z'), source: 'check' }, 'golive');
      await store.recordResult(run.id, { result: result('pay-callback', 'pass'), source: 'manual', by: '李四', note: '已在商户平台确认', evidenceRef: 'https://wiki/x.png' }, '李四');

      expect([first, repeat, fixed]).toEqual([
        { changed: true, version: 1, previousStatus: 'pending' },
        { changed: false, version: 1, previousStatus: 'fail' },
        { changed: true, version: 2, previousStatus: 'fail' },
      ]);
      const current = await store.results(run.id);
      expect(current.map((row) => [row.itemId, row.status, row.version, row.by, row.note, row.evidenceRef])).toEqual([
        ['api-health', 'pass', 2, null, null, null],
        ['pay-callback', 'pass', 1, '李四', '已在商户平台确认', 'https://wiki/x.png'],
      ]);
      expect(current[0]?.evidence).toEqual({ target: 'target of api-health', observed: { status: 200 } });
      expect((await store.resultHistory(run.id, 'api-health')).map((change) => [change.status, change.version, change.evidence.observed])).toEqual([
        ['fail', 1, { status: 502 }],
        ['pass', 2, { status: 200 }],
      ]);
    });

    it('keeps the run summary equal to the score computed from its results', async () => {
      const run = await newRun(store);
      const statuses = { 'api-health': 'pass', 'db-host': 'warn', 'log-level': 'fail', cors: 'pass', docs: 'skip' } as const;

      for (const [itemId, status] of Object.entries(statuses)) await store.recordResult(run.id, { result: result(itemId, status), source: 'check' }, 'golive');

      const stored = await store.getRun(run.id);
      const expected = computeScore(testPlan, await store.results(run.id), [], new Date());
      expect(stored?.summary?.score).toBe(expected.overall);
      expect(stored?.summary?.counts).toEqual({ pass: 2, warn: 1, fail: 1, skip: 1, error: 0, pending: 1 });
      expect(stored?.summary?.reasons.map((reason) => reason.code)).toEqual(['signoff.missing', 'signoff.missing', 'score']);
    });

    it('refuses writes to a missing run, a closed run, or an item not in the run\'s plan', async () => {
      const run = await newRun(store);

      const unknownItem = await rejection(store.recordResult(run.id, { result: result('nope', 'pass'), source: 'check' }, 'x'));
      const unknownRun = await rejection(store.recordResult('r-19990101-0001', { result: result('cors', 'pass'), source: 'check' }, 'x'));
      await store.closeRun(run.id, 'zhang');
      const closed = await rejection(store.addWaiver(run.id, { itemId: 'cors', reason: 'r', approver: 'a', expiresAt: '2030-01-01T00:00:00Z', createdBy: 'x' }));

      expect([unknownItem.code, unknownRun.code, closed.code]).toEqual(['run.unknown-item', 'run.missing', 'run.closed']);
      expect(unknownItem.text.zh).toContain('nope');
      expect((await store.getRun(run.id))?.status).toBe('closed');
    });

    it('records waivers and sign-offs with the state they signed; a blocker change invalidates the sign-off', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('api-health', 'pass'), source: 'check' }, 'golive');
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');

      const waiver = await store.addWaiver(run.id, { itemId: 'cors', reason: 'admin only behind VPN', approver: '王总', expiresAt: '2099-01-01T00:00:00+08:00', createdBy: 'zhang' });
      const signoff = await store.addSignoff(run.id, { role: 'qa', by: '李四' });
      const badRole = await rejection(store.addSignoff(run.id, { role: 'ceo', by: 'x' }));
      const badExpiry = await rejection(store.addWaiver(run.id, { itemId: 'cors', reason: 'r', approver: 'a', expiresAt: 'next week', createdBy: 'x' }));
      await store.recordResult(run.id, { result: result('api-health', 'fail'), source: 'check' }, 'golive');

      expect(waiver).toMatchObject({ itemId: 'cors', approver: '王总', expiresAt: '2098-12-31T16:00:00.000Z', revokedAt: null });
      expect(await store.waivers(run.id)).toEqual([waiver]);
      expect(signoff).toMatchObject({ role: 'qa', by: '李四', blockers: { 'api-health': 'pass', cors: 'fail' } });
      expect(signoff.score).toBe(computeScore(testPlan, [result('api-health', 'pass'), result('cors', 'fail')], [], new Date()).overall);
      expect(await store.signoffs(run.id)).toEqual([signoff]);
      expect([badRole.code, badExpiry.code]).toEqual(['signoff.role', 'waiver.expires']);
      const reasons = (await store.getRun(run.id))?.summary?.reasons ?? [];
      expect(reasons.map((reason) => [reason.code, reason.subject])).toEqual([
        ['blocker', 'api-health'],
        ['signoff.invalidated', 'qa'],
        ['signoff.missing', 'tech-lead'],
        ['score', undefined],
      ]);
    });

    it('revokes the waivers in force of an item: the gate counts it again, the audit trail says who and why', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      const first = await store.addWaiver(run.id, { itemId: 'cors', reason: 'old', approver: 'a', expiresAt: '2099-01-01T00:00:00Z', createdBy: 'zhang' });
      const current = await store.addWaiver(run.id, { itemId: 'cors', reason: 'VPN only', approver: '王总', expiresAt: '2099-06-01T00:00:00Z', createdBy: 'zhang' });
      const waivedReasons = (await store.getRun(run.id))?.summary?.reasons.map((reason) => [reason.code, reason.subject]);

      const revoked = await store.revokeWaivers(run.id, { itemId: 'cors', by: '李四', reason: 'exposed after all', now: new Date('2098-06-01T00:00:00Z') });
      const again = await rejection(store.revokeWaivers(run.id, { itemId: 'cors', by: '李四', reason: 'twice' }));
      const otherItem = await rejection(store.revokeWaivers(run.id, { itemId: 'docs', by: '李四', reason: 'none' }));

      expect(waivedReasons).not.toContainEqual(['blocker', 'cors']);
      expect(revoked.map((waiver) => [waiver.id, waiver.revokedAt])).toEqual([
        [first.id, '2098-06-01T00:00:00.000Z'],
        [current.id, '2098-06-01T00:00:00.000Z'],
      ]);
      expect((await store.waivers(run.id)).every((waiver) => waiver.revokedAt === '2098-06-01T00:00:00.000Z')).toBe(true);
      expect((await store.getRun(run.id))?.summary?.reasons.map((reason) => [reason.code, reason.subject])).toContainEqual(['blocker', 'cors']);
      expect([again.code, otherItem.code]).toEqual(['waiver.none', 'waiver.none']);
      expect(again.text.zh).toContain('cors');
      const audit = await store.auditEntries({ runId: run.id });
      expect(audit.at(-1)).toMatchObject({ action: 'waiver.revoke', actor: '李四', subject: 'cors', data: { ids: [first.id, current.id], reason: 'exposed after all' } });
      expect((await store.verifyAudit()).ok).toBe(true);
    });

    it('counts how often each item failed in the last runs of a plan', async () => {
      const runs = [];
      for (const [index, statuses] of [
        { cors: 'fail', docs: 'pass' },
        { cors: 'error', docs: 'fail' },
        { cors: 'pass', docs: 'pass' },
        { cors: 'fail', docs: 'pass' },
      ].entries()) {
        const run = await newRun(store, { now: new Date(Date.UTC(2026, 10, 20 + index)) });
        for (const [itemId, status] of Object.entries(statuses)) await store.recordResult(run.id, { result: result(itemId, status as ResultStatus), source: 'check' }, 'golive');
        runs.push(run);
      }

      const beforeLast = await store.failureStats('shop-launch', { beforeRunId: runs[3]?.id, lastRuns: 3 });
      const lastTwo = await store.failureStats('shop-launch', { lastRuns: 2 });

      expect(beforeLast).toEqual([
        { itemId: 'cors', failed: 2, of: 3 },
        { itemId: 'docs', failed: 1, of: 3 },
      ]);
      expect(lastTwo).toEqual([{ itemId: 'cors', failed: 1, of: 2 }]);
      expect(await store.failureStats('no-such-plan', { lastRuns: 3 })).toEqual([]);
    });

    it('chains every change in the audit trail and verifies it', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      await store.addWaiver(run.id, { itemId: 'cors', reason: 'r', approver: 'a', expiresAt: '2099-01-01T00:00:00Z', createdBy: 'zhang' });
      await store.addSignoff(run.id, { role: 'qa', by: 'li' });
      await store.closeRun(run.id, 'zhang');

      const entries = await store.auditEntries({ runId: run.id });

      expect(entries.map((entry) => [entry.seq, entry.action, entry.subject])).toEqual([
        [1, 'run.create', 'shop-launch'],
        [2, 'result.record', 'cors'],
        [3, 'waiver.add', 'cors'],
        [4, 'signoff.add', 'qa'],
        [5, 'run.close', null],
      ]);
      expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 5, problems: [] });
    });

    it('detects an edited audit entry, an edited result and removed entries', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      await store.recordResult(run.id, { result: result('docs', 'fail'), source: 'check' }, 'golive');

      await rawSql(backend, `update results set status = 'pass' where item_id = 'cors'`);
      const editedResult = await store.verifyAudit();
      await rawSql(backend, `update audit_log set actor = 'someone else' where seq = 2`);
      const editedEntry = await store.verifyAudit();
      await rawSql(backend, `delete from audit_log where seq = 3`);
      const removedLast = await store.verifyAudit();

      expect(editedResult.ok).toBe(false);
      expect(editedResult.problems.map((problem) => problem.en)).toEqual([`result cors of run ${run.id} differs from its audit trail (changed outside golive)`]);
      expect(editedEntry.problems.map((problem) => problem.en)).toEqual([
        'audit entry 2 (result.record): content does not match its hash (modified)',
        `result cors of run ${run.id} differs from its audit trail (changed outside golive)`,
      ]);
      expect(removedLast.problems.map((problem) => problem.en)).toContain('the audit trail ends at entry 2 but its head records entry 3 (entries were removed at the end, or the head was changed)');
      expect(removedLast.problems.map((problem) => problem.en)).toContain(`result docs of run ${run.id} differs from its audit trail (changed outside golive)`);
    });

    it('serialises concurrent writers in one process: no lost update, versions without gaps', async () => {
      const run = await newRun(store);
      const statuses: ResultStatus[] = ['pass', 'fail', 'warn', 'error'];

      await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          store.recordResult(run.id, { result: result(index % 2 === 0 ? 'cors' : 'docs', statuses[index % 4] ?? 'pass', { index }), source: 'check' }, `writer-${index}`),
        ),
      );

      const history = await store.resultHistory(run.id);
      expect(history.filter((change) => change.itemId === 'cors').map((change) => change.version)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
      expect(history.filter((change) => change.itemId === 'docs')).toHaveLength(12);
      expect((await store.verifyAudit()).ok).toBe(true);
      const current = await store.results(run.id);
      expect((await store.getRun(run.id))?.summary?.score).toBe(computeScore(testPlan, current, [], new Date()).overall);
    });

    it('refuses a database written by a newer golive, with a message in both languages', async () => {
      await rawSql(backend, `insert into golive_migration (name, timestamp) values ('9999_future', '2030-01-01T00:00:00Z')`);
      await store.close();

      const reopened = await target.open().then(
        () => undefined,
        (error: unknown) => error,
      );
      const repair = await reopenRaw(target);
      await rawSql(repair.backend, `delete from golive_migration where name = '9999_future'`);
      await repair.backend.destroy();
      ({ store, backend } = await target.open());

      expect(reopened).toBeInstanceOf(GoliveError);
      expect((reopened as GoliveError).code).toBe('store.newer');
      expect((reopened as GoliveError).text.zh).toContain('请升级 golive');
    });
  });
}

/** Opens the backend without migrating (to repair what a test broke). */
async function reopenRaw(target: StoreTarget): Promise<{ backend: StoreBackend }> {
  const { openSqliteBackend } = await import('../../src/store/sqlite/index.js');
  const { openPostgresBackend } = await import('../../src/store/postgres/index.js');
  const backend = target.kind === 'sqlite' ? await openSqliteBackend({ planDir: target.planDir }) : await openPostgresBackend(target.env.DATABASE_URL ?? '', { planDir: target.planDir });
  return { backend };
}

