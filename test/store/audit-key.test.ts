import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditKeyVariable, loadAuditKey } from '../../src/audit/key.js';
import type { GoliveError } from '../../src/core/errors.js';
import type { StoreBackend } from '../../src/store/backend.js';
import { auditKeyOf } from '../../src/store/open.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { launchPolicy } from '../../src/readiness/policy.js';
import type { ItemResult } from '../../src/core/result.js';
import type { Store } from '../../src/store/store.js';
import { rawSql, rechainWithoutKey, rejection, type StoreTarget, storeTargets, testPlan } from './setup.js';

function result(itemId: string, status: ItemResult['status']): ItemResult {
  const at = '2026-11-22T10:00:00.000Z';
  return { itemId, status, evidence: { target: itemId, observed: {} }, durationMs: 1, attempts: [{ status, durationMs: 1 }], startedAt: at, finishedAt: at };
}

function newRun(store: Store) {
  return store.createRun({ plan: testPlan, source: 'name: shop-launch\n', planPath: '/srv/shop/golive.yaml', environment: 'production', release: 'v1', createdBy: 'zhang' });
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`keyed audit chain: ${kind}`, () => {
    let target: StoreTarget;
    let store: Store;
    let backend: StoreBackend;

    beforeEach(async () => {
      target = await create();
      ({ store, backend } = await target.open());
    });

    afterEach(async () => {
      await store?.close();
      await target.teardown();
    });

    it('catches an entry rewritten by someone who recomputed every unkeyed hash and the head', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      await store.recordResult(run.id, { result: result('docs', 'pass'), source: 'check' }, 'golive');

      await rechainWithoutKey(backend, (entry) => (entry.seq === 2 ? { ...entry, actor: 'someone else' } : entry));
      const verification = await store.verifyAudit();

      expect(verification.ok).toBe(false);
      expect(verification.problems.map((problem) => problem.en)).toContain('audit entry 2 (result.record): content does not match its hash (modified)');
    });

    it('refuses to write with another key and says which key the trail was written with', async () => {
      await newRun(store);
      const keyId = ((await rawSql(backend, 'select key_id from audit_head')) as Array<{ key_id: string }>)[0]?.key_id;
      const other = await createSqlStore(backend, loadAuditKey({ file: '/nonexistent', env: { [auditKeyVariable]: 'another-team-key-of-at-least-32-characters' } }), launchPolicy);

      const error = await rejection(newRun(other));
      const verification = await other.verifyAudit();

      expect(error.code).toBe('audit.key-mismatch');
      expect(error.text.en).toContain(`written with another audit key (key id ${keyId}`);
      expect(error.text.zh).toContain('使用另一把审计密钥写入');
      expect(verification.ok).toBe(false);
      expect(verification.problems[0]?.en).toContain('written with another audit key');
      expect(await store.verifyAudit()).toMatchObject({ ok: true });
    });

    it('reports the head, the newest entry, for anchoring outside the database', async () => {
      const run = await newRun(store);
      await store.addSignoff(run.id, { role: 'qa', by: 'li' });

      const entries = await store.auditEntries();

      expect(await store.auditHead()).toEqual({ seq: 2, hash: entries[1]?.hash });
    });

    it('keys a trail written by an older golive on the open that creates the key, keeping its history', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      // An older golive: unkeyed sha256 chain, no key recorded, no key file.
      await rechainWithoutKey(backend, (entry) => entry);
      await rawSql(backend, 'update audit_head set key_id = null where id = 1');
      await store.close();
      const keyFile = auditKeyOf(backend, target.env).source;
      rmSync(keyFile);

      ({ store, backend } = await target.open());
      await store.recordResult(run.id, { result: result('docs', 'pass'), source: 'check' }, 'golive');
      const entries = await store.auditEntries();

      expect(entries.map((entry) => entry.action)).toEqual(['run.create', 'result.record', 'audit.keyed', 'result.record']);
      expect(entries[2]?.data).toMatchObject({ legacyEntries: 2, legacyIntact: true, legacyHead: entries[1]?.hash });
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 4, problems: [] });
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    });

    it('does not bless a trail re-chained without the key: writes are refused until a person adopts it', async () => {
      const run = await newRun(store);
      await store.recordResult(run.id, { result: result('cors', 'fail'), source: 'check' }, 'golive');
      await rechainWithoutKey(backend, (entry) => (entry.seq === 2 ? { ...entry, actor: 'forger' } : entry));
      await rawSql(backend, 'update audit_head set key_id = null where id = 1');
      await store.close();

      ({ store, backend } = await target.open());
      const refused = await rejection(store.recordResult(run.id, { result: result('docs', 'pass'), source: 'check' }, 'golive'));
      const before = await store.verifyAudit();
      await store.adoptLegacyAudit('admin');
      const after = await store.verifyAudit();
      const marker = (await store.auditEntries()).at(-1);

      expect(refused.code).toBe('audit.unkeyed');
      expect(refused.text.en).toContain('golive audit adopt');
      expect(before.ok).toBe(false);
      expect(after).toMatchObject({ ok: true, entries: 3 });
      expect(marker).toMatchObject({ action: 'audit.keyed', actor: 'admin', data: { legacyEntries: 2, legacyIntact: true } });
    });
  });
}

describe('audit key', () => {
  function thrown(fn: () => unknown): GoliveError | undefined {
    try {
      fn();
    } catch (error) {
      return error as GoliveError;
    }
    return undefined;
  }

  it('refuses a short GOLIVE_AUDIT_KEY and a corrupt key file with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-key-'));
    writeFileSync(join(dir, 'audit.key'), 'not a key\n');

    const weak = thrown(() => loadAuditKey({ file: '/nonexistent', env: { [auditKeyVariable]: 'short' } }));
    const corrupt = thrown(() => loadAuditKey({ file: join(dir, 'audit.key') }));

    expect(weak?.code).toBe('audit.key-weak');
    expect(weak?.text.zh).toContain('至少需要 32 个字符');
    expect(corrupt?.code).toBe('audit.key-corrupt');
    rmSync(dir, { recursive: true });
  });

  it('creates a key file once, 0600, and every later load reads the same key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-key-'));
    const file = join(dir, '.golive', 'audit.key');

    const first = loadAuditKey({ file });
    const second = loadAuditKey({ file });

    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.id).toBe(first.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    rmSync(dir, { recursive: true });
  });
});
