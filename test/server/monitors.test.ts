// The monitors view of the API (`GET /api/v1/runs/:id/monitors`, `/events?view=monitors`) on SQLite and PostgreSQL:
// monitor states written by the real monitor job handler over the server's store (as `golive worker` would), read
// back as a viewer and a read token; a live stream sees an evaluation made outside the server; the notification
// targets' webhook key and signing secret (from the server's environment) never leave it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorsView } from '../../src/service/monitors-view.js';
import { startChatRobots, type ChatRobotStandIn } from '../stand-ins/chat-robots.js';
import { startPrometheusQueryStandIn, type PrometheusQueryStandIn } from '../stand-ins/prometheus-query.js';
import { storeTargets } from '../store/setup.js';
import { as, login, setupAdmin, testServer, type Browser, type TestServer } from './harness.js';
import { evaluateMinutes, minute, monitorPlanYaml, readings, startMonitors } from './monitor-plan.js';

const password = 'correct horse battery';

let robots: ChatRobotStandIn;
let prometheus: PrometheusQueryStandIn;
beforeAll(async () => {
  robots = await startChatRobots();
  prometheus = await startPrometheusQueryStandIn();
});
afterAll(async () => {
  await prometheus?.close();
  await robots?.close();
});

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`monitors API: ${kind}`, () => {
    let server: TestServer;
    let viewer: Browser;
    let readToken = '';
    let runId = '';
    let env: NodeJS.ProcessEnv = {};
    const promToken = 'promTokenPlanted-4b8e2d6a9c1f';
    const wecomKey = () => new URL(robots.urls.wecom).searchParams.get('key') ?? '';
    // Thirty minutes ago, on a whole minute: the twelve minutes evaluated leave the next evaluation 18 minutes overdue.
    const startedAt = Math.floor(Date.now() / minute) * minute - 30 * minute;
    const at = (minutes: number) => startedAt + minutes * minute;
    /** Every body the server sent in this suite, searched for the planted secrets at the end. */
    const seen: string[] = [];

    const get = async (url: string, headers: Record<string, string>) => {
      const response = await server.app.inject({ method: 'GET', url, headers });
      seen.push(response.body);
      return response;
    };
    const monitors = async (headers: Record<string, string>) => (await get(`/api/v1/runs/${runId}/monitors`, headers)).json<{ monitors: MonitorsView }>().monitors;

    beforeAll(async () => {
      env = { PROM_URL: prometheus.url, PROM_TOKEN: promToken, HOOK_URL: robots.urls.webhook, HOOK_SECRET: robots.secrets.webhook, WECOM_URL: robots.urls.wecom };
      server = await testServer(env, { target: await create() });
      const admin = await setupAdmin(server);
      await server.app.inject({ method: 'POST', url: '/api/v1/projects', headers: as(admin), payload: { id: 'mon', name: 'Monitors' } });
      const uploaded = await server.app.inject({ method: 'POST', url: '/api/v1/projects/mon/plans', headers: as(admin), payload: { source: monitorPlanYaml } });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const created = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: as(admin), payload: { username: 'viewer-zhao', displayName: '赵', password, isAdmin: false } });
      await server.app.inject({ method: 'PUT', url: `/api/v1/projects/mon/members/${created.json<{ id: string }>().id}`, headers: as(admin), payload: { role: 'viewer' } });
      viewer = await login(server, 'viewer-zhao', password);
      readToken = (await server.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: as(admin), payload: { name: 'ci-read', projectId: 'mon', scopes: ['read'] } })).json<{ token: string }>().token;
      const started = await server.app.inject({ method: 'POST', url: `/api/v1/plans/${uploaded.json<{ plan: { id: string } }>().plan.id}/runs`, headers: as(admin), payload: { release: 'v3.1.0' } });
      runId = started.json<{ run: { id: string } }>().run.id;
      await server.launch.executions.settle();
    });

    afterAll(async () => {
      await server?.close();
    });

    it('lists the plan\'s monitors as never evaluated before `golive monitor start`', async () => {
      const view = await monitors(as(viewer));

      expect(view.until).toBeNull();
      expect(view.historyLimit).toBe(60);
      expect(view.monitors.map((row) => [row.id, row.metric, row.state, row.nextDueAt, row.history.length])).toEqual([
        ['error_rate', '错误率', 'never', null, 0],
        ['disk_free', '磁盘剩余', 'never', null, 0],
        ['cpu', 'CPU 使用率', 'never', null, 0],
        ['latency', '接口延迟 P99', 'never', null, 0],
        ['qps', '每秒请求数', 'never', null, 0],
        ['queue', '队列积压', 'never', null, 0],
      ]);
    });

    it('shows each monitor as the worker left it: firing, resolved, breaching, inconclusive, never; values, history, alerts', async () => {
      const run = await server.store.getRun(runId);
      if (!run) throw new Error('no run');
      await startMonitors(server.store, run, startedAt);
      await evaluateMinutes({ store: server.store, env, startedAt, minutes: readings, setValues: (values) => Object.entries(values).forEach(([query, value]) => prometheus.values.set(query, value)) });

      const response = await get(`/api/v1/runs/${runId}/monitors`, { authorization: `Bearer ${readToken}` });
      const view = response.json<{ monitors: MonitorsView }>().monitors;
      const row = (id: string) => view.monitors.find((candidate) => candidate.id === id);

      expect(response.statusCode).toBe(200);
      expect(view.timeZone).toBe('Asia/Shanghai');
      expect(view.until).toBe(startedAt + 7 * 24 * 60 * minute);
      expect(view.monitors.map((candidate) => [candidate.id, candidate.state, candidate.changedAt, candidate.valueText, candidate.evaluations])).toEqual([
        // Over 5% from minute 1: the alert at minute 3 (its `for` of 2m), back under from minute 4: resolved at minute 6.
        ['error_rate', 'resolved', at(6), '1%', 12],
        // Under 10% from minute 7: the alert at minute 10 (3m).
        ['disk_free', 'firing', at(10), '5%', 12],
        // Over 80% since minute 9, under its `for` of 10m.
        ['cpu', 'breaching', at(9), '88%', 12],
        ['latency', 'inconclusive', at(0), '∅', 12],
        ['qps', 'never', null, null, 0],
        ['queue', 'inconclusive', at(0), '∅', 12],
      ]);
      expect(row('error_rate')).toMatchObject({
        threshold: 'value <= 5%',
        for: '2m',
        clearFor: '2m',
        schedule: 'every 1m',
        unit: '%',
        bound: { op: '<=', value: 5 },
        value: 1,
        alerting: false,
        evaluatedAt: at(11),
        notify: [{ id: 'ops', type: 'webhook' }],
        alerts: { count: 1, lastAt: at(3), lastTo: ['ops'], open: false, undelivered: [] },
        nextDueAt: at(12),
        overdue: true,
      });
      expect(row('error_rate')?.history.map((point) => [point.at - startedAt, point.value, point.status])).toEqual(
        [1, 6.3, 7, 8, 3, 2, 1, 1, 1.2, 1, 1.1, 1].map((value, index) => [index * minute, value, index >= 3 && index < 6 ? 'alerting' : 'ok']),
      );
      expect(row('disk_free')).toMatchObject({ bound: { op: '>=', value: 10 }, alerting: true, notify: [{ id: 'wecom-team', type: 'wecom' }], alerts: { count: 1, lastAt: at(10), lastTo: ['wecom-team'], open: true } });
      // No `notify`: all the plan's targets; nothing sent yet.
      expect(row('cpu')).toMatchObject({ notify: [{ id: 'ops', type: 'webhook' }, { id: 'wecom-team', type: 'wecom' }], alerts: { count: 0, lastAt: null, lastTo: [], open: false } });
      expect(row('latency')).toMatchObject({ unit: 'ms', bound: { op: '<=', value: 500 }, hasCheck: false, value: null, reason: { en: expect.stringContaining('has no check') } });
      // Its Prometheus quoted the bearer token back: the reason is shown, the token masked.
      expect(row('queue')?.reason?.en).toContain('refused Bearer ••••');
      expect(prometheus.asked).toContain('echo_authorization');
      expect(row('qps')).toMatchObject({ unit: null, bound: { op: '>=', value: 1 }, nextDueAt: null, overdue: false });
      // The alerts really went out: to the signed generic webhook and the WeCom robot.
      expect(robots.received.filter((message) => message.body.includes(runId)).map((message) => [message.platform, (message.json as { kind?: string } | undefined)?.kind ?? 'markdown'])).toEqual(
        expect.arrayContaining([['webhook', 'alert'], ['webhook', 'resolved'], ['wecom', 'markdown']]),
      );
    });

    it('streams the monitors view live: an evaluation by another process (no audit entry) arrives without a reload', async () => {
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const address = server.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/runs/${runId}/events?view=monitors`, { headers: { cookie: viewer.cookie }, signal: controller.signal });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const nextEvent = async () => {
        while (!text.includes('\n\n')) text += decoder.decode((await reader.read()).value);
        const [event = '', ...rest] = text.split('\n\n');
        text = rest.join('\n\n');
        seen.push(event);
        return { name: event.split('\n').find((line) => line.startsWith('event: '))?.slice(7), data: JSON.parse(event.split('\n').find((line) => line.startsWith('data: '))?.slice(6) ?? 'null') as { monitors: MonitorsView } };
      };

      const first = await nextEvent();
      await evaluateMinutes({ store: server.store, env, startedAt: at(12), minutes: [{ errors: 0.2, disk_free: 0.5, cpu: 0.5 }], setValues: (values) => Object.entries(values).forEach(([query, value]) => prometheus.values.set(query, value)) });
      const second = await nextEvent();
      controller.abort();

      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(first.name).toBe('monitors');
      expect(first.data.monitors.monitors.map((row) => [row.id, row.state, row.evaluations])).toEqual([
        ['error_rate', 'resolved', 12],
        ['disk_free', 'firing', 12],
        ['cpu', 'breaching', 12],
        ['latency', 'inconclusive', 12],
        ['qps', 'never', 0],
        ['queue', 'inconclusive', 12],
      ]);
      expect(second.data.monitors.monitors.map((row) => [row.id, row.state, row.valueText])).toEqual([
        ['error_rate', 'breaching', '20%'],
        ['disk_free', 'firing', '50%'],
        ['cpu', 'ok', '50%'],
        ['latency', 'inconclusive', '∅'],
        ['qps', 'never', null],
        ['queue', 'inconclusive', '∅'],
      ]);
    });

    it('refuses a stream to an outsider and an unknown view', async () => {
      const outsider = await server.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/events?view=monitors` });
      const unknown = await server.app.inject({ method: 'GET', url: `/api/v1/runs/${runId}/events?view=secrets`, headers: as(viewer) });

      expect(outsider.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(400);
    });

    it('documents the route and its answer in the OpenAPI document', async () => {
      const doc = (await get('/api/docs', {})).json<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }> }>();

      const answer = JSON.stringify(doc.paths['/api/v1/runs/{runId}/monitors']?.get?.responses?.['200']);
      expect(answer).toContain('"metric"');
      expect(answer).toContain('never a URL or secret');
    });

    it('never lets a target\'s webhook key or signing secret, or a check\'s token, out: responses, the stream, the log', () => {
      const planted = [wecomKey(), robots.secrets.webhook, promToken];

      expect(planted.every((value) => value.length > 10)).toBe(true);
      expect(seen.length).toBeGreaterThan(4);
      expect(seen.filter((body) => planted.some((value) => body.includes(value)))).toEqual([]);
      expect(planted.filter((value) => server.log.join('').includes(value))).toEqual([]);
    });
  });
}
