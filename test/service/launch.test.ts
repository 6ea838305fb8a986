import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAnchor } from '../../src/audit/chain.js';
import { adoptLegacyAudit, auditLog, verifyAudit } from '../../src/service/audit.js';
import { diffWithPrevious } from '../../src/service/diff.js';
import { executeIntoRun } from '../../src/service/execute.js';
import { findRun } from '../../src/service/find-run.js';
import { gateRun } from '../../src/service/gate.js';
import { decideGuard } from '../../src/service/guard.js';
import { listPlanRuns, planHistory } from '../../src/service/history.js';
import { recordManual, signRun, waiveItem } from '../../src/service/people.js';
import { reportRun } from '../../src/service/report.js';
import { closeRun, loadRunnablePlan, recheckSelection, resumeSelection, startRun } from '../../src/service/runs.js';
import { runStatus } from '../../src/service/status.js';
import { openLaunchStore } from '../../src/service/store.js';
import type { Store } from '../../src/store/store.js';
import { startApi, writePlanDir, type TestApi } from '../store/fixtures.js';

const plan = (api: string) => `name: service-launch
roles:
  - { id: qa, title: QA, signoff: true }
items:
  - id: health
    title: API health
    priority: blocker
    check: { kind: http, url: "${api}/ok", expect: ["status == 200"] }
  - id: admin
    title: Admin API
    priority: low
    check: { kind: http, url: "${api}/bad", expect: ["status == 200"] }
  - id: pay
    title: Pay callback on the production domain
    priority: blocker
    manual: open the merchant console
guards:
  - { command: docker compose down -v, reason: keeps the volumes }
  - { command: ./deploy.sh, action: require-gate }
`;

