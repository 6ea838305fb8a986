// The after-deploy half of `npm run demo`: on a copy of a seed's example (kept in examples/.golive/team/),
// the demo acts for the team — fixes the plants (the stand-in's fixed mode), records a run, ticks the manual
// items, waives what this machine cannot offer, signs — so the gate passes; then it starts the rollout and the
// T+0 … T+7 inspections on an accelerated clock, with golive's own commands.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { clockFromEnv } from '../../src/orchestrate/clock.js';
import { commandRunRollout } from '../../src/service/after-launch.js';
import { recordManual, signRun, waiveItem } from '../../src/service/people.js';
import { openLaunchStore } from '../../src/service/store.js';
import type { Store } from '../../src/store/store.js';
import { goliveBin, runningGolive, type RunItem } from './golive.js';
import type { StandIn } from './launch.js';
import { examplesDir, loadSpec, type ExampleName } from './spec.js';

/** Where the demo keeps its store and the team's copies (gitignored, recreated by every demo). */
export const demoDir = join(examplesDir, '.golive');
export const demoStoreFile = join(demoDir, 'golive.db');

/** A day of plan time per wall-clock second: a 24-hour hold takes a second, seven days of inspections about seven. */
export const demoTimeScale = 86_400;

/** The example copied for the team's own launch (without what runs leave behind). */
export async function teamCopy(name: ExampleName): Promise<{ dir: string; plan: string }> {
  const dir = join(demoDir, 'team', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const from = join(examplesDir, name);
  await cp(from, dir, { recursive: true, filter: (source) => !/\/(\.golive|backups?|node_modules)(\/|$)/.test(source.slice(from.length)) });
  return { dir, plan: join(dir, 'golive.yaml') };
}

/** What the demo recorded for the team to get the gate to pass. */
export interface TeamSteps {
  readonly verified: number;
  readonly waived: readonly string[];
  readonly signed: readonly string[];
}

/**
 * The manual part of the launch as the team would record it with `golive item`, `golive waive` and `golive sign`,
 * through the same service functions those commands call (fifty CLI starts would take half a minute): every
 * pending item verified, every failure this machine causes (no root, no Go) waived with its reason, every sign-off.
 */
export async function passGate(name: ExampleName, plan: string, runId: string, items: readonly RunItem[], by: string): Promise<TeamSteps> {
  const store = await openLaunchStore({ planDir: join(plan, '..'), env: process.env, mustExist: true });
  try {
    const run = await store.getRun(runId);
    if (!run) throw new Error(`${name}: run ${runId} is not in ${store.location}`);
    const source = { planPath: plan, env: process.env };
    const limits = loadSpec(name).limits;
    let verified = 0;
    for (const item of items.filter((entry) => entry.status === 'pending')) {
      await recordManual(store, run, source, { itemId: item.id, status: 'pass', by, note: 'demo: verified for the team on the stand-in / 演示：代团队在替身上验证' });
      verified += 1;
    }
    const waived: string[] = [];
    for (const item of items.filter((entry) => entry.status === 'fail' || entry.status === 'error')) {
      const limit = limits.find((entry) => entry.item === item.id);
      if (limit === undefined) throw new Error(`${name}: ${item.id} ${item.status} on the fixed stand-in`);
      await waiveItem(store, run, source, { itemId: item.id, reason: `demo machine: ${limit.what.en} / 演示机器：${limit.what.zh}`, approver: by, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), by });
      waived.push(item.id);
    }
    const signed: string[] = [];
    for (const role of (run.plan.roles ?? []).filter((entry) => entry.signoff === true)) {
      await signRun(store, run, source, { role: role.id, by });
      signed.push(role.id);
    }
    return { verified, waived, signed };
  } finally {
    await store.close();
  }
}

/**
 * Runs its arguments as a node process and ends it (SIGKILL after 2 s) when its own stdin closes or it is told to stop: the demo holds that pipe, so even a
 * demo killed with SIGKILL takes its rollout watcher, worker and `golive serve` with it (as the stand-ins watch theirs).
 */
