// `npm run demo` (examples/stand-in/demo.ts) leaves no process behind: not when it ends, not when it
// is interrupted with SIGINT, not even when it is killed (each stand-in exits when its stdin closes).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { examplesDir } from '../../examples/stand-in/spec.js';
import { serviceAvailable } from '../support/services.js';

const run = promisify(execFile);
const repo = join(examplesDir, '..');

/** The demo's stand-ins: the five seeds' and the team copies of 003 and 004. */
const standInCount = 7;

/** The demo a test started, so a test that fails or times out does not leave it running into the next one. */
let current: ChildProcess | undefined;

/** Starts the demo; `untilUp` resolves with the stand-ins' pids once all are up, `until(text)` once the output holds it. */
function startDemo(args: readonly string[] = []): { child: ChildProcess; output: () => string; untilUp: Promise<number[]>; untilRunning: Promise<void>; until: (text: string) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(examplesDir, 'stand-in', 'demo.ts'), ...args], { cwd: repo, env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  let output = '';
  const until = (text: string) => new Promise<void>((resolve) => {
    if (output.includes(text)) return resolve();
    child.stdout?.on('data', () => output.includes(text) && resolve());
  });
  const untilRunning = until('golive run start');
  const untilUp = new Promise<number[]>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const pids = [...output.matchAll(/stand-in up \(pid (\d+)/g)].map((match) => Number(match[1]));
      if (pids.length === standInCount) resolve(pids);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`the demo ended before its stand-ins were up:\n${output}`)));
  });
  return { child, output: () => output, untilUp, untilRunning, until };
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

/**
 * Processes still working on the examples' folders after `waitMs`: a stand-in, a golive run of an example's plan,
 * or of the demo's own folder (the team copies' rollout watcher and worker, the dashboard's `golive serve`).
 */
