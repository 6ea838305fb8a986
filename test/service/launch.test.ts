import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffWithPrevious } from '../../src/service/diff.js';
import { executeIntoRun } from '../../src/service/execute.js';
import { findRun } from '../../src/service/find-run.js';
import { gateRun } from '../../src/service/gate.js';
import { planHistory } from '../../src/service/history.js';
import { recordManual, signRun, waiveItem } from '../../src/service/people.js';
import { loadRunnablePlan, startRun } from '../../src/service/runs.js';
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
    const run = await startRun({ store, loaded, release: 'v1', actor: 'ci' });
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
    const second = await startRun({ store, loaded, release: 'v2', actor: 'ci' });
    await executeIntoRun({ store, run: second, loaded, actor: 'ci' });
    const history = await planHistory(store, planPath, { limit: 10, misses: 3 });
    const diff = await diffWithPrevious(store, second);

    expect((await findRun(store, planPath, undefined)).id).toBe(second.id);
    expect(history.runs.map((entry) => entry.id)).toEqual([second.id, run.id]);
    expect(history.commonMisses).toEqual([{ itemId: 'admin', failed: 2, of: 2 }]);
    expect(diff).toMatchObject({ from: run.id, to: second.id, stillFailing: [{ id: 'admin', before: 'fail', after: 'fail' }] });
    expect(await store.verifyAudit()).toMatchObject({ ok: true, problems: [] });
  });
});
