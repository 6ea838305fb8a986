import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { GoliveError } from '../../src/core/errors.js';
import { computeScore } from '../../src/readiness/score.js';
import { openSqliteBackend, sqlitePath } from '../../src/store/sqlite/index.js';
import { auditKeyOf } from '../../src/store/open.js';
import { createSqlStore } from '../../src/store/sql-store.js';
import { launchPolicy } from '../../src/readiness/policy.js';
import { openLaunchStore as openStore } from '../../src/service/store.js';
import type { Store } from '../../src/store/store.js';
import { golive } from './cli-harness.js';
import { startApi, writePlanDir, type TestApi } from './fixtures.js';
import { postgresBaseUrl, sqliteTarget, storeTargets, testPlan, type StoreTarget } from './setup.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

/** Runs a TypeScript file of this folder as a real child process. */
function child(script: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): ChildProcess & { done: Promise<number | null>; output: () => string } {
  const proc = spawn(process.execPath, ['--import', tsxLoader, join(here, script), ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return Object.assign(proc, { done, output: () => output });
}

function slowPlan(api: string, count: number): string {
  const items = Array.from({ length: count }, (_, index) => `  - { id: step-${index + 1}, title: Step ${index + 1}, check: { kind: http, url: "${api}/slow/${index + 1}", expect: ["status == 200"] } }`);
  return `name: slow-launch\nitems:\n${items.join('\n')}\n`;
}

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`store reliability: ${kind}`, () => {
    let target: StoreTarget;
    let api: TestApi;
    let store: Store;

    beforeEach(async () => {
      target = await create();
      api = await startApi({ slowMs: 150, leak: 'S3cr3t-Planted-DbPass-7f6e5d' });
      // Opening first migrates, so children never race on creating the schema.
      ({ store } = await target.open());
    });

    afterEach(async () => {
      // When open() failed there is no store, but the schema or folder still has to go.
      await store?.close();
      await api.close();
      await target.teardown();
    });

    it('keeps every completed result through kill -9, and resume runs only what is missing, without duplicates', async () => {
      writePlanDir(slowPlan(api.url, 12), {}, target.planDir);
      const run = child('cli-child.ts', ['run', 'start', '--release', 'v9', '--concurrency', '1', '--by', 'ci'], { cwd: target.planDir, env: target.env });
      let recorded = 0;
      for (let waited = 0; recorded < 4 && waited < 20_000; waited += 50) {
        await sleep(50);
        const latest = await store.latestRun('slow-launch');
        recorded = latest ? (await store.results(latest.id)).length : 0;
      }
      run.kill('SIGKILL');
      await run.done;

      const runId = (await store.latestRun('slow-launch'))?.id ?? '';
      const beforeResume = await store.results(runId);
      const hitsBefore = new Map(api.hits);
      const resumed = await golive(['run', 'resume', runId, '--by', 'ci'], { cwd: target.planDir, env: target.env });
      const after = await store.results(runId);
      const history = await store.resultHistory(runId);

      expect(beforeResume.length).toBeGreaterThanOrEqual(4);
      expect(beforeResume.length).toBeLessThan(12);
      expect(resumed.code).toBe(0);
      expect(resumed.err).toContain(`run ${runId}: ${beforeResume.length} result(s) recorded, ${12 - beforeResume.length} to run`);
      expect(after.map((result) => [result.itemId, result.status, result.version]).sort()).toEqual(Array.from({ length: 12 }, (_, index) => [`step-${index + 1}`, 'pass', 1]).sort());
      expect(history).toHaveLength(12);
      for (const result of beforeResume) {
        // Completed before the kill: recorded then, not run again.
        const path = `/slow/${result.itemId.slice('step-'.length)}`;
        expect(api.hits.get(path)).toBe(hitsBefore.get(path));
        expect(after.find((row) => row.itemId === result.itemId)?.recordedAt).toBe(result.recordedAt);
      }
      expect((await store.verifyAudit()).ok).toBe(true);
    });

    it('loses no update when two processes write to the same run at once, and the score stays consistent', async () => {
      const created = await store.createRun({ plan: testPlan, source: '', planPath: null, environment: null, release: 'v1', createdBy: 'ci' });
      const startAt = String(Date.now() + 1_500);
      const rounds = 15;

      const writers = ['checks', 'people'].map((writer) => child('concurrent-writer.ts', [target.planDir, created.id, writer, startAt, String(rounds)], { cwd: target.planDir, env: target.env }));
      const codes = await Promise.all(writers.map((writer) => writer.done));

      expect(codes, writers.map((writer) => writer.output()).join('\n')).toEqual([0, 0]);
      const history = await store.resultHistory(created.id);
      const docs = history.filter((change) => change.itemId === 'docs');
      expect(docs.map((change) => change.version)).toEqual(Array.from({ length: 2 * rounds }, (_, index) => index + 1));
      expect(new Set(docs.map((change) => change.by))).toEqual(new Set(['checks', 'people']));
      expect(history).toHaveLength(rounds * (3 + 1) + rounds * (2 + 1));
      const current = await store.results(created.id);
      const run = await store.getRun(created.id);
      expect(run?.summary?.score).toBe(computeScore(testPlan, current, [], new Date()).overall);
      expect(await store.verifyAudit()).toEqual({ ok: true, entries: 1 + history.length, problems: [] });
    });

    it('stores no secret in plain text: not from env files, requests, responses or the plan', async () => {
      const secrets = { token: 'tok_PLANTED_9a8b7c6d5e4f3a2b1c0d', dbPassword: 'S3cr3t-Planted-DbPass-7f6e5d' };
      const plan = `name: secret-launch
environments:
  production: { envFiles: [.env.production] }
items:
  - id: echo
    title: API echoes its caller
    priority: blocker
    check:
      kind: http
      url: "${api.url}/echo?token=\${API_TOKEN}"
      headers: { Authorization: "Bearer \${API_TOKEN}" }
      expect: ["status == 200", "body.authorization == 'nobody'"]
  - id: db
    title: Database password set
    check: { kind: http, url: "${api.url}/echo?db=\${DB_PASSWORD}", expect: ["status == 200"] }
`;
      writePlanDir(plan, { '.env.production': `API_TOKEN=${secrets.token}\nDB_PASSWORD=${secrets.dbPassword}\n` }, target.planDir);

      const started = await golive(['run', 'start', '-e', 'production', '--release', 'v1', '--format', 'json'], { cwd: target.planDir, env: target.env });
      await store.close();
      const dump = kind === 'sqlite' ? readDatabaseFiles(target.planDir) : pgDump(target.env.DATABASE_URL ?? '');
      ({ store } = await target.open());

      expect(started.out).toContain('"status": "fail"');
      expect(dump).toContain('secret-launch');
      expect(dump).toContain('/echo?token=');
      for (const secret of Object.values(secrets)) {
        expect(started.out).not.toContain(secret);
        expect(dump).not.toContain(secret);
      }
    });

    it('refuses writes to a closed run with a message in both languages', async () => {
      const run = await store.createRun({ plan: testPlan, source: '', planPath: null, environment: null, release: null, createdBy: 'ci' });
      await store.closeRun(run.id, 'ci');

      const closed = await store.recordResult(run.id, { result: { itemId: 'cors', status: 'pass', evidence: {}, durationMs: 0, attempts: [], startedAt: '', finishedAt: '' }, source: 'check' }, 'ci').catch((error: unknown) => error);

      expect(closed).toBeInstanceOf(GoliveError);
      expect((closed as GoliveError).text).toEqual({ en: `run ${run.id} is closed; start a new run`, zh: `运行 ${run.id} 已关闭；请开始新的运行` });
    });
  });
}

