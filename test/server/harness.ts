import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { StoreBackend } from '../../src/store/backend.js';
import { auditKeyOf } from '../../src/store/open.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { openSqliteBackend, sqlitePath } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/store.js';
import { buildApp } from '../../src/server/app.js';
import type { App } from '../../src/server/deps.js';
import { Executions, RunEvents, type LaunchContext } from '../../src/server/launch.js';
import { TeamStore } from '../../src/server/team-store.js';
import { launchPolicy } from '../../src/readiness/policy.js';
import type { StoreTarget } from '../store/setup.js';

/** A value planted in the server's environment and referenced by the plan; it must never come back out. */
export const plantedSecret = 'plantedDeployToken-7c1e9a2b5d3f';

/** The local stand-in the plan's http check probes: a real HTTP server on loopback whose health can be switched. */
export interface StandIn {
  readonly url: string;
  healthy: boolean;
  /** Every Authorization header it received (the planted secret goes there, proving the check used it). */
  readonly authorizations: string[];
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const state = { healthy: false, authorizations: [] as string[] };
  const server: Server = createServer((request, response) => {
    state.authorizations.push(String(request.headers.authorization ?? ''));
    response.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: state.healthy }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/health`,
    get healthy() {
      return state.healthy;
    },
    set healthy(value: boolean) {
      state.healthy = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** The plan every server test uses: one automated blocker against the stand-in, manual items owned by qa and ops. */
export function testPlanYaml(name = 'shop-launch'): string {
  return `name: ${name}
roles:
  - { id: qa, title: QA, signoff: true }
  - { id: ops, title: Ops }
categories:
  - { id: backend, title: Backend }
  - { id: release, title: Release }
phases:
  - { id: prepare, title: Prepare }
  - { id: verify, title: Verify }
items:
  - id: api-health
    title: API health answers 200
    phase: prepare
    category: backend
    priority: blocker
    owner: ops
    check:
      kind: http
      url: \${HEALTH_URL}
      headers: { authorization: "Bearer \${DEPLOY_TOKEN}" }
      expect: [status == 200]
  - id: smoke-test
    title: Smoke test on a real phone
    phase: verify
    category: release
    priority: blocker
    owner: qa
    manual:
      method: order and pay 0.01 on a phone
`;
}

/** An app in-process, the log captured as text. */
export interface TestServer {
  readonly app: App;
  readonly team: TeamStore;
  readonly store: Store;
  readonly backend: StoreBackend;
  readonly launch: LaunchContext;
  readonly dir: string;
  readonly log: string[];
  readonly setupSecret: string;
  close(): Promise<void>;
}

/** An app in-process over a fresh SQLite store, or over `target`'s database (PostgreSQL) when given. */
export async function testServer(env: NodeJS.ProcessEnv, options: { webRoot?: string; target?: StoreTarget } = {}): Promise<TestServer> {
  const dir = options.target?.planDir ?? mkdtempSync(join(tmpdir(), 'golive-serve-'));
  const opened = options.target ? await options.target.open() : undefined;
  const backend = opened?.backend ?? (await openSqliteBackend({ planDir: dir }, sqlitePath(dir)));
  const auditKey = auditKeyOf(backend);
  const store = opened?.store ?? (await createSqlStore(backend, auditKey, launchPolicy));
  const team = new TeamStore(backend, auditKey);
  const log: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      log.push(chunk.toString('utf8'));
      callback();
    },
  });
  const launch: LaunchContext = { store, dataDir: join(dir, '.golive', 'server'), env, events: new RunEvents(), executions: new Executions() };
  const app = await buildApp({ team, launch, secure: false, uploadsDir: join(dir, '.golive', 'server', 'uploads'), logger: { level: 'info', stream }, ...(options.webRoot ? { webRoot: options.webRoot } : {}) });
  const setupSecret = (await team.issueSetupSecret()) ?? '';
  return {
    app,
    team,
    store,
    backend,
    launch,
    dir,
    log,
    setupSecret,
    async close() {
      await launch.executions.settle({ abort: true });
      await app.close();
      await store.close();
      if (options.target) await options.target.teardown();
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A signed-in browser: its cookie and CSRF token. */
export interface Browser {
  readonly cookie: string;
  readonly csrf: string;
  readonly userId: string;
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return (first ?? '').split(';')[0] ?? '';
}

export async function setupAdmin(server: TestServer, username = 'admin', password = 'correct horse battery'): Promise<Browser> {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { secret: server.setupSecret, username, displayName: 'Admin', password } });
  if (response.statusCode !== 201) throw new Error(`setup failed: ${response.body}`);
  const body = response.json<{ csrfToken: string; user: { id: string } }>();
  return { cookie: cookieOf(response.headers['set-cookie']), csrf: body.csrfToken, userId: body.user.id };
}

export async function login(server: TestServer, username: string, password: string): Promise<Browser> {
  const response = await server.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  const body = response.json<{ csrfToken: string; user: { id: string } }>();
  return { cookie: cookieOf(response.headers['set-cookie']), csrf: body.csrfToken, userId: body.user.id };
}

/** Headers of a cookie-authenticated write. */
export function as(browser: Browser): Record<string, string> {
  return { cookie: browser.cookie, 'x-csrf-token': browser.csrf };
}

/** Every byte of the server's SQLite database (the file and its WAL), to search for values that must not be stored. */
export function databaseText(server: TestServer): string {
  const dir = join(server.dir, '.golive');
  return readdirSync(dir)
    .filter((name) => name.startsWith('golive.db'))
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

/**
 * The headers of an authorization-matrix caller: a signed-in browser by name, `anonymous`, or `token-read|run|sign`
 * (a bearer token of that scope).
 */
export function callerHeaders(caller: string, browsers: Readonly<Record<string, Browser>>, tokens: Readonly<Record<'read' | 'run' | 'sign', string>>): Record<string, string> {
  const browser = browsers[caller];
  if (browser) return as(browser);
  if (caller === 'anonymous') return {};
  return { authorization: `Bearer ${tokens[caller.replace('token-', '') as 'read' | 'run' | 'sign']}` };
}

/** Which callers a request lets through: allowed is 2xx or a business refusal (409 …), denied 401, 403 or 404; never a 500. */
export async function whoGetsThrough<C extends string>(callers: readonly C[], send: (caller: C) => Promise<{ statusCode: number; body: string }>): Promise<Record<C, boolean>> {
  const outcome = {} as Record<C, boolean>;
  for (const caller of callers) {
    const response = await send(caller);
    if (response.statusCode >= 500) throw new Error(`${caller}: ${response.statusCode} ${response.body}`);
    outcome[caller] = ![401, 403, 404].includes(response.statusCode);
  }
  return outcome;
}
