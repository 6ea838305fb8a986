import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { ExampleName, StandInMode } from './spec.js';
import type { Availability, Note } from './stack.js';

/** A stand-in running in its own process. */
export interface StandIn {
  readonly name: ExampleName;
  readonly pid: number;
  readonly vars: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly available: Availability;
  readonly notes: readonly Note[];
  /** Closes its stdin (it stops its servers and exits); SIGKILL after 3 s. */
  stop(): Promise<void>;
}

interface Ready {
  readonly ready?: Omit<StandIn, 'name' | 'pid' | 'stop'>;
  readonly error?: string;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Starts `examples/<name>`'s stand-in in `dir` and waits until it is up (or says why not). */
export async function launchStandIn(name: ExampleName, mode: StandInMode, dir: string): Promise<StandIn> {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), new URL('./process.ts', import.meta.url).pathname, name, mode, dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => JSON.parse(String(line)) as Ready),
    once(child, 'exit').then(([code]) => ({ error: `stand-in process exited with ${String(code)}` }) as Ready),
    once(child, 'error').then(([error]) => ({ error: (error as Error).message }) as Ready),
  ]);
  if (first.ready === undefined) {
    await stopChild(child);
    throw new Error(`${name}: ${first.error ?? 'no answer'}`);
  }
  return { name, pid: child.pid ?? -1, ...first.ready, stop: () => stopChild(child) };
}
