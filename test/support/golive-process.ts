import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const golive = fileURLToPath(new URL('../../bin/golive.js', import.meta.url));

/** A `golive …` child process (the built CLI, embedded SQLite store, English, no colour). */
export interface GoliveChild {
  readonly process: ChildProcess;
  output(): string;
  readonly done: Promise<number | null>;
}

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): GoliveChild {
  const child = spawn(process.execPath, [golive, ...args], { cwd, env: { ...process.env, ...env, DATABASE_URL: '', GOLIVE_LANG: 'en', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output, done: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

export async function cliDone(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = cli(args, cwd, env);
  const code = await child.done;
  return { code, output: child.output() };
}
