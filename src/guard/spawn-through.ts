import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How a wrapped command ended. */
export interface Finished {
  /** The command's exit code; 128 + signal number when a signal ended it; 127 when it could not start. */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not start (ENOENT …), when it could not. */
  readonly startError?: string;
}

/** Runs a command as typed: an argv directly, one word with shell syntax through `sh -c`. */
export function spawnCommand(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; capture: boolean }) {
  const viaShell = argv.length === 1 && /\s|[;&|`$<>]/.test(argv[0] ?? '');
  const [file, ...args] = viaShell ? ['/bin/sh', '-c', argv[0] ?? ''] : argv;
  return spawn(file ?? '', args, { cwd: options.cwd, env: options.env, stdio: options.capture ? ['inherit', 'pipe', 'pipe'] : 'inherit' });
}

/** Waits for a spawned command, forwarding Ctrl-C and SIGTERM to it instead of dying before it. */
export function finished(child: ReturnType<typeof spawn>): Promise<Finished> {
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    const done = (result: Finished) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => done({ code: 127, signal: null, startError: error.code ?? error.message }));
    child.once('close', (code, signal) => done({ code: code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0), signal }));
  });
}