// A whole launch through src/service/ alone: no CLI, no terminal, outcomes as data.
describe('a launch driven through the services', () => {
  let api: TestApi;
  let planDir: string;
  let store: Store;

  beforeAll(async () => {
    api = await startApi();
    planDir = writePlanDir(plan(api.url));
    store = await openLaunchStore({ planDir, env: {} });
  });

  afterAll(async () => {
    await store.close();
    await api.close();
    rmSync(planDir, { recursive: true, force: true });
  });

  it('starts, checks, verifies by hand, waives, signs, gates and remembers', async () => {
    const planPath = join(planDir, 'golive.yaml');
    const source = { planPath, env: {} };
    const loaded = await loadRunnablePlan(source);
    const run = await startRun({ store, loaded, release: 'v1', actor: 'ci', env: {} });
    const seen: string[] = [];
    const controller = new AbortController();

    const executed = await executeIntoRun({ store, run, loaded, actor: 'ci', signal: controller.signal, progress: { start: () => undefined, finish: (item, result) => seen.push(`${item.id}:${result.status}`) } });
    const manual = await recordManual(store, run, source, { itemId: 'pay', status: 'pass', by: '李四', note: 'callback is https://api.shop.cn/pay/notify' });
    const gateBefore = await gateRun(store, run);
    const waiver = await waiveItem(store, run, source, { itemId: 'admin', reason: 'not used by the mini-program', approver: '王总', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), by: 'ci' });
    const signed = await signRun(store, run, source, { role: 'qa', by: '李四', comment: 'looks good' });
    const gateAfter = await gateRun(store, run);
    const status = await runStatus(store, run);

    expect(executed).toEqual({ recorded: 3, interrupted: false });
    expect(seen.sort()).toEqual(['admin:fail', 'health:pass', 'pay:pending']);
    expect(manual.value).toMatchObject({ changed: true, previousStatus: 'pending' });
    expect(manual.notices).toEqual([]);
    expect(gateBefore.gate.passed).toBe(false);
    expect(waiver.value).toMatchObject({ itemId: 'admin', approver: '王总' });
    expect(signed.value).toMatchObject({ role: 'qa', by: '李四', comment: 'looks good' });
    expect(gateAfter.gate.passed).toBe(true);
    expect(signed.summary?.gatePassed).toBe(true);
    expect(status.results.map((result) => `${result.itemId}:${result.status}`)).toEqual(['admin:fail', 'health:pass', 'pay:pass']);

    // The next launch of the same plan: found as the open run, compared with the first, both in the history.
    await store.closeRun(run.id, 'ci');
    const second = await startRun({ store, loaded, release: 'v2', actor: 'ci', env: {} });
    await executeIntoRun({ store, run: second, loaded, actor: 'ci' });
    const history = await planHistory(store, planPath, { limit: 10, misses: 3 });
    const diff = await diffWithPrevious(store, second);

    expect((await findRun(store, planPath, undefined)).id).toBe(second.id);
    expect(history.runs.map((entry) => entry.id)).toEqual([second.id, run.id]);
    expect(history.commonMisses).toEqual([{ itemId: 'admin', failed: 2, of: 2 }]);
    expect(diff).toMatchObject({ from: run.id, to: second.id, stillFailing: [{ id: 'admin', before: 'fail', after: 'fail' }] });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, problems: [] });
  });

  it('reports, resumes, rechecks, closes, lists, audits and guards without a terminal', async () => {
    const planPath = join(planDir, 'golive.yaml');
    const loaded = await loadRunnablePlan({ planPath, env: {} });
    const run = await startRun({ store, loaded, release: 'v3', actor: 'ci', env: {} });

    // Nothing ran yet: the report still lists the whole plan, each item pending and saying why.
    const fresh = await reportRun(store, run);
    const toResume = await resumeSelection(store, run);
    await executeIntoRun({ store, run, loaded, actor: 'ci', filter: { only: new Set(['admin']) } });
    const failedAgain = await recheckSelection(store, run, { failedOnly: true });
    const oneItem = await recheckSelection(store, run, { items: new Set(['health']) });
    const afterAdmin = await reportRun(store, run);

    expect(fresh.view.items.map((entry) => entry.result.status)).toEqual(['pending', 'pending', 'pending']);
    expect(fresh.view.items.find((entry) => entry.item.id === 'health')?.result.evidence.reason?.en).toBe('not run yet in this run');
    expect(fresh.view.items.find((entry) => entry.item.id === 'pay')?.result.evidence.manual).toEqual({ method: 'open the merchant console' });
    expect(fresh.blockerFailed).toBe(false);
    expect(toResume).toMatchObject({ recorded: 0, missing: 3, prior: new Map() });
    expect([...failedAgain.only]).toEqual(['admin']);
    expect(failedAgain.prior.size).toBe(0);
    expect([...oneItem.only]).toEqual(['health']);
    expect([...oneItem.prior]).toEqual([['admin', 'fail']]);
    expect(afterAdmin.commonMisses).toEqual([{ itemId: 'admin', failed: 2, of: 2, now: 'fail' }]);

    await closeRun(store, run, 'ci');
    const runs = await listPlanRuns(store, { planPath, limit: 10 });
    expect(runs[0]).toMatchObject({ id: run.id, status: 'closed' });
    expect(await listPlanRuns(store, { planName: 'another-plan', limit: 10 })).toEqual([]);

    // An audit head seen outside the database proves the trail up to it; a head that was never seen does not.
    const head = await store.auditHead();
    const [seq, hash] = formatAnchor(head).split(':') as [string, string];
    expect(await verifyAudit(store, { seq: Number(seq), hashPrefix: hash })).toMatchObject({ ok: true, problems: [] });
    const forged = await verifyAudit(store, { seq: Number(seq), hashPrefix: hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) });
    expect(forged.ok).toBe(false);
    expect(forged.problems[0]?.en).toBe(`audit entry ${seq} does not have the hash recorded outside the database (the trail up to it was rewritten)`);
    expect((await auditLog(store, { runId: run.id })).map((entry) => entry.action)).toContain('run.close');
    // The trail is keyed from the start here: there is nothing older to adopt.
    await expect(adoptLegacyAudit(store, 'ci')).rejects.toMatchObject({ code: 'audit.already-keyed' });

    // Guards: a forbidden command is refused with the plan's reason; a require-gate one asks the open run's gate.
    const forbidden = await decideGuard({ planPath, argv: ['docker', 'compose', 'down', '-v'], env: {} });
    const gated = await decideGuard({ planPath, argv: ['./deploy.sh'], env: {} });
    const free = await decideGuard({ planPath, argv: ['ls'], env: {} });
    const unguarded = await decideGuard({ planPath: undefined, argv: ['ls'], env: {} });
    expect(forbidden).toMatchObject({ allowed: false });
    expect(!forbidden.allowed && forbidden.why.en).toContain('keeps the volumes');
    expect(gated).toMatchObject({ allowed: false });
    expect(!gated.allowed && gated.why.en).toContain('needs a passed gate');
    expect(free).toEqual({ allowed: true });
    expect(unguarded.allowed && unguarded.notice?.en).toContain('not guarded');
  });
});
