import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { golive } from './cli-harness.js';
import { startApi, writePlanDir, type TestApi } from './fixtures.js';
import { rechainWithoutKey, storeTargets, type StoreTarget } from './setup.js';

function planYaml(api: string): string {
  return `name: shop-launch
roles:
  - { id: qa, title: QA, signoff: true }
categories:
  - { id: backend, weight: 1 }
items:
  - id: health
    title: API health
    category: backend
    priority: blocker
    check: { kind: http, url: "${api}/ok", expect: ["status == 200"] }
  - id: broken
    title: Admin API
    category: backend
    priority: high
    check: { kind: http, url: "${api}/bad", expect: ["status == 200"] }
  - id: pay-callback
    title: Pay callback on the production domain
    category: backend
    priority: blocker
    manual: { method: open the merchant console, expected: production callback URL }
`;
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`golive run commands end to end: ${kind}`, () => {
    let api: TestApi;
    let target: StoreTarget;
    let dir: string;
    const cli = (...args: string[]) => golive(args, { cwd: dir, env: { ...target.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });

    beforeAll(async () => {
      api = await startApi();
      target = await create();
      dir = writePlanDir(planYaml(api.url), {}, target.planDir);
    });

    afterAll(async () => {
      await api.close();
      await target.teardown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('records a run, manual ticks, a waiver and sign-offs, gates it, and remembers misses in the next run', async () => {
      const started = await cli('run', 'start', '--release', 'v1.0.0', '--format', 'json', '--by', 'zhang');
      const first = JSON.parse(started.out) as { run: { id: string; score: { overall: number }; gate: { passed: boolean }; items: Array<{ id: string; status: string; durationMs: number }> } };
      const tick = await cli('item', 'pay-callback', '--pass', '--note', 'callback is https://api.shop.cn/pay/notify', '--by', '李四');
      const waive = await cli('waive', 'broken', '--reason', 'admin API not used by the mini-program', '--approver', '王总', '--expires', '7d', '--by', 'zhang');
      const gateUnsigned = await cli('gate');
      const sign = await cli('sign', '--role', 'qa', '--by', '李四');
      const gateSigned = await cli('gate', '--format', 'json');
      const reopen = await cli('item', 'pay-callback', '--reopen', '--by', '李四');
      const gateReopened = await cli('gate');

      expect(started.code).toBe(0);
      expect(first.run.id).toMatch(/^r-\d{8}-0001$/);
      expect(first.run.items.map((item) => [item.id, item.status])).toEqual([
        ['health', 'pass'],
        ['broken', 'fail'],
        ['pay-callback', 'pending'],
      ]);
      expect(first.run.score.overall).toBe(4);
      expect(tick).toMatchObject({ code: 0, out: 'score 8.0/10, gate not passed\n' });
      expect(tick.err).toContain('pay-callback: pending → pass by 李四');
      expect(waive.code).toBe(0);
      expect(gateUnsigned.code).toBe(1);
      expect(gateUnsigned.out).toContain('  - Sign-off missing: qa (QA)\n');
      expect(gateUnsigned.out).toContain('score 8.0/10, threshold 8\n✖ GATE FAILED (1 reason(s)):');
      expect(sign.out).toContain('signed as qa by 李四 at score 8.0/10');
      expect(gateSigned.code).toBe(0);
      expect(JSON.parse(gateSigned.out)).toMatchObject({ run: first.run.id, gate: { passed: true, reasons: [], threshold: 8 } });
      expect(reopen.code).toBe(0);
      expect(gateReopened.code).toBe(1);
      expect(gateReopened.out).toContain('Sign-off by 李四 for qa (QA) is no longer valid: blocker results changed after signing (pay-callback: pass → pending)');
      const waivedStatus = await cli('run', 'status');
      const revoke = await cli('waive', 'broken', '--revoke', '--reason', 'the mini-program calls it after all', '--by', '王总');
      const revokedStatus = await cli('run', 'status');
      const revokeAgain = await cli('waive', 'broken', '--revoke', '--reason', 'twice');
      expect(waivedStatus.out).toContain('⚑');
      expect(revoke).toMatchObject({ code: 0, out: `${first.run.id} · broken: 1 waiver(s) revoked; the gate counts the item again\n` });
      expect(revokedStatus.out).not.toContain('⚑');
      expect(revokeAgain.code).toBe(2);
      expect(revokeAgain.err).toContain('broken has no waiver in force');

      const second = await cli('run', 'start', '--release', 'v1.0.1', '--by', 'zhang');
      const secondId = /run (r-\d{8}-\d{4}) started/.exec(second.err)?.[1] ?? '';
      const history = await cli('history');
      const diff = await cli('diff', first.run.id, secondId, '--format', 'json');
      const status = await cli('run', 'status', '--run', first.run.id);
      const list = await cli('run', 'list', '--format', 'json');
      const audit = await cli('audit', 'verify');

      expect(second.out.startsWith('Common misses (failed in earlier launches):\n  ↺ broken: failed in 1 of the last 1 launches — now fail\n')).toBe(true);
      expect(history.out).toContain('Common misses:\n  ↺ broken: failed in 2 of the last 2 launches\n');
      expect(history.out.split('\n').filter((line) => line.startsWith('r-'))).toHaveLength(2);
      expect(JSON.parse(diff.out)).toEqual({
        diff: { from: first.run.id, to: secondId, newlyFailing: [], fixed: [], stillFailing: [{ id: 'broken', before: 'fail', after: 'fail' }], changedEvidence: [{ id: 'pay-callback', before: 'pending', after: 'pending' }] },
      });
      expect(status.out).toContain('李四');
      expect((JSON.parse(list.out) as { runs: Array<{ id: string }> }).runs.map((run) => run.id)).toEqual([secondId, first.run.id]);
      expect(audit).toMatchObject({ code: 0 });
      expect(audit.out).toMatch(/^✔ audit trail intact: \d+ entries/);
    });

    it("redacts the plan's secret values from typed notes and waiver reasons, even when no scan rule knows their format", async () => {
      const password = 'correct-horse-battery-staple';
      const secretPlan = `name: secret-notes
variables:
  ADMIN_PASS: { secret: true }
items:
  - id: admin-login
    title: Admin console login works
    priority: high
    manual: log in as admin with \${ADMIN_PASS}
`;
      const planDir = writePlanDir(secretPlan);
      const env = { ...target.env, ADMIN_PASS: password, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
      const run = (...args: string[]) => golive(args, { cwd: planDir, env });

      await run('run', 'start', '--release', 'v1', '--by', 'zhang');
      const tick = await run('item', 'admin-login', '--fail', '--note', `logged in with ${password} but the 2FA page is blank`, '--by', '李四');
      const waive = await run('waive', 'admin-login', '--reason', `only ops know ${password}`, '--approver', '王总', '--expires', '7d');
      const status = await run('run', 'status', '--format', 'json');
      const audit = await run('audit', 'log', '--format', 'json');

      expect([tick.code, waive.code, status.code]).toEqual([0, 0, 0]);
      for (const output of [tick.out, tick.err, waive.out, status.out, audit.out]) expect(output).not.toContain(password);
      expect(status.out).toContain('but the 2FA page is blank');
      rmSync(planDir, { recursive: true, force: true });
    });

    it('prints the audit head on gate and sign; verify --head and a keyed chain catch a trail rewritten without the key', async () => {
      await cli('run', 'start', '--release', 'v2.0.0', '--by', 'zhang');
      const sign = await cli('sign', '--role', 'qa', '--by', '李四');
      const gate = await cli('gate', '--format', 'json');
      const anchor = (JSON.parse(gate.out) as { auditHead: string }).auditHead;
      const intact = await cli('audit', 'verify', '--head', anchor);
      const { store, backend } = await target.open();
      const seq = Number(anchor.split(':')[0]);
      await rechainWithoutKey(backend, (entry) => (entry.seq === seq ? { ...entry, actor: 'forger' } : entry));
      await store.close();
      const rewritten = await cli('audit', 'verify', '--head', anchor);
      const badAnchor = await cli('audit', 'verify', '--head', 'yesterday');

      expect(sign.out).toContain(`Audit head ${anchor} (keep it; \`golive audit verify --head ${anchor}\``);
      expect(anchor).toMatch(/^\d+:[0-9a-f]{16}$/);
      expect(intact).toMatchObject({ code: 0 });
      expect(rewritten.code).toBe(1);
      expect(rewritten.out).toContain(`audit entry ${seq} does not have the hash recorded outside the database`);
      expect(rewritten.out).toContain(`audit entry ${seq} (signoff.add): content does not match its hash (modified)`);
      expect(badAnchor.code).toBe(2);
      expect(badAnchor.err).toContain('expected SEQ:HASH');
    });

    it('explains usage mistakes and a missing database instead of failing with a stack', async () => {
      const empty = writePlanDir(planYaml(api.url));

      const noFlag = await cli('item', 'health');
      const badExpiry = await cli('waive', 'broken', '--reason', 'r', '--approver', 'a', '--expires', 'soonish');
      const noApprover = await cli('waive', 'broken', '--reason', 'r', '--expires', '7d');
      const revokeWithExpiry = await cli('waive', 'broken', '--revoke', '--reason', 'r', '--expires', '7d');
      const unknownRun = await cli('gate', 'r-19990101-0001');
      const noDb = await golive(['run', 'status'], { cwd: empty, env: { ...process.env, DATABASE_URL: '' } });

      expect(noFlag).toMatchObject({ code: 2, err: 'golive: give exactly one of --pass, --fail, --na, --reopen\n' });
      expect(badExpiry.err).toContain('--expires takes a duration (7d, 12h) or a date (2026-12-01), got "soonish"');
      expect(noApprover).toMatchObject({ code: 2, err: 'golive: a waiver needs --approver\n' });
      expect(revokeWithExpiry).toMatchObject({ code: 2, err: 'golive: --revoke takes back waivers: it has no --approver or --expires\n' });
      expect(unknownRun.code).toBe(2);
      expect(unknownRun.err).toContain('no run r-19990101-0001');
      expect(noDb.code).toBe(2);
      expect(noDb.err).toContain('nothing was recorded for this plan yet');
      rmSync(empty, { recursive: true, force: true });
    });
  });
}
