/**
 * Plan variables given when a run is started from the dashboard: the server lists what its environment does not
 * supply (as the CLI's terminal prompt asks), refuses a start or recheck without them, runs with them, and never lets
 * a secret one out in clear: not in API responses, the SSE stream, the server log or the database file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, databaseText, login, setupAdmin, startStandIn, testServer, type Browser, type StandIn, type TestServer } from './harness.js';

const password = 'correct horse battery';
/** Typed into the start-run dialog; the server's environment does not have it. */
const typedSecret = 'typedDeployToken-4b8e2f6a9c1d';

const planYaml = `name: vars-launch
variables:
  DEPLOY_TOKEN: { description: Deploy token the health endpoint wants, secret: true, example: dt-… }
  STAGE: { description: Which stage this launch checks }
roles:
  - { id: ops, title: Ops }
items:
  - id: api-health
    title: API health answers 200 for the stage
    priority: blocker
    owner: ops
    check:
      kind: http
      url: \${HEALTH_URL}?stage=\${STAGE}
      headers: { authorization: "Bearer \${DEPLOY_TOKEN}" }
      expect: [status == 200]
`;

describe('plan variables given from the dashboard', () => {
  let standIn: StandIn;
  let server: TestServer;
  let admin: Browser;
  let member: Browser;
  let viewer: Browser;
  let planId: string;
  let runId: string;
  const seen: string[] = [];

  async function call(method: string, url: string, headers: Record<string, string>, payload?: unknown) {
    const response = await server.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
    seen.push(response.body);
    return response;
  }

  beforeAll(async () => {
    standIn = await startStandIn();
    standIn.healthy = true;
    server = await testServer({ HEALTH_URL: standIn.url });
    admin = await setupAdmin(server);
    await call('POST', '/api/v1/projects', as(admin), { id: 'shop', name: 'Shop' });
    for (const [username, role] of [['member-li', 'member'], ['viewer-zhao', 'viewer']] as const) {
      const userId = (await call('POST', '/api/v1/users', as(admin), { username, displayName: username, password })).json<{ id: string }>().id;
      await call('PUT', `/api/v1/projects/shop/members/${userId}`, as(admin), { role });
    }
    member = await login(server, 'member-li', password);
    viewer = await login(server, 'viewer-zhao', password);
    planId = (await call('POST', '/api/v1/projects/shop/plans', as(admin), { source: planYaml })).json<{ plan: { id: string } }>().plan.id;
  });

  afterAll(async () => {
    await server?.close();
    await standIn?.close();
  });

  it('lists the variables the server cannot supply, with the plan\'s descriptions and which are secret', async () => {
    const listed = await call('GET', `/api/v1/plans/${planId}/variables`, as(member));

    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      variables: [
        { name: 'DEPLOY_TOKEN', secret: true, description: 'Deploy token the health endpoint wants', example: 'dt-…' },
        { name: 'STAGE', secret: false, description: 'Which stage this launch checks' },
      ],
    });
  });

  it('refuses a start without them, naming them, and runs with them (the secret reaches the target)', async () => {
    const missing = await call('POST', `/api/v1/plans/${planId}/runs`, as(member), { release: 'v1' });
    const started = await call('POST', `/api/v1/plans/${planId}/runs`, as(member), { release: 'v1', vars: { DEPLOY_TOKEN: typedSecret, STAGE: 'gray' } });
    runId = started.json<{ run: { id: string } }>().run.id;
    await server.launch.executions.settle();
    const run = await call('GET', `/api/v1/runs/${runId}`, as(viewer));

    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'plan.missing-variables', message: { en: expect.stringContaining('DEPLOY_TOKEN, STAGE'), zh: expect.stringContaining('DEPLOY_TOKEN, STAGE') } });
    expect(started.statusCode).toBe(202);
    expect(standIn.authorizations).toContain(`Bearer ${typedSecret}`);
    expect(run.json<{ view: { items: Array<{ result: { status: string } }> } }>().view.items.map((entry) => entry.result.status)).toEqual(['pass']);
  });

  it('asks again for a recheck (nothing is kept), refuses one without them up front, and rechecks with them', async () => {
    const listed = await call('GET', `/api/v1/runs/${runId}/variables`, as(member));
    const refused = await call('POST', `/api/v1/runs/${runId}/items/api-health/recheck`, as(member), {});
    const rechecked = await call('POST', `/api/v1/runs/${runId}/items/api-health/recheck`, as(member), { vars: { DEPLOY_TOKEN: typedSecret, STAGE: 'gray' } });
    await server.launch.executions.settle();

    expect(listed.json<{ variables: Array<{ name: string }> }>().variables.map((variable) => variable.name)).toEqual(['DEPLOY_TOKEN', 'STAGE']);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('plan.missing-variables');
    expect(rechecked.statusCode).toBe(202);
    expect(standIn.authorizations.filter((header) => header === `Bearer ${typedSecret}`)).toHaveLength(2);
  });

  it('authorization: the variable lists are for those who may run (admin, member), not viewers or outsiders', async () => {
    for (const url of [`/api/v1/plans/${planId}/variables`, `/api/v1/runs/${runId}/variables`]) {
      const statuses = await Promise.all([as(admin), as(member), as(viewer), {}].map(async (headers) => (await call('GET', url, headers)).statusCode));
      expect(statuses).toEqual([200, 200, 403, 401]);
    }
  });

  it('never lets the typed secret out: run views, history, audit, the SSE stream, the log, the database file', async () => {
    await call('GET', `/api/v1/plans/${planId}/runs`, as(viewer));
    await call('GET', `/api/v1/runs/${runId}/audit`, as(viewer));
    await call('GET', `/api/v1/runs/${runId}/gate`, as(viewer));
    await call('GET', `/api/v1/plans/${planId}`, as(viewer));
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/runs/${runId}/events`, { headers: { cookie: viewer.cookie }, signal: controller.signal });
    const reader = response.body!.getReader();
    let stream = '';
    while (!stream.includes('\n\n')) stream += new TextDecoder().decode((await reader.read()).value);
    controller.abort();

    expect(stream).toContain('event: run');
    expect(stream).toContain('api-health');
    expect(stream).not.toContain(typedSecret);
    expect(seen.filter((body) => body.includes(typedSecret))).toEqual([]);
    expect(server.log.join('')).not.toContain(typedSecret);
    expect(databaseText(server)).toContain('vars-launch');
    expect(databaseText(server)).not.toContain(typedSecret);
  });
});
