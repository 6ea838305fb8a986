import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takePrestarted, workerCount } from '../scan/pool.js';
import { startEarly } from './early.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'golive-early-'));
  writeFileSync(path.join(dir, 'a.js'), 'export {};\n');
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Starts what `startEarly` starts for this command line, and says which worker pools it started (then stops them). */
async function started(argv: string[], sizes: number[]): Promise<number[]> {
  await startEarly(argv, dir);
  const pools = sizes.map((size) => [size, takePrestarted(size)] as const);
  await Promise.all(pools.map(([, pool]) => pool?.close()));
  return pools.filter(([, pool]) => pool !== undefined).map(([size]) => size);
}

describe('startEarly', () => {
  it('starts the workers of a scan of a directory before the CLI is loaded, with options anywhere on the line', async () => {
    const cores = Math.max(1, workerCount());

    expect(await started(['scan', '--format', 'json', '.', '--fail-on', 'critical'], [cores, 2])).toEqual(workerCount() > 0 ? [cores] : []);
    expect(await started(['scan', '--rules=secrets', '--workers', '2'], [cores, 2])).toEqual([2]);
    expect(await started(['scan', '--workers=2', '--', '.'], [2])).toEqual([2]);
  });

  it('starts nothing for a file, a missing path, --workers 0, help or another command', async () => {
    const lines = [
      ['scan', 'a.js', '--workers', '2'],
      ['scan', 'missing', '--workers', '2'],
      ['scan', 'a.js/below-a-file', '--workers', '2'],
      ['scan', '.', '--workers', '0'],
      ['scan', '--workers', '2', '--help'],
      ['run', 'start', '--workers', '2'],
    ];

    const results: number[][] = [];
    for (const argv of lines) results.push(await started(argv, [2]));

    expect(results).toEqual([[], [], [], [], [], []]);
  });
});

describe('deferOptimisingCompiler', () => {
  // In a child process: V8 flags are process-wide, and only natives syntax can ask V8 whether a function is optimised.
  it('keeps TurboFan off until a scan is a large one', () => {
    const probe = `
      const hot = (n) => { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; };
      const optimised = () => {
        %PrepareFunctionForOptimization(hot); hot(10); hot(10); %OptimizeFunctionOnNextCall(hot); hot(10);
        const yes = (%GetOptimizationStatus(hot) & 16) !== 0;
        %DeoptimizeFunction(hot);
        return yes;
      };
      const before = optimised();
      import(process.argv[1]).then(({ deferOptimisingCompiler, resumeOptimisingCompiler }) => {
        deferOptimisingCompiler();
        const deferred = optimised();
        resumeOptimisingCompiler({ files: 20_000, bytes: 206e6 });
        const usual = optimised();
        resumeOptimisingCompiler({ files: 20_000, bytes: 500e6 });
        console.log(JSON.stringify({ before, deferred, usual, large: optimised() }));
      });`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', probe, new URL('./early.ts', import.meta.url).href], {
      encoding: 'utf8',
    });

    expect(JSON.parse(out)).toEqual({ before: true, deferred: false, usual: false, large: true });
  });
});
