import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCheckKindConformance, type ConformanceTargets } from '../../../test/conformance/check-kind-suite.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck, type RunCheckOptions } from '../../runner/run-check.js';
import { commandKind, type CommandCheck } from './index.js';

const node = process.execPath;

function script(source: string, extra: Omit<CommandCheck, 'kind' | 'run'> = {}): CommandCheck {
  return { kind: 'command', run: [node, '-e', source], ...extra };
}

describeCheckKindConformance(commandKind, async (): Promise<ConformanceTargets<CommandCheck>> => {
  const token = 'ghp_conformanceSecretValue1234567890';
  return {
    passing: script('process.stdout.write("ok")', { expect: ['exit_code == 0', 'stdout == "ok"'] }),
    failing: script('process.exit(3)', { expect: ['exit_code == 0'] }),
    hanging: script('setInterval(() => {}, 1000)'),
    // A command that prints a secret it was given through the environment.
    secret: { spec: script('console.log("token=" + process.env.DEPLOY_TOKEN)', { env: { DEPLOY_TOKEN: token } }), value: token },
    teardown: async () => {},
  };
});

/** Running, as opposed to gone or a zombie (killed, but the container's init may not reap it). */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

describe('command kind', () => {
  let planDir: string;
  let options: RunCheckOptions;

  beforeAll(async () => {
    planDir = await mkdtemp(join(tmpdir(), 'golive-command-'));
    await mkdir(join(planDir, 'app'));
    options = { planDir, variables: {}, secrets: createSecretSet() };
  });

  afterAll(() => rm(planDir, { recursive: true, force: true }));

  it('exposes exit code, stdout, stderr and duration', async () => {
    const outcome = await runCheck(commandKind, script('console.log("12 passed"); console.error("1 warning"); process.exit(2)', {
      expect: ['exit_code == 2', 'stdout contains "12 passed"', 'stderr == "1 warning\\n"', 'duration < 10s', 'signal == null'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ exitCode: 2, stdout: '12 passed\n', stderr: '1 warning\n', cwd: planDir });
  });

  it('fails the default expectation (exit_code == 0) on a non-zero exit', async () => {
    const outcome = await runCheck(commandKind, script('process.exit(1)'), options);

    expect(outcome.status).toBe('fail');
    expect(outcome.evidence.conditions?.[0]?.message.en).toContain('1');
  });

  it('passes arguments literally without a shell: nothing is expanded or chained', async () => {
    const outcome = await runCheck(commandKind, { kind: 'command', run: ['echo', '$HOME; touch pwned && echo `id`'] }, options);

    expect(outcome.status).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ stdout: '$HOME; touch pwned && echo `id`\n' });
    await expect(readFile(join(planDir, 'pwned'))).rejects.toThrow();
  });

  it('runs a command line through the shell only with shell: true', async () => {
    const outcome = await runCheck(commandKind, { kind: 'command', run: 'echo golive | tr a-z A-Z', shell: true, expect: ['stdout == "GOLIVE\\n"'] }, options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('refuses a command line string without shell: true, and a list with it', () => {
    const string = commandKind.schema.safeParse({ kind: 'command', run: 'npm test' });
    const list = commandKind.schema.safeParse({ kind: 'command', run: ['npm', 'test'], shell: true });

    expect(string.error?.issues.map((issue) => issue.message)).toEqual(['a command line string needs shell: true; without a shell give a list such as [npm, test]']);
    expect(list.error?.issues.map((issue) => issue.message)).toEqual(['with shell: true give run as one command line string']);
  });

  it('runs in cwd relative to the plan, with extra env on top of the inherited one', async () => {
    const outcome = await runCheck(commandKind, script('console.log(process.cwd() + "|" + process.env.GOLIVE_STAGE + "|" + Boolean(process.env.PATH))', {
      cwd: 'app',
      env: { GOLIVE_STAGE: 'prod' },
      expect: [`stdout == "${join(planDir, 'app')}|prod|true\\n"`],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('errors (not fails) on a missing executable or working directory', async () => {
    const missing = await runCheck(commandKind, { kind: 'command', run: ['golive-no-such-program', '--version'] }, options);
    const noDir = await runCheck(commandKind, script('1', { cwd: 'nowhere' }), options);

    expect(missing.status).toBe('error');
    expect(missing.evidence.reason?.en).toBe('command not found: golive-no-such-program (not on PATH, or no such file)');
    expect(missing.evidence.reason?.zh).toContain('找不到命令');
    expect(noDir.status).toBe('error');
    expect(noDir.evidence.reason?.en).toBe(`working directory does not exist: ${join(planDir, 'nowhere')}`);
  });

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const pidFile = join(planDir, 'grandchild.pid');
    const started = performance.now();

    const outcome = await runCheck(commandKind, { kind: 'command', run: ['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], timeout: '400ms' }, options);

    expect(outcome.status).toBe('error');
    expect(outcome.evidence.reason?.en).toBe('timed out after 400ms');
    expect(performance.now() - started).toBeLessThan(2_000);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await isRunning(grandchild)).toBe(false);
  });

  it('ends a process that ignores SIGTERM with SIGKILL', async () => {
    const pidFile = join(planDir, 'stubborn.pid');

    const outcome = await runCheck(commandKind, script(`require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)`, { timeout: '2s' }), options);

    expect(outcome.status).toBe('error');
    const pid = Number(await readFile(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await isRunning(pid)).toBe(false);
  });

  it('caps captured output at 1 MB per stream and still finishes', async () => {
    const outcome = await runCheck(commandKind, script('const line = "x".repeat(1023) + "\\n"; for (let i = 0; i < 3072; i++) process.stdout.write(line)', {
      expect: ['truncated == true', 'len(stdout) == 1048576', 'exit_code == 0'],
    }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence.conditions)).toBe('pass');
    expect(outcome.evidence.observed).toMatchObject({ truncatedAt: 1024 * 1024 });
    expect((outcome.evidence.observed?.stdout as string).length).toBeLessThan(2_200);
  });

  it('reports the signal that ended a process', async () => {
    const outcome = await runCheck(commandKind, script('process.kill(process.pid, "SIGTERM")', { expect: ['signal == "SIGTERM"', 'exit_code == null'] }), options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
  });

  it('does not wait for a background process holding its output open', async () => {
    const started = performance.now();

    const outcome = await runCheck(commandKind, { kind: 'command', run: 'sleep 5 & echo started', shell: true, expect: ['stdout == "started\\n"'] }, options);

    expect(outcome.status, JSON.stringify(outcome.evidence)).toBe('pass');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('describes the command as a person would type it', () => {
    expect(commandKind.describe({ kind: 'command', run: ['npm', 'run', 'test:unit', "it's here"] })).toBe("command npm run test:unit 'it'\\''s here'");
  });
});
