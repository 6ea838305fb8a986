import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const golive = fileURLToPath(new URL('../../bin/golive.js', import.meta.url));

/** A `golive` child process (the built CLI, `bin/golive.js`), its output collected. */
export interface GoliveProcess {
  /** The last argument: a worker's `--name`. */
  readonly name: string;
  readonly process: ChildProcess;
  readonly done: Promise<number | null>;
  output(): string;
}

/** Starts `golive ARGS`; `detached` gives it a process group of its own, so killing the group kills what it started too. */
export function startGolive(args: string[], cwd: string, env: NodeJS.ProcessEnv, detached = false): GoliveProcess {
  const child = spawn(process.execPath, [golive, ...args], { cwd, env: { ...process.env, GOLIVE_LANG: 'en', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { name: args.at(-1) ?? '', process: child, output: () => output, done: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** Runs `golive ARGS` to the end. */
export async function runGolive(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = startGolive(args, cwd, env);
  const code = await child.done;
  return { code, output: child.output() };
}
