import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { booleanField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';

const commandSchema = checkSchema('command', {
  run: z
    .union([z.array(z.string()).min(1, 'run needs at least the program: [npm, test]'), z.string().min(1)])
    .describe('The program and its arguments as a list ([npm, test]); a command line string only with shell: true'),
  shell: booleanField.optional().describe('Run `run` (a string) through /bin/sh; off by default'),
  cwd: z.string().min(1).optional().describe('Working directory, relative to the plan (default: the plan folder)'),
  env: z.record(z.string(), z.string()).optional().describe('Extra environment variables (added to the inherited ones)'),
}).superRefine((spec, context) => {
  const shell = spec.shell ?? false;
  if (typeof spec.run === 'string' && !shell) {
    context.addIssue({ code: 'custom', path: ['run'], message: 'a command line string needs shell: true; without a shell give a list such as [npm, test]' });
  }
  if (Array.isArray(spec.run) && shell) {
    context.addIssue({ code: 'custom', path: ['run'], message: 'with shell: true give run as one command line string' });
  }
});

export type CommandCheck = z.infer<typeof commandSchema>;

/** The command as a person would type it; arguments with spaces or quotes are quoted. */
function commandLine(run: CommandCheck['run']): string {
  if (typeof run === 'string') return run;
  return run.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** The last `max` characters: test runners print their summary at the end. */
function tail(text: string, max: number): string {
  return text.length > max ? `… (${text.length - max} characters before)\n${text.slice(-max)}` : text;
}

const evidenceChars = 2_048;

async function workingDirectory(planDir: string, cwd: string | undefined): Promise<string> {
  const path = resolve(planDir, cwd ?? '.');
  const found = await stat(path).catch(() => undefined);
  if (!found?.isDirectory()) throw new ProbeError(bi(`working directory does not exist: ${path}`, `工作目录不存在：${path}`));
  return path;
}

export const commandKind = defineCheckKind({
  name: 'command',
  summary: bi('A command exits as expected (tests, builds, scripts); no shell unless asked', '命令按预期退出（测试、构建、脚本）；除非指定，不经过 shell'),
  schema: commandSchema,
  facts: {
    exit_code: bi('exit code, null when ended by a signal', '退出码；被信号终止时为 null'),
    stdout: bi('standard output (first 1 MB)', '标准输出（前 1 MB）'),
    stderr: bi('standard error (first 1 MB)', '标准错误（前 1 MB）'),
    duration: bi('run time in ms', '运行耗时（毫秒）'),
    signal: bi('signal that ended the process (SIGKILL …), else null', '终止进程的信号（SIGKILL 等），否则为 null'),
    truncated: bi('true when stdout or stderr was longer than 1 MB', '标准输出或标准错误超过 1 MB 时为 true'),
  },
  defaultExpect: ['exit_code == 0'],
  defaultTimeoutMs: 120_000,
  secretFields: [],
  describe: (spec) => `command ${commandLine(spec.run)}`,
  async probe(spec, context) {
    const cwd = await workingDirectory(context.planDir, spec.cwd);
    const { outputCap, runProcess } = await import('./_spawn.js');
    const [file = '', ...args] = typeof spec.run === 'string' ? [spec.run] : spec.run;
    const result = await runProcess({ file, args, shell: spec.shell ?? false, cwd, env: { ...process.env, ...spec.env } }, context.signal);

    return {
      facts: {
        exit_code: result.exitCode,
        stdout: result.stdout,
        stderr: result.stderr,
        duration: result.durationMs,
        signal: result.signal,
        truncated: result.truncated,
      },
      evidence: {
        command: commandLine(spec.run),
        cwd,
        exitCode: result.exitCode,
        ...(result.signal ? { signal: result.signal } : {}),
        durationMs: result.durationMs,
        stdout: tail(result.stdout, evidenceChars),
        stderr: tail(result.stderr, evidenceChars),
        ...(result.truncated ? { truncatedAt: outputCap } : {}),
      },
    };
  },
});
