import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLaunchStore } from '../../src/service/store.js';
import { seedFiles, seedsDir } from '../import/_seeds.js';
import { runCli } from '../support/cli.js';

const run = promisify(execFile);
const golive = resolve('bin/golive.js');

/** Runs the built CLI as a child, as a shell would: real stdio, real exit codes. */
async function shell(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [golive, ...args], { cwd: options.cwd, env: { ...baseEnv, ...options.env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let standIns = '';
let baseEnv: NodeJS.ProcessEnv = {};

beforeAll(() => {
  // A STAND-IN `docker` CLI (no Docker engine here): prints its arguments and exits 3, so pass-through is visible.
  standIns = mkdtempSync(join(tmpdir(), 'golive-guard-bin-'));
  writeFileSync(join(standIns, 'docker'), '#!/bin/sh\necho "docker-stand-in: $*"\necho "to stderr" >&2\nexit 3\n');
  chmodSync(join(standIns, 'docker'), 0o755);
  baseEnv = { PATH: `${standIns}:${process.env.PATH ?? ''}`, DATABASE_URL: '', LANG: 'en_US.UTF-8', HOME: standIns };
});

describe('golive guard with the plan imported from seed 004', () => {
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'golive-guard-'));
    writeFileSync(join(dir, 'checklist.md'), readFileSync(join(seedsDir, seedFiles.s004)));
    const imported = await runCli(['import', 'checklist.md', '-o', 'golive.yaml'], { cwd: dir, env: baseEnv });
    expect(imported.code).toBe(0);
  });

  it.each([
    [['docker', 'compose', 'down', '-v']],
    [['docker-compose', 'down', '--volumes']],
    [['docker', 'compose', '--project-name', 'shop', 'down', '--remove-orphans', '-v']],
    [['sh', '-c', 'cd /srv && docker  compose down "-v"']],
  ])('refuses %j with the plan\'s reason, exit 1, without running it', async (argv) => {
    const result = await shell(['guard', '--', ...argv], { cwd: dir });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/golive guard: refused .*the plan forbids `docker compose down -v` \(checklist\.md:222\) — 禁止执行 docker compose down -v，避免删库删缓存卷。/);
    expect(result.stdout).not.toContain('docker-stand-in');
  });

  it('allows docker compose up -d: runs it with its stdio and passes its exit code through', async () => {
    const result = await shell(['guard', '--', 'docker', 'compose', 'up', '-d'], { cwd: dir });

    expect(result).toEqual({ code: 3, stdout: 'docker-stand-in: compose up -d\n', stderr: 'to stderr\n' });
  });

  it('finds the plan from a subfolder, and says in Chinese why', async () => {
    mkdirSync(join(dir, 'deploy'), { recursive: true });

    const result = await shell(['--lang', 'zh-CN', 'guard', '--', 'docker', 'compose', 'down', '-v'], { cwd: join(dir, 'deploy') });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('golive guard：已拒绝');
  });

  it('the require-gate guard of the seed refuses its exact command while no run passed the gate', async () => {
    const result = await shell(['guard', '--', 'docker', 'compose', '-f', 'docker-compose.prod.yml', '--env-file', '.env.prod', 'up', '-d', '--build', 'mysql', 'redis', 'api', 'caddy'], { cwd: dir });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/needs a passed gate, and there is none: no golive database/);
  });

  it('a command that does not exist is exit 127 with one line', async () => {
    const result = await shell(['guard', '--', 'no-such-program-xyz'], { cwd: dir });

    expect(result.code).toBe(127);
    expect(result.stderr.trim()).toBe('golive guard: cannot run no-such-program-xyz: ENOENT');
  });
});

