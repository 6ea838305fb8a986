import { execFile } from 'node:child_process';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';

/** What one git invocation printed. */
export interface GitOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `git <args>` in `cwd` without a shell. A non-zero exit is returned, not thrown, because
 * several questions (no upstream, no tag at HEAD) are answered by an exit code.
 */
export function git(args: readonly string[], cwd: string, signal: AbortSignal): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        signal,
        maxBuffer: 16 * 1024 * 1024,
        // C locale so messages are parseable; no prompt may ever wait for a password.
        env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          if (signal.aborted) return reject(error);
          if (error.code === 'ENOENT') {
            return reject(new ProbeError(bi('the git program is not installed or not on PATH', '未安装 git 或不在 PATH 中'), { cause: error }));
          }
          return reject(new ProbeError(bi(`git could not run: ${error.message}`, `git 无法运行：${error.message}`), { cause: error }));
        }
        resolvePromise({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Like `git` but a non-zero exit is a ProbeError carrying git's own message. */
export async function gitOk(args: readonly string[], cwd: string, signal: AbortSignal): Promise<string> {
  const output = await git(args, cwd, signal);
  if (output.code !== 0) {
    const message = firstLine(output.stderr) || `exit ${output.code}`;
    throw new ProbeError(bi(`git ${args[0] ?? ''} failed: ${message}`, `git ${args[0] ?? ''} 执行失败：${message}`));
  }
  return output.stdout;
}

export function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

/** Paths from `git status --porcelain=v1 -z`; a rename lists its new path (the old one follows and is skipped). */
export function parsePorcelain(output: string): string[] {
  const entries = output.split('\0');
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index] ?? '';
    if (entry.length < 4) continue;
    paths.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') index += 1;
  }
  return paths;
}
