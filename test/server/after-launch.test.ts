// The after-launch API: a run's rollout (read; pause, resume, promote, abort through the service layer), its
// inspections at a glance and its monitors (test/server/monitors.test.ts), in-process, with the authorization matrix
// of every caller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceleratedClock } from '../../src/orchestrate/clock.js';
import { inspectionJobs, inspectionQueue } from '../../src/orchestrate/inspect.js';
import { startRollout } from '../../src/orchestrate/rollout/drive.js';
import { loadPlan } from '../../src/plan/load.js';
import type { InspectionsView, RolloutView } from '../../src/server/api-types.js';
import { grayPlanYaml as planYaml } from './gray-plan.js';
import { as, callerHeaders, login, setupAdmin, testServer, type Browser, type TestServer, whoGetsThrough } from './harness.js';

const password = 'correct horse battery';
const dayMs = 86_400_000;

describe('golive serve after-launch API', () => {
  let server: TestServer;
  let admin: Browser;
  let member: Browser;
  let viewer: Browser;
  let outsider: Browser;
  let runId: string;
  const tokens: Record<'read' | 'run' | 'sign', string> = { read: '', run: '', sign: '' };
  // Three days of plan time have passed since T+0: the first inspection ran, one is left queued (missed).
  const startedAt = Date.parse('2026-12-01T00:00:00Z');

  async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
    return server.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
  }

  beforeAll(async () => {
    // The server reads the orchestration's clock from its environment, as `golive serve` does.
    server = await testServer({ GOLIVE_TIME_SCALE: '1', GOLIVE_TIME_ORIGIN: String(startedAt + 3 * dayMs) });
    admin = await setupAdmin(server);
    expect((await call('POST', '/api/v1/projects', as(admin), { id: 'gray', name: 'Gray' })).statusCode).toBe(201);
    const uploaded = await call('POST', '/api/v1/projects/gray/plans', as(admin), { source: planYaml });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const planId = uploaded.json<{ plan: { id: string } }>().plan.id;
    for (const [name, role] of [['member-li', 'member'], ['viewer-zhao', 'viewer'], ['outsider', null]] as const) {
      const created = await call('POST', '/api/v1/users', as(admin), { username: name, displayName: name, password, isAdmin: false });
      const userId = created.json<{ id: string }>().id;
      if (role) expect((await call('PUT', `/api/v1/projects/gray/members/${userId}`, as(admin), { role })).statusCode).toBe(204);
    }
    member = await login(server, 'member-li', password);
    viewer = await login(server, 'viewer-zhao', password);
    outsider = await login(server, 'outsider', password);
    for (const scope of ['read', 'run', 'sign'] as const) {
      tokens[scope] = (await call('POST', '/api/v1/tokens', as(member), { name: `ci-${scope}`, projectId: 'gray', scopes: [scope] })).json<{ token: string }>().token;
    }
    const started = await call('POST', `/api/v1/plans/${planId}/runs`, as(admin), { release: 'v2.0.0' });
    expect(started.statusCode).toBe(202);
    runId = started.json<{ run: { id: string } }>().run.id;
    await server.launch.executions.settle();
  });

  afterAll(async () => {
    await server?.close();
  });

  const rollout = async (browser: Browser = admin) => (await call('GET', `/api/v1/runs/${runId}/rollout`, as(browser))).json<{ rollout: RolloutView; me: { role: string } }>().rollout;

  it('shows the plan\'s stages and triggers before the rollout starts, and refuses commands until it has', async () => {
    const view = await rollout();
    const promote = await call('POST', `/api/v1/runs/${runId}/rollout/promote`, as(admin), {});

    expect(view.state).toBeNull();
    expect(view.stages.map((stage) => [stage.id, stage.percent, stage.holdMs, stage.manual])).toEqual([
      ['gray-10', 10, dayMs, '点击「灰度发布」10%'],
      ['full', 100, null, '点击「全量发布」'],
    ]);
    expect(view.triggers).toEqual([{ id: 'errors', condition: 'error_rate > 1%', for: '10m', description: '系统错误率持续超过1%', manual: false }]);
    expect(view.rollbackSteps).toEqual(['暂停灰度发布', '恢复上一个稳定版本']);
    expect(view.now).toBeGreaterThanOrEqual(startedAt + 3 * dayMs);
    expect(promote.statusCode).toBe(404);
    expect(promote.json().error.code).toBe('rollout.missing');
  });

  it('takes a person\'s promote, pause, resume and abort through the service layer, each recorded with who', async () => {
    const run = await server.store.getRun(runId);
    if (!run) throw new Error('no run');
    const loaded = await loadPlan(run.planPath ?? '', { env: {}, only: new Set() });
    const clock = acceleratedClock(1, startedAt + 3 * dayMs);
    await startRollout({ store: server.store, clock, loaded, runId }, 'ci');
    // The watcher's first decision: the gray stage is a console step, so it waits for a person.
    await server.store.saveRollout(runId, { state: { ...(await rollout()).state, status: 'waiting', waitingFor: 'stage-step' }, expectedVersion: 1, events: [] });

    const promoted = await call('POST', `/api/v1/runs/${runId}/rollout/promote`, as(member), {});
    const paused = await call('POST', `/api/v1/runs/${runId}/rollout/pause`, as(member), { reason: 'checking a report' });
    const pausedAgain = await call('POST', `/api/v1/runs/${runId}/rollout/pause`, as(admin), {});
    const resumed = await call('POST', `/api/v1/runs/${runId}/rollout/resume`, as(admin), {});
    const aborted = await call('POST', `/api/v1/runs/${runId}/rollout/abort`, as(admin), { reason: 'P0: 支付失败' });
    const late = await call('POST', `/api/v1/runs/${runId}/rollout/promote`, as(admin), {});
    const view = await rollout(viewer);

    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json<{ state: { status: string; applied: boolean } }>().state).toMatchObject({ status: 'running', applied: true });
    expect(paused.json<{ state: { status: string } }>().state.status).toBe('paused');
    expect(pausedAgain.statusCode).toBe(409);
    expect(pausedAgain.json().error.code).toBe('rollout.refused');
    expect(resumed.json<{ state: { status: string } }>().state.status).toBe('running');
    expect(aborted.json<{ state: { status: string } }>().state.status).toBe('aborted');
    expect(late.statusCode).toBe(409);
    expect(view.state?.status).toBe('aborted');
    expect(view.events.map((event) => [event.type, event.by])).toEqual([
      ['started', 'ci'],
      ['stage.applied', 'member-li'],
      ['paused', 'member-li'],
      ['resumed', 'admin'],
      ['aborted', 'admin'],
    ]);
    expect(view.events.at(-1)?.message.zh).toContain('P0: 支付失败');
    expect((await server.store.auditEntries({ runId })).map((entry) => entry.action)).toEqual(expect.arrayContaining([expect.stringMatching(/rollout/)]));
  });

  it('shows the inspections day by day: passed, failed with the failing item, missed, to come', async () => {
    const run = await server.store.getRun(runId);
    if (!run) throw new Error('no run');
    const { jobs } = inspectionJobs(run, run.plan, run.planPath ?? '', startedAt);
    await server.store.enqueueJobs(jobs);
    const first = await server.store.claimJob('w1', new Date(startedAt + dayMs), 60_000, [inspectionQueue]);
    if (!first) throw new Error('nothing due');
    await server.store.finishJob(first.id, 'w1', first.attempts, { status: 'done', result: { counts: { fail: 1 }, failures: [{ itemId: 'health', status: 'fail', reason: { en: 'port 9 is open', zh: '9 端口开着' } }] } });

    const response = await call('GET', `/api/v1/runs/${runId}/inspections`, as(viewer));
    const view = response.json<{ inspections: InspectionsView }>().inspections;

    expect(response.statusCode).toBe(200);
    expect(view.timeZone).toBe('Asia/Shanghai');
    expect(view.startedAt).toBe(startedAt);
    expect(view.inspections.map((inspection) => [inspection.id, inspection.title, inspection.schedule])).toEqual([['t7', '上线后巡检', 'daily 09:00']]);
    // 09:00 in Shanghai is 01:00 UTC: due on 12-01 and 12-02; three days on, the second was never taken up.
    expect(view.jobs.map((job) => [job.day, job.dueAt, job.status, job.failures.map((failure) => failure.itemId)])).toEqual([
      [0, '2026-12-01T01:00:00.000Z', 'done', ['health']],
      [1, '2026-12-02T01:00:00.000Z', 'missed', []],
    ]);
    expect(view.inspections[0]?.days[0]).toMatchObject({ jobs: 1, done: 1, failedItems: 1 });
  });

  const callers = ['admin', 'member', 'viewer', 'outsider', 'anonymous', 'token-read', 'token-run', 'token-sign'] as const;
  type Caller = (typeof callers)[number];
  const matrix: Array<{ route: string; request: () => [string, string, unknown?]; allowed: readonly Caller[] }> = [
    { route: 'GET rollout', request: () => ['GET', `/api/v1/runs/${runId}/rollout`], allowed: ['admin', 'member', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET inspections', request: () => ['GET', `/api/v1/runs/${runId}/inspections`], allowed: ['admin', 'member', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'GET monitors', request: () => ['GET', `/api/v1/runs/${runId}/monitors`], allowed: ['admin', 'member', 'viewer', 'token-read', 'token-run', 'token-sign'] },
    { route: 'pause rollout', request: () => ['POST', `/api/v1/runs/${runId}/rollout/pause`, {}], allowed: ['admin', 'member', 'token-run'] },
    { route: 'resume rollout', request: () => ['POST', `/api/v1/runs/${runId}/rollout/resume`, {}], allowed: ['admin', 'member', 'token-run'] },
    { route: 'promote rollout', request: () => ['POST', `/api/v1/runs/${runId}/rollout/promote`, {}], allowed: ['admin', 'member', 'token-run'] },
    { route: 'abort rollout', request: () => ['POST', `/api/v1/runs/${runId}/rollout/abort`, { reason: 'matrix' }], allowed: ['admin', 'member', 'token-run'] },
  ];

  const headersOf = (caller: Caller): Record<string, string> => callerHeaders(caller, { admin, member, viewer, outsider }, tokens);

  // Allowed: 2xx or a business refusal (409: the rollout is aborted by now); denied: 401, 403 or 404.
  for (const entry of matrix) {
    it(`authorization: ${entry.route}`, async () => {
      const outcome = await whoGetsThrough(callers, (caller) => {
        const [method, url, payload] = entry.request();
        return call(method, url, headersOf(caller), payload);
      });
      expect(outcome).toEqual(Object.fromEntries(callers.map((caller) => [caller, entry.allowed.includes(caller)])));
    });
  }
});
