// `npm run demo` (examples/stand-in/demo.ts) leaves no process behind: not when it ends, not when it
// is interrupted with SIGINT, not even when it is killed (each stand-in exits when its stdin closes).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { examplesDir } from '../../examples/stand-in/spec.js';
import { serviceAvailable } from '../support/services.js';

const run = promisify(execFile);
const repo = join(examplesDir, '..');

/** Starts the demo; `untilUp` resolves with the stand-ins' pids once all five are up. */
function startDemo(): { child: ChildProcess; output: () => string; untilUp: Promise<number[]>; untilRunning: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(examplesDir, 'stand-in', 'demo.ts')], { cwd: repo, env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const untilRunning = new Promise<void>((resolve) => child.stdout?.on('data', () => output.includes('golive run start') && resolve()));
  const untilUp = new Promise<number[]>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const pids = [...output.matchAll(/stand-in up \(pid (\d+)/g)].map((match) => Number(match[1]));
      if (pids.length === 5) resolve(pids);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`the demo ended before its stand-ins were up:\n${output}`)));
  });
  return { child, output: () => output, untilUp, untilRunning };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to 5 s for the processes to be gone. */
async function gone(pids: readonly number[]): Promise<number[]> {
  for (let waited = 0; waited < 5_000 && pids.some(alive); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(alive);
}

/** Processes still working on the examples' folders (a stand-in, or a golive run of an example's plan) after `waitMs`. */
async function strays(waitMs = 0): Promise<string[]> {
  for (let waited = 0; ; waited += 200) {
    const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
    const left = stdout.split('\n').filter((line) => line.includes(`${examplesDir}/seed-`) && !line.includes(' ps '));
    if (left.length === 0 || waited >= waitMs) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Databases the given stand-ins made on MariaDB (golive_example_<name>_<pid>) and left behind. */
async function leftDatabases(pids: readonly number[]): Promise<string[]> {
  if (!(await serviceAvailable('127.0.0.1', 3306))) return [];
  const { createConnection } = await import('mysql2/promise');
  const connection = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  const [rows] = await connection.query("SHOW DATABASES LIKE 'golive\\_example\\_%'");
  await connection.end();
  return (rows as Record<string, string>[]).map((row) => Object.values(row)[0] ?? '').filter((name) => pids.some((pid) => name.endsWith(`_${pid}`)));
}

async function examplesStatus(): Promise<string> {
  return (await run('git', ['status', '--porcelain', '--', 'examples'], { cwd: repo })).stdout;
}

describe('npm run demo', () => {
  it('records a run per seed, prints every gate and the summary, and stops every stand-in at the end', async () => {
    const before = await examplesStatus();
    const demo = startDemo();
    const pids = await demo.untilUp;

    const [code] = (await once(demo.child, 'exit')) as [number];

    expect(code, demo.output()).toBe(0);
    for (const name of ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']) expect(demo.output()).toMatch(new RegExp(`✔ ${name} recorded r-\\d{8}-\\d{4}`));
    expect(demo.output()).toMatch(/Summary\n\s+seed\s+items\s+pass\s+fail\s+error\s+pending\s+score\s+gate\s+time/);
    expect(demo.output()).toContain('Blocker s1-3-03-map-service (地图服务 - 腾讯地图) failed');
    expect(await gone(pids)).toEqual([]);
    expect(await strays()).toEqual([]);
    expect(await leftDatabases(pids)).toEqual([]);
    expect(await examplesStatus()).toBe(before);
  }, 120_000);

  it('stops every stand-in and golive run when interrupted with SIGINT in the middle of the runs', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;
    await demo.untilRunning;

    demo.child.kill('SIGINT');
    const [code] = (await once(demo.child, 'exit')) as [number];

    expect(code).toBe(130);
    expect(await gone(pids)).toEqual([]);
    expect(await strays()).toEqual([]);
    expect(await leftDatabases(pids)).toEqual([]);
  }, 120_000);

  // SIGKILL cannot be caught: each stand-in sees its stdin close and stops; a golive run the demo had already
  // started is not a stand-in, it finishes by itself within seconds (its targets are gone).
  it('leaves no stand-in behind even when the demo itself is killed', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;

    demo.child.kill('SIGKILL');
    await once(demo.child, 'exit');

    expect(await gone(pids)).toEqual([]);
    expect(await strays(30_000)).toEqual([]);
    expect(await leftDatabases(pids)).toEqual([]);
  }, 120_000);
});