describe('golive deploy --run', () => {
  const token = 'tok-5b9d2c7e1a3f4e6d8c0b';
  let dir = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'golive-deploy-'));
    writeFileSync(
      join(dir, 'golive.yaml'),
      `name: shop
variables:
  API_TOKEN: { secret: true }
  HEALTHY: { value: "true" }
items:
  - id: health
    title: health check
    priority: blocker
    check: { kind: command, run: ["\${HEALTHY}"] }
guards:
  - command: docker compose down -v
    reason: never drop volumes
  - command: docker compose up
    action: require-gate
`,
    );
  });

  async function startRun(healthy: boolean, release: string): Promise<string> {
    const started = await runCli(['run', 'start', '--release', release, '--var', `HEALTHY=${healthy}`, '--format', 'json', '--by', 'ci'], { cwd: dir, env: { ...baseEnv, API_TOKEN: token } });
    return (JSON.parse(started.stdout) as { run: { id: string } }).run.id;
  }

  it('refuses a run whose gate failed, and records the refusal', async () => {
    const failed = await startRun(false, 'v1.0.0');

    const result = await shell(['deploy', '--run', failed, '--by', 'ci', '--', 'docker', 'compose', 'up', '-d'], { cwd: dir, env: { API_TOKEN: token } });

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/golive deploy: refused: the gate of run r-\d{8}-\d{4} \(v1\.0\.0\) has not passed:\n {2}- /);
    expect(result.stdout).not.toContain('docker-stand-in');
    const store = await openLaunchStore({ planDir: dir, env: baseEnv });
    const entries = await store.auditEntries({ runId: failed });
    await store.close();
    expect(entries.at(-1)).toMatchObject({ action: 'deploy.refused', actor: 'ci', subject: 'v1.0.0', data: { command: 'docker compose up -d' } });
  });

  it('runs for a run whose gate passed: output passes through, exit code too, audit keeps command, code and redacted output', async () => {
    const passed = await startRun(true, 'v1.1.0');
    const script = `echo "deploying $GOLIVE_RELEASE of $GOLIVE_RUN with ${'$'}API_TOKEN"; exit 4`;

    const result = await shell(['deploy', '--run', passed, '--by', 'ci', '--', script], { cwd: dir, env: { API_TOKEN: token } });

    expect(result.code).toBe(4);
    expect(result.stdout).toBe(`deploying v1.1.0 of ${passed} with ${token}\n`);
    expect(result.stderr).toMatch(/exited with 4; recorded in the audit trail \(#\d+\)/);
    const store = await openLaunchStore({ planDir: dir, env: baseEnv });
    const entries = (await store.auditEntries({ runId: passed })).filter((entry) => entry.action.startsWith('deploy.'));
    const verification = await store.verifyAudit();
    await store.close();
    expect(entries.map((entry) => entry.action)).toEqual(['deploy.start', 'deploy.finish']);
    expect(entries[1]?.data).toMatchObject({ exitCode: 4, signal: null, output: expect.stringMatching(/^deploying v1\.1\.0 of r-\d{8}-\d{4} with /) });
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(verification.ok).toBe(true);
  });

  it('refuses another release than the run\'s, and a forbidden command even after the gate passed', async () => {
    const passed = await startRun(true, 'v1.2.0');

    const wrongRelease = await shell(['deploy', '--run', passed, '--release', 'v9.9.9', '--', 'docker', 'compose', 'up', '-d'], { cwd: dir });
    const forbidden = await shell(['deploy', '--run', passed, '--', 'docker-compose', 'down', '--volumes'], { cwd: dir });

    expect(wrongRelease.code).toBe(1);
    expect(wrongRelease.stderr).toMatch(/is for release v1\.2\.0, not v9\.9\.9/);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/the plan forbids `docker compose down -v` — never drop volumes/);
  });

  it('golive guard: a require-gate command runs for a run whose gate passed and is refused for one whose gate failed', async () => {
    const passed = await startRun(true, 'v1.3.0');
    const failed = await startRun(false, 'v1.3.1');

    const allowed = await shell(['guard', '--run', passed, '--', 'docker', 'compose', 'up', '-d'], { cwd: dir });
    const refused = await shell(['guard', '--', 'docker', 'compose', 'up', '-d'], { cwd: dir });

    expect(allowed).toMatchObject({ code: 3, stdout: 'docker-stand-in: compose up -d\n' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`golive guard: refused: \`docker compose up\` needs a passed gate, and run ${failed} (v1.3.1) has not passed:`);
  });

  it('an unknown run is one clear error, exit 2', async () => {
    const result = await shell(['deploy', '--run', 'r-20990101-0001', '--', 'true'], { cwd: dir });

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/no run r-20990101-0001/);
  });
});

