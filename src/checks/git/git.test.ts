import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance } from '../../../test/conformance/check-kind-suite.js';
import { listenLoopback, type Listening } from '../../../test/support/net.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { gitKind, type GitCheck } from './index.js';
import { parsePorcelain } from '../_shared/git.js';

const day = 86_400_000;

function sh(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A real repository on branch `main` with one commit, a local identity and no global config involved. */
async function makeRepo(dir: string, branch = 'main'): Promise<string> {
  await mkdir(dir, { recursive: true });
  sh(dir, ['init', '-q', '-b', branch]);
  sh(dir, ['config', 'user.name', 'golive test']);
  sh(dir, ['config', 'user.email', 'test@golive.invalid']);
  sh(dir, ['config', 'commit.gpgsign', 'false']);
  sh(dir, ['config', 'tag.gpgsign', 'false']);
  return dir;
}

async function commit(dir: string, file: string, content: string, subject: string, env: Record<string, string> = {}): Promise<void> {
  await writeFile(join(dir, file), content);
  sh(dir, ['add', file]);
  sh(dir, ['commit', '-q', '-m', subject], env);
}

describeCheckKindConformance(gitKind, async () => {
  const root = await mkdtemp(join(tmpdir(), 'golive-git-conf-'));
  const clean = await makeRepo(join(root, 'clean'));
  await commit(clean, 'README.md', 'hello\n', 'initial');
  const dirty = await makeRepo(join(root, 'dirty'));
  await commit(dirty, 'README.md', 'hello\n', 'initial');
  await writeFile(join(dirty, 'notes.txt'), 'uncommitted');
  // A commit subject is shown in evidence, and people do paste credentials into commit messages.
  const leaky = await makeRepo(join(root, 'leaky'));
  const token = 'ghp_Zx9Qm2Lk8Rt4Vn6Bw1Yc3Ud5Fh7Jp0Sa2Ge4';
  await commit(leaky, 'a.txt', 'a', `rotate deploy token ${token}`);
  // A remote that accepts the connection and never says a word: `git fetch` waits on it forever.
  const silent = await listenLoopback(createServer(() => undefined));
  const hangs = await makeRepo(join(root, 'hangs'));
  await commit(hangs, 'a.txt', 'a', 'initial');
  sh(hangs, ['remote', 'add', 'origin', `git://127.0.0.1:${silent.port}/repo.git`]);
  return {
    passing: { kind: 'git' as const, path: clean },
    failing: { kind: 'git' as const, path: dirty, expect: ['clean == true'] },
    hanging: { kind: 'git' as const, path: hangs, remote: 'origin', branch: 'main', fetch: true },
    secret: { spec: { kind: 'git' as const, path: leaky }, value: token },
    teardown: async () => {
      await silent.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('git kind', () => {
  let root: string;
  let silent: Listening;
  const options = () => ({ planDir: root, variables: {}, secrets: createSecretSet() });
  const run = (spec: Omit<GitCheck, 'kind'>) => runCheck(gitKind, { kind: 'git', ...spec }, options());
  const probe = (spec: Omit<GitCheck, 'kind'>) =>
    gitKind.probe({ kind: 'git', ...spec }, { signal: new AbortController().signal, planDir: root, variables: {}, logger: { debug() {}, info() {}, warn() {} } });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'golive-git-'));
    silent = await listenLoopback(createServer(() => undefined));

    // Seed 000: production branch, release tag v1.2.3-20260213 on HEAD.
    const release = await makeRepo(join(root, 'release'));
    await commit(release, 'app.js', 'v1', 'feat: first release');
    sh(release, ['tag', 'v1.2.2-20260201']);
    await commit(release, 'app.js', 'v2', 'fix: map key injection', { GIT_COMMITTER_DATE: new Date(Date.now() - 2 * day).toISOString() });
    sh(release, ['tag', '-a', 'v1.2.3-20260213', '-m', 'release']);

    const dirty = await makeRepo(join(root, 'dirty'));
    await commit(dirty, 'a.txt', 'a', 'initial');
    await commit(dirty, 'b.txt', 'b', 'second');
    await writeFile(join(dirty, 'a.txt'), 'changed');
    sh(dirty, ['mv', 'b.txt', 'renamed b.txt']);
    await mkdir(join(dirty, 'new'));
    await writeFile(join(dirty, 'new', 'untracked.js'), 'x');

    // A bare "origin", a clone that is one commit ahead, and a second clone that pushes so the first is behind after a fetch.
    const origin = join(root, 'origin.git');
    await mkdir(origin);
    sh(origin, ['init', '-q', '--bare', '-b', 'main']);
    const seed = await makeRepo(join(root, 'seed'));
    await commit(seed, 'a.txt', 'a', 'initial');
    sh(seed, ['remote', 'add', 'origin', origin]);
    sh(seed, ['push', '-q', '-u', 'origin', 'main']);
    sh(root, ['clone', '-q', origin, 'work']);
    const work = join(root, 'work');
    sh(work, ['config', 'user.name', 'golive test']);
    sh(work, ['config', 'user.email', 'test@golive.invalid']);
    await commit(work, 'b.txt', 'b', 'local only');
    await commit(seed, 'c.txt', 'c', 'pushed by someone else');
    sh(seed, ['push', '-q', 'origin', 'main']);

    const detached = await makeRepo(join(root, 'detached'));
    await commit(detached, 'a.txt', 'a', 'one');
    await commit(detached, 'a.txt', 'b', 'two');
    sh(detached, ['checkout', '-q', 'HEAD~1']);

    await makeRepo(join(root, 'empty'));
    await mkdir(join(root, 'plain'));

    const unreachable = await makeRepo(join(root, 'unreachable'));
    await commit(unreachable, 'a.txt', 'a', 'initial');
    sh(unreachable, ['remote', 'add', 'origin', `git://127.0.0.1:${silent.port}/repo.git`]);
  });

  afterAll(async () => {
    await silent.close();
    await rm(root, { recursive: true, force: true });
  });

  it('passes seed 000: committed on a production branch, tagged v1.2.3-20260213 at HEAD', async () => {
    const outcome = await run({
      path: 'release',
      expect: ['branch in ["main", "production"]', 'clean == true', 'head_tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/'],
    });

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('reads branch, head, tags and the last commit', async () => {
    const { facts } = await probe({ path: 'release' });

    expect(facts).toMatchObject({
      branch: 'main',
      clean: true,
      dirty_files: [],
      head_tag: 'v1.2.3-20260213',
      head_tags: ['v1.2.3-20260213'],
      last_commit_subject: 'fix: map key injection',
      upstream: null,
      ahead: null,
      behind: null,
    });
    expect(facts.head).toMatch(/^[0-9a-f]{40}$/);
    expect([...(facts.tags as string[])].sort()).toEqual(['v1.2.2-20260201', 'v1.2.3-20260213']);
    expect(facts.last_commit_age).toBeGreaterThan(2 * day - 60_000);
    expect(facts.last_commit_age).toBeLessThan(2 * day + 60_000);
  });

  it('fails the tag format when HEAD carries no tag', async () => {
    const outcome = await run({ path: 'dirty', expect: ['head_tag matches /^v\\d+\\.\\d+\\.\\d+-\\d{8}$/'] });

    expect(outcome.status).toBe('fail');
  });

  it('lists modified, renamed and untracked files and fails the default expect', async () => {
    const outcome = await run({ path: 'dirty' });
    const { facts } = await probe({ path: 'dirty' });

    expect(outcome.status).toBe('fail');
    expect(facts.clean).toBe(false);
    expect([...(facts.dirty_files as string[])].sort()).toEqual(['a.txt', 'new/untracked.js', 'renamed b.txt']);
    expect(facts.dirty_count).toBe(3);
    expect(outcome.evidence.observed).toMatchObject({ dirty_count: 3 });
  });

  it('counts ahead against the upstream without touching the network, and behind only after fetch: true', async () => {
    const before = await probe({ path: 'work' });
    const fetched = await probe({ path: 'work', fetch: true });

    expect(before.facts).toMatchObject({ upstream: 'origin/main', ahead: 1, behind: 0 });
    expect(fetched.facts).toMatchObject({ upstream: 'origin/main', ahead: 1, behind: 1 });
  });

  it('compares with an explicit remote and branch, fetching it first', async () => {
    const outcome = await run({ path: 'work', remote: 'origin', branch: 'main', fetch: true, expect: ['behind == 1', 'ahead == 1'] });

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('reports a detached HEAD as branch null, which fails a branch condition', async () => {
    const outcome = await run({ path: 'detached', expect: ['branch in ["main", "production"]'] });

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.observed).toMatchObject({ branch: null });
  });

  it('handles a repository without commits', async () => {
    const { facts } = await probe({ path: 'empty' });

    expect(facts).toMatchObject({ branch: 'main', head: null, head_tag: null, tags: [], last_commit_age: null, clean: true });
  });

  it('is an error, with the path, outside a repository and for a missing folder', async () => {
    const plain = await run({ path: 'plain' });
    const missing = await run({ path: 'no-such-folder' });

    expect(plain.status).toBe('error');
    expect(plain.evidence.reason?.en).toContain(`not a git repository: ${join(root, 'plain')}`);
    expect(plain.evidence.reason?.zh).toContain('不是 git 仓库');
    expect(missing.status).toBe('error');
    expect(missing.evidence.reason?.en).toContain('repository folder not found');
  });

  it('is an error naming the ref when the remote branch was never fetched', async () => {
    const outcome = await run({ path: 'work', remote: 'origin', branch: 'release' });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toContain('origin/release');
  });

  it('rejects option-like and malformed refs in the plan', () => {
    expect(gitKind.schema.safeParse({ kind: 'git', remote: '--upload-pack=evil' }).success).toBe(false);
    expect(gitKind.schema.safeParse({ kind: 'git', branch: 'a b' }).success).toBe(false);
    expect(gitKind.schema.safeParse({ kind: 'git', branch: 'release/2026', fetch: 'true' }).success).toBe(true);
  });

  it('times out a fetch from a remote that never answers', async () => {
    const started = performance.now();

    const outcome = await run({ path: 'unreachable', remote: 'origin', branch: 'main', fetch: true, timeout: 500 });

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('parsePorcelain', () => {
  it('takes the new path of a rename and skips the old one', () => {
    expect(parsePorcelain(' M a.txt\0R  new name.txt\0old.txt\0?? x/y.js\0')).toEqual(['a.txt', 'new name.txt', 'x/y.js']);
  });
});
