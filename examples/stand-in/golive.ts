import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StandIn } from './launch.js';
import { examplesDir } from './spec.js';

export const goliveBin = join(examplesDir, '..', 'bin', 'golive.js');

/** What one golive command printed, and its exit code. */
export interface GoliveRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** golive processes still running, so an interrupted demo can stop them too. */
export const runningGolive = new Set<ChildProcess>();

/** Runs the real CLI (`bin/golive.js`) with the stand-in's environment: its CA, DOCKER_HOST, the team's repository. */
export function golive(args: readonly string[], standIn: Pick<StandIn, 'env'>, cwd = examplesDir): Promise<GoliveRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [goliveBin, ...args], { cwd, env: { ...process.env, ...standIn.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    runningGolive.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      runningGolive.delete(child);
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
  });
}

/** `golive run start` for the example's plan, with the stand-in's variables. */
export function runStartArgs(planFile: string, standIn: Pick<StandIn, 'vars'>, release = 'demo'): string[] {
  return ['run', 'start', '-p', planFile, '--release', release, '--format', 'json', ...Object.entries(standIn.vars).flatMap(([name, value]) => ['--var', `${name}=${value}`])];
}

/** One item of a run, as `--format json` gives it. */
export interface RunItem {
  readonly id: string;
  readonly title: string;
  readonly priority: string;
  readonly status: string;
  readonly evidence?: {
    readonly target?: string;
    readonly reason?: { en: string; zh: string };
    readonly conditions?: readonly { condition: string; passed: boolean; message: { en: string; zh: string } }[];
    readonly observed?: unknown;
  };
}

/** The part of `golive run start --format json` the demo and the tests read. */
export interface RunReport {
  readonly run: { readonly id: string; readonly score: { readonly overall: number }; readonly gate: { readonly passed: boolean }; readonly items: readonly RunItem[] };
}

/** One reason of `golive gate --format json`. */
export interface GateReason {
  readonly code: string;
  readonly subject?: string;
  readonly message: string;
}

export interface GateReport {
  readonly run: string;
  readonly gate: { readonly passed: boolean; readonly threshold: number; readonly reasons: readonly GateReason[] };
}