async function strays(waitMs = 0): Promise<string[]> {
  for (let waited = 0; ; waited += 200) {
    const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
    const left = stdout.split('\n').filter((line) => (line.includes(`${examplesDir}/seed-`) || line.includes(`${examplesDir}/.golive`)) && !line.includes(' ps '));
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

/** Nothing the demo started is left: its stand-ins, golive processes on the examples, the stand-ins' databases. */
async function expectAllStopped(pids: readonly number[], waitMs = 0): Promise<void> {
  expect(await gone(pids)).toEqual([]);
  expect(await strays(waitMs)).toEqual([]);
  expect(await leftDatabases(pids)).toEqual([]);
}

async function examplesStatus(): Promise<string> {
  return (await run('git', ['status', '--porcelain', '--', 'examples'], { cwd: repo })).stdout;
}

describe('npm run demo', () => {
  afterEach(async () => {
    if (current && current.exitCode === null && current.signalCode === null) {
      const exited = once(current, 'exit');
      current.kill('SIGKILL');
      await exited;
      // Its stand-ins and tethered golive processes follow it (their stdin closes); a run under way finishes by itself.
      await strays(30_000);
    }
  });

  it('records a run per seed, prints every gate and the summary, shows the after-deploy half, and stops everything at the end', async () => {
    const before = await examplesStatus();
    const demo = startDemo();
    const pids = await demo.untilUp;

    const [code] = (await once(demo.child, 'exit')) as [number];
    const output = demo.output();

    expect(code, output).toBe(0);
    for (const name of ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004']) expect(output).toMatch(new RegExp(`✔ ${name} recorded r-\\d{8}-\\d{4}`));
    expect(output).toMatch(/Summary\n\s+seed\s+items\s+pass\s+fail\s+error\s+pending\s+score\s+gate\s+time/);
    expect(output).toContain('Blocker s1-3-03-map-service (地图服务 - 腾讯地图) failed');
    // The team's copies: plants fixed, the manual part recorded, the gate passes; then the rollout and the inspections.
    expect(output).toMatch(/✔ seed-003 r-\d{8}-\d{4}: plants fixed, 50 manual items verified, signed plan-reviewer, plan-approver → gate passed/);
    expect(output).toMatch(/✔ seed-004 r-\d{8}-\d{4}: plants fixed, 26 manual items verified.* → gate passed/);
    expect(output).toContain('stage 1 (10%) confirmed by 张工 (demo for the team)');
    expect(output).toContain('rollout completed: every stage held');
    expect(output).toMatch(/· completed · stage 2\/2/);
    expect(output).toMatch(/inspections: 7\/7 done\n\s+T\+0 T\+1 T\+2 T\+3 T\+4 T\+5 T\+6\ns6-launch\s+✔\s+✔\s+✔\s+✔\s+✖\s+✖\s+✖/);
    expect(output).toMatch(/✖ \S+ s6-1-01-curl-https-api fail: .*connection refused/);
    await expectAllStopped(pids);
    expect(await examplesStatus()).toBe(before);
  }, 600_000);

  it('stops every stand-in and golive run when interrupted with SIGINT in the middle of the runs', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;
    await demo.untilRunning;

    demo.child.kill('SIGINT');
    const [code] = (await once(demo.child, 'exit')) as [number];

    expect(code).toBe(130);
    await expectAllStopped(pids);
  }, 600_000);

  it('stops the rollout watcher, the worker and every stand-in when interrupted with SIGINT after the deploy', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;
    await demo.until('accelerated clock');
    await demo.until('inspection worker');

    demo.child.kill('SIGINT');
    const [code] = (await once(demo.child, 'exit')) as [number];

    expect(code).toBe(130);
    await expectAllStopped(pids);
  }, 600_000);

  it('--serve: the dashboard on the demo\'s store with a generated local login, the five runs, the rollout and the inspections; Ctrl-C stops everything', async () => {
    const demo = startDemo(['--serve']);
    const pids = await demo.untilUp;
    await demo.until('Ctrl-C stops everything');
    const [, url, username, password] = /\n\s+(http:\/\/127\.0\.0\.1:\d+)\n\s+user (\S+)\s+password (\S+)/.exec(demo.output()) ?? [];

    const login = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const get = async <T>(path: string) => (await (await fetch(`${url}${path}`, { headers: { cookie } })).json()) as T;
    const plans = (await get<{ plans: Array<{ id: string; planName: string }> }>('/api/v1/projects/seeds/plans')).plans;
    const runs = (await Promise.all(plans.map((plan) => get<{ runs: Array<{ id: string; release: string | null }> }>(`/api/v1/plans/${plan.id}/runs`)))).flatMap((entry) => entry.runs);
    const team = runs.filter((entry) => entry.release === 'team-fixed');
    const views = await Promise.all(team.map(async (entry) => ({
      rollout: (await get<{ rollout: { state: { status: string } | null } }>(`/api/v1/runs/${entry.id}/rollout`)).rollout.state?.status,
      inspections: (await get<{ inspections: { jobs: unknown[] } }>(`/api/v1/runs/${entry.id}/inspections`)).inspections.jobs.length,
    })));

    expect(login.status, demo.output()).toBe(200);
    expect(password?.length).toBeGreaterThanOrEqual(12);
    expect(plans).toHaveLength(5);
    expect(runs.filter((entry) => entry.release === 'demo')).toHaveLength(5);
    expect(views).toEqual(expect.arrayContaining([{ rollout: 'completed', inspections: 0 }, { rollout: undefined, inspections: 7 }]));

    demo.child.kill('SIGINT');
    const [code] = (await once(demo.child, 'exit')) as [number];
    expect(code).toBe(0);
    await expectAllStopped(pids);
  }, 600_000);

  // SIGKILL cannot be caught: each stand-in sees its stdin close and stops; a golive run the demo had already
  // started is not a stand-in, it finishes by itself within seconds (its targets are gone).
  it('leaves no stand-in behind even when the demo itself is killed', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;

    demo.child.kill('SIGKILL');
    await once(demo.child, 'exit');

    await expectAllStopped(pids, 30_000);
  }, 600_000);

  // The rollout watcher, the worker and `golive serve` would live on by themselves: each is tethered to the demo's pipe.
  it('leaves no rollout watcher or worker behind when the demo is killed after the deploy', async () => {
    const demo = startDemo();
    const pids = await demo.untilUp;
    await demo.until('inspection worker');

    demo.child.kill('SIGKILL');
    await once(demo.child, 'exit');

    await expectAllStopped(pids, 30_000);
  }, 600_000);
});