describe('golive hook install in a real git repository', () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...baseEnv, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' }, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  it('keeps an existing hook, is idempotent, and refuses a forced push the plan forbids', async () => {
    const root = mkdtempSync(join(tmpdir(), 'golive-hook-'));
    const remote = join(root, 'remote.git');
    const repo = join(root, 'repo');
    git(root, 'init', '-q', '--bare', remote);
    git(root, 'init', '-q', '-b', 'main', repo);
    writeFileSync(join(repo, 'golive.yaml'), 'name: shop\nitems: []\nguards:\n  - command: git push --force\n    reason: 不要强推 main\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    git(repo, 'remote', 'add', 'origin', remote);
    writeFileSync(join(repo, '.git', 'hooks', 'pre-push'), `#!/bin/sh\necho "earlier hook ran for $1" >> "${join(root, 'earlier.log')}"\n`, { mode: 0o755 });

    const first = await shell(['hook', 'install'], { cwd: repo });
    const second = await shell(['hook', 'install', '--rc', join(root, '.bashrc')], { cwd: repo });
    const third = await shell(['hook', 'install', '--rc', join(root, '.bashrc')], { cwd: repo });
    git(repo, 'push', '-q', 'origin', 'main');
    git(repo, 'commit', '-q', '--amend', '-m', 'rewritten');
    let forced = '';
    try {
      git(repo, 'push', '-q', '--force', 'origin', 'main');
    } catch (error) {
      forced = String((error as { stderr: string }).stderr);
    }

    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/pre-push hook installed: .*\.git\/hooks\/pre-push\nthe earlier hook was kept as .*pre-push\.golive-previous and still runs first/);
    expect(second.stderr).toMatch(/pre-push hook already installed/);
    expect(third.stderr).toMatch(/shell functions already in/);
    expect(readFileSync(join(root, '.bashrc'), 'utf8').match(/>>> golive guard >>>/g)).toHaveLength(1);
    expect(first.stdout).toContain('docker() { if [ "$1" = compose ]; then');
    expect(readFileSync(join(root, 'earlier.log'), 'utf8')).toBe('earlier hook ran for origin\nearlier hook ran for origin\n');
    expect(forced).toMatch(/golive guard: refused `git push origin main --force`: the plan forbids `git push --force` — 不要强推 main/);
    expect(git(remote, 'log', '--format=%s', 'main').trim()).toBe('one');
  });

  it('the shell functions route docker compose through the guard and leave other docker commands alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golive-fn-'));
    writeFileSync(join(dir, 'golive.yaml'), 'name: shop\nitems: []\nguards:\n  - command: docker compose down -v\n    reason: volumes hold the database\n');
    const functions = (await shell(['hook', 'install', '--no-git'], { cwd: dir })).stdout;
    writeFileSync(join(dir, 'fns.sh'), functions);

    const refused = await run('bash', ['-c', `. ./fns.sh; docker compose down -v; echo "exit=$?"`], { cwd: dir, env: { ...process.env, ...baseEnv } });
    const other = await run('bash', ['-c', `. ./fns.sh; docker ps; echo "exit=$?"`], { cwd: dir, env: { ...process.env, ...baseEnv } });

    expect(refused.stdout).toBe('exit=1\n');
    expect(refused.stderr).toMatch(/the plan forbids `docker compose down -v` — volumes hold the database/);
    expect(other.stdout).toBe('docker-stand-in: ps\nexit=3\n');
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });
});