const tether = `const child = require('node:child_process').spawn(process.execPath, process.argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = (signal) => { child.kill(signal); setTimeout(() => child.kill('SIGKILL'), 2000).unref(); };
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stop(signal));
process.stdin.on('end', () => stop('SIGTERM')).on('error', () => stop('SIGTERM')).resume();
child.on('exit', (code) => process.exit(code ?? 1));`;

/** A long-lived golive process, tethered to the demo, whose output lines (its progress, in the reader's language) go to `line` as they come. */
export function goliveLive(args: readonly string[], env: NodeJS.ProcessEnv, line: (text: string) => void): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, ['-e', tether, goliveBin, ...args], { cwd: examplesDir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  runningGolive.add(child);
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (text) => text.trim() !== '' && line(text));
  const done = new Promise<number>((resolve) =>
    child.once('close', (code) => {
      runningGolive.delete(child);
      resolve(code ?? 1);
    }),
  );
  return { child, done };
}

/** Polls a run's rollout in the store every 100 ms until `ended` settles. */
async function watchRollout(store: Store, runId: string, onState: (state: Record<string, unknown>) => Promise<void>, ended: Promise<unknown>): Promise<void> {
  let over = false;
  void ended.then(() => (over = true));
  while (!over) {
    const stored = await store.rollout(runId);
    if (stored) await onState(stored.state);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `golive rollout start` on the accelerated clock, and the team's console steps: each manual stage (WeChat's
 * 分阶段发布 has no API) is confirmed as `golive rollout promote` or the dashboard's Promote button does, through
 * the service function both call (a CLI start takes seconds on a busy machine: days on this clock).
 */
export async function rolloutDemo(options: { plan: string; runId: string; vars: readonly string[]; env: NodeJS.ProcessEnv; by: string; line: (text: string) => void }): Promise<number> {
  const watcher = goliveLive(['rollout', 'start', '-p', options.plan, '--run', options.runId, ...options.vars, '--by', options.by], options.env, options.line);
  const store = await openLaunchStore({ planDir: join(options.plan, '..'), env: options.env, mustExist: true });
  const clock = clockFromEnv(options.env);
  const confirmed = new Set<number>();
  try {
    const run = await store.getRun(options.runId);
    if (!run) throw new Error(`run ${options.runId} is not in ${store.location}`);
    await watchRollout(
      store,
      options.runId,
      async (state) => {
        const stage = Number(state.stage);
        if (state.status !== 'waiting' || state.waitingFor !== 'stage-step' || confirmed.has(stage)) return;
        confirmed.add(stage);
        await commandRunRollout({ store, run, planPath: options.plan, env: options.env, clock, what: 'promote', by: options.by, note: 'demo: console step done for the team / 演示：代团队完成控制台操作' });
      },
      watcher.done,
    );
  } finally {
    await store.close();
  }
  return watcher.done;
}

/**
 * `golive inspect start` (T+0 is now on the accelerated clock) and one `golive worker` until every inspection
 * ran; after `outageAfter` inspections the demo stops the team's API, so the following ones fail as they
 * would when the service goes down.
 */
export async function inspectionsDemo(options: { plan: string; runId: string; env: NodeJS.ProcessEnv; standIn: StandIn; outageAfter: number; line: (text: string) => void; outage: () => void }): Promise<number> {
  const base = ['-p', options.plan, '--run', options.runId];
  const scheduled = goliveLive(['inspect', 'start', ...base], options.env, options.line);
  if ((await scheduled.done) !== 0) return 1;
  let finished = 0;
  let stopped = false;
  const worker = goliveLive(['worker', '-p', options.plan, '--exit-when-idle', '--lease', '30d', '--name', 'demo-worker'], options.env, (text) => {
    options.line(text);
    if (!/^\d{4}-\d\d-\d\dT/.test(text)) return;
    finished += 1;
    if (finished >= options.outageAfter && !stopped) {
      stopped = true;
      options.outage();
      void options.standIn.stop();
    }
  });
  return worker.done;
}