function readDatabaseFiles(planDir: string): string {
  const file = sqlitePath(planDir);
  return [file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path)).map((path) => readFileSync(path).toString('latin1') + readFileSync(path).toString('utf8')).join('\n');
}

function pgDump(url: string): string {
  const schema = new URL(url).searchParams.get('schema') ?? '';
  return execFileSync('pg_dump', ['--data-only', '--schema', schema, postgresBaseUrl], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('SQLite file problems get one clear message', () => {
  let target: StoreTarget;

  beforeEach(() => {
    target = sqliteTarget();
  });

  afterEach(async () => {
    await target.teardown();
  });

  it('reports a database locked by another process for longer than the busy timeout', async () => {
    const { store } = await target.open();
    const run = await store.createRun({ plan: testPlan, source: '', planPath: null, environment: null, release: null, createdBy: 'ci' });
    const other = new BetterSqlite3(sqlitePath(target.planDir));
    other.exec('begin exclusive');

    const error = await store.recordResult(run.id, { result: { itemId: 'cors', status: 'pass', evidence: {}, durationMs: 0, attempts: [], startedAt: 'a', finishedAt: 'a' }, source: 'check' }, 'ci').catch((caught: unknown) => caught);
    other.exec('rollback');
    other.close();
    await store.close();

    expect(error).toBeInstanceOf(GoliveError);
    expect((error as GoliveError).code).toBe('store.locked');
    expect((error as GoliveError).text.zh).toContain('被其他进程锁定');
  }, 20_000);

  it('reports a read-only database and a read-only folder', async () => {
    const backend = await openSqliteBackend({ planDir: target.planDir });
    await (await createSqlStore(backend, auditKeyOf(backend), launchPolicy)).close();
    const readOnly = new BetterSqlite3(sqlitePath(target.planDir), { readonly: true });
    let driverError: unknown;
    try {
      readOnly.exec(`insert into audit_head (id, seq, hash) values (2, 0, 'x')`);
    } catch (caught) {
      driverError = caught;
    }
    readOnly.close();
    const folderError = await openStore({ planDir: '/sys/golive-cannot-write-here', env: {} }).catch((caught: unknown) => caught);

    expect((backend.translateError(driverError) as GoliveError).code).toBe('store.readonly');
    expect(folderError).toBeInstanceOf(GoliveError);
    expect((folderError as GoliveError).code).toBe('store.readonly');
    expect((folderError as GoliveError).text.en).toContain('is read-only: golive needs to write there');
  });

  it('reports a file that is not a database', async () => {
    const file = sqlitePath(target.planDir);
    execFileSync('mkdir', ['-p', join(target.planDir, '.golive')]);
    execFileSync('sh', ['-c', `head -c 4096 /dev/urandom > '${file}'`]);

    const error = await openStore({ planDir: target.planDir, env: {} }).catch((caught: unknown) => caught);

    expect((error as GoliveError).code).toBe('store.corrupt');
  });

  it('reports PostgreSQL that cannot be reached, without the password', async () => {
    const error = await openStore({ planDir: '/tmp', env: { DATABASE_URL: 'postgres://golive:hunter2-very-secret@127.0.0.1:1/test' } }).catch((caught: unknown) => caught);

    expect((error as GoliveError).code).toBe('store.unreachable');
    expect((error as GoliveError).text.en).toBe('cannot reach PostgreSQL at postgres://golive:***@127.0.0.1:1/test (DATABASE_URL); is it running?');
  });
});

for (const { kind, available, create } of await storeTargets()) {
  describe.skipIf(!available)(`fresh database opened by several processes at once: ${kind}`, () => {
    it('migrates once and every process gets a working store', async () => {
      const target = await create();
      const procs = Array.from({ length: 4 }, () => spawn(process.execPath, ['--import', tsxLoader, join(here, 'open-child.ts'), target.planDir], { env: target.env, stdio: ['ignore', 'ignore', 'pipe'] }));
      const outcomes = await Promise.all(
        procs.map(
          (proc) =>
            new Promise<string>((resolve) => {
              let stderr = '';
              proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
              proc.on('exit', (code) => resolve(`${code} ${stderr}`.trim()));
            }),
        ),
      );
      const { store } = await target.open();
      const audit = await store.verifyAudit();
      await store.close();
      await target.teardown();

      expect(outcomes).toEqual(['0', '0', '0', '0']);
      expect(audit).toEqual({ ok: true, entries: 0, problems: [] });
    });
  });
}
