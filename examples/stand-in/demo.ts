// `npm run demo [-- --serve] [--lang zh-CN|en]`: builds golive when dist/ is older than src/, starts the five
// seeds' stand-ins, records one run per seed on the demo's embedded store (examples/.golive/golive.db, made
// afresh each time), prints each run's gate with its reasons and a summary; then the after-deploy half on a
// copy of seeds 003 and 004 (after-launch.ts): gate passed, gray stages, T+0 … T+7 inspections on an
// accelerated clock. With --serve it keeps everything up and serves the dashboard on that store until Ctrl-C.
// Every stand-in and golive process stops when it ends, fails or is interrupted.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import { demoDir, demoStoreFile, demoTimeScale, inspectionsDemo, passGate, rolloutDemo, teamCopy } from './after-launch.js';
import { serveDashboard } from './dashboard.js';
import { golive, runningGolive, runStartArgs, type GateReport, type RunItem, type RunReport } from './golive.js';
import { launchStandIn, type StandIn } from './launch.js';
import { exampleNames, examplesDir, loadSpec, type ExampleName } from './spec.js';

const repo = join(examplesDir, '..');
const args = process.argv.slice(2);
const langArg = args.find((arg, index) => arg.startsWith('--lang=') || args[index - 1] === '--lang');
const serve = args.includes('--serve');
const unknown = args.filter((arg, index) => !['--serve', '--lang'].includes(arg) && !arg.startsWith('--lang=') && args[index - 1] !== '--lang');
if (unknown.length > 0) {
  process.stderr.write(`npm run demo: unknown option ${unknown.join(' ')}; use --serve, --lang zh-CN|en / 未知选项 ${unknown.join(' ')}；可用 --serve、--lang zh-CN|en\n`);
  process.exit(2);
}
// --lang wins over GOLIVE_LANG and the locale, for the demo's words and for every golive it starts.
if (langArg !== undefined) process.env.GOLIVE_LANG = langArg.replace(/^--lang=/, '');
const zh = /^zh/i.test(process.env.GOLIVE_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '');
// One store for the five seeds (and the team's copies), so one `golive serve` shows them all.
process.env.DATABASE_URL = `file:${demoStoreFile}`;
/** The demo's own words, in the reader's language (golive's messages follow the same setting). */
const say = (en: string, zhText: string) => (zh ? zhText : en);
const pick = (text: { en: string; zh: string }) => (zh ? text.zh : text.en);
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
function progress(line: string): void {
  process.stdout.write(`${pc.dim(`[${seconds().padStart(5)}]`)} ${line}\n`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** `npm install` builds golive (prepare); build again only when a source file is newer than dist/. */
async function buildIfStale(): Promise<void> {
  const built = mtimeOf(join(repo, 'dist', 'cli', 'main.js'));
  const step = async (what: string, script: string, scriptArgs: string[]) => {
    progress(say(`building golive (${what})…`, `正在构建 golive（${what}）…`));
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [join(repo, 'node_modules', ...script.split('/')), ...scriptArgs], { cwd: repo, stdio: 'inherit' }).once('close', resolve));
    if (code !== 0) throw new Error(say('the build failed', '构建失败'));
  };
  if (built <= newestMtime(join(repo, 'src'))) await step('tsc', 'typescript/bin/tsc', ['-p', 'tsconfig.build.json']);
  // The dashboard is built by Vite; only --serve needs it.
  if (serve && mtimeOf(join(repo, 'dist', 'web', 'index.html')) <= newestMtime(join(repo, 'src', 'web'))) await step('vite', 'vite/bin/vite.js', ['build', '--logLevel', 'warn']);
  else if (built > newestMtime(join(repo, 'src'))) progress(say('golive is built (dist/ is current)', 'golive 已构建（dist/ 是最新的）'));
}

interface SeedResult {
  readonly name: ExampleName;
  /** The plan recorded: the example's, or the team's fixed copy. */
  readonly plan: string;
  readonly standIn: StandIn;
  readonly report: RunReport;
  readonly gate: GateReport;
  readonly ms: number;
}

const statusMark: Record<string, string> = { pass: pc.green('✔'), fail: pc.red('✖'), error: pc.red('!'), warn: pc.yellow('▲'), pending: pc.cyan('○'), skip: pc.dim('-') };

const statuses = ['pass', 'fail', 'error', 'warn', 'pending', 'skip'] as const;
type Tally = Record<(typeof statuses)[number], number>;

function counts(items: readonly RunItem[]): Tally {
  const tally: Tally = { pass: 0, fail: 0, error: 0, warn: 0, pending: 0, skip: 0 };
  for (const item of items) if ((statuses as readonly string[]).includes(item.status)) tally[item.status as keyof Tally] += 1;
  return tally;
}

/** Why an item did not pass, in one line: the first failing condition, or the reason it could not run. */
function why(item: RunItem): string {
  const failed = item.evidence?.conditions?.find((condition) => !condition.passed);
  const text = failed !== undefined ? pick(failed.message) : item.evidence?.reason !== undefined ? pick(item.evidence.reason) : '';
  return [text, item.evidence?.target].filter((part) => part !== undefined && part !== '').join(pc.dim(' · '));
}

/**
 * The facts behind a result, in at most two short lines: findings with a place (`at: file:line`, as the
 * files, secrets and miniprogram kinds report them), else the plain facts (golive's text report shows both).
 */
function observed(item: RunItem): string[] {
  const facts = item.evidence?.observed;
  if (facts === null || typeof facts !== 'object') return [];
  const cut = (line: string) => (line.length > 120 ? `${line.slice(0, 119)}…` : line);
  const located = Object.values(facts as Record<string, unknown>)
    .filter((value): value is Record<string, unknown>[] => Array.isArray(value))
    .flat()
    .filter((entry) => typeof entry === 'object' && entry !== null && typeof entry.at === 'string' && entry.allowed !== true);
  if (located.length > 0) {
    return located.slice(0, 2).map((entry) => cut(`${String(entry.at)}  ${Object.entries(entry).filter(([key, value]) => key !== 'at' && typeof value === 'string').map(([, value]) => String(value)).join(' · ')}`));
  }
  const listed = Object.entries(facts as Record<string, unknown>).filter(([, value]) => Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'string'));
  const plain = Object.entries(facts as Record<string, unknown>).filter(([key, value]) => value !== null && typeof value !== 'object' && !['entropy', 'len', 'latencyMs', 'name', 'source', 'head', 'repository', 'folder', 'root', 'project'].includes(key));
  const all = [...listed, ...plain];
  return all.length === 0 ? [] : [cut(all.map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`).join(', '))];
}

async function runSeed(standIn: StandIn, plan = join(examplesDir, standIn.name, 'golive.yaml'), release = 'demo'): Promise<SeedResult> {
  const begun = Date.now();
  const run = await golive(runStartArgs(plan, standIn, release), standIn);
  if (run.code === 2 || run.stdout === '') throw new Error(`${standIn.name}: golive run start exited ${run.code}\n${run.stderr}`);
  const gate = await golive(['gate', '-p', plan, '--format', 'json'], standIn);
  return { name: standIn.name, plan, standIn, report: JSON.parse(run.stdout) as RunReport, gate: JSON.parse(gate.stdout) as GateReport, ms: Date.now() - begun };
}

function printSeed(result: SeedResult): void {
  const spec = loadSpec(result.name);
  const { run } = result.report;
  const tally = counts(run.items);
  const db = relative(repo, demoStoreFile);
  process.stdout.write(`\n${pc.bold(`━━ ${pick(spec.title)}`)}\n`);
  process.stdout.write(`   ${say('run', '运行')} ${run.id} · ${db} · ${say('plan', '计划')} examples/${result.name}/golive.yaml\n`);
  for (const note of result.standIn.notes) process.stdout.write(`   ${pc.yellow('⚠')} ${pick(note)}\n`);
  process.stdout.write(
    `   ${statusMark.pass} ${tally.pass} ${say('passed', '通过')}  ${statusMark.fail} ${tally.fail} ${say('failed', '失败')}  ${statusMark.error} ${tally.error} ${say('errors', '出错')}  ${statusMark.pending} ${tally.pending} ${say('pending (manual)', '待人工确认')}\n`,
  );
  for (const item of run.items.filter((entry) => ['fail', 'error', 'warn'].includes(entry.status))) {
    process.stdout.write(`   ${statusMark[item.status] ?? '?'} ${item.id}  ${item.title}  ${pc.dim(`[${item.priority}]`)}\n      ${why(item)}\n`);
    for (const line of observed(item)) process.stdout.write(`      ${pc.dim(line)}\n`);
  }
  const { gate } = result.gate;
  const byId = new Map(run.items.map((item) => [item.id, item]));
  const pendingBlockers = gate.reasons.filter((reason) => reason.code === 'blocker' && byId.get(reason.subject ?? '')?.status === 'pending');
  const shown = gate.reasons.filter((reason) => !pendingBlockers.includes(reason));
  process.stdout.write(`   ${gate.passed ? pc.green(say('✔ Gate passed', '✔ 闸门通过')) : pc.red(say('✖ Gate failed', '✖ 闸门未通过'))} ${pc.dim(`(${say('score', '评分')} ${run.score.overall}/10, ${say('threshold', '阈值')} ${gate.threshold})`)}\n`);
  for (const reason of shown) process.stdout.write(`     - ${reason.message}\n`);
  if (pendingBlockers.length > 0) process.stdout.write(`     - ${say(`${pendingBlockers.length} blockers not verified yet (manual: golive item <id> --pass)`, `${pendingBlockers.length} 个阻塞项尚未人工确认（golive item <id> --pass）`)}\n`);
}

function printSummary(results: readonly SeedResult[]): void {
  const header = [say('seed', '种子'), say('items', '检查项'), say('pass', '通过'), say('fail', '失败'), say('error', '出错'), say('pending', '待确认'), say('score', '评分'), say('gate', '闸门'), say('time', '耗时')];
  const rows = results.map((result) => {
    const tally = counts(result.report.run.items);
    return [result.name, String(result.report.run.items.length), String(tally.pass), String(tally.fail), String(tally.error), String(tally.pending), result.report.run.score.overall.toFixed(1), result.gate.gate.passed ? '✔' : '✖', `${(result.ms / 1000).toFixed(1)}s`];
  });
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}\n`;
  process.stdout.write(`\n${pc.bold(say('Summary', '汇总'))}\n${pc.dim(line(header))}`);
  for (const row of rows) process.stdout.write(line(row));
  process.stdout.write(`\n${say('Planted misses fail with evidence, manual items wait for a person, every gate names why.', '预埋的遗漏以证据形式失败，人工项等待确认，每个闸门都写明原因。')}\n`);
}

const standIns: StandIn[] = [];
let stopping: Promise<void> | undefined;

/** Stops every stand-in and golive process this demo started (idempotent). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    // golive processes (runs, the rollout watcher, the worker, serve) end on SIGTERM; waited for, SIGKILL after 5 s
    // (a tethered one kills its golive after 2 s itself: killing the tether first would orphan it).
    const exited = [...runningGolive].map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      return gone.then(() => clearTimeout(timer));
    });
    await Promise.all([...exited, ...standIns.splice(0).map((standIn) => standIn.stop())]);
  })();
  return stopping;
}

let serving = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${say(`${signal}: stopping the stand-ins${serving ? ' and the dashboard' : ''}…`, `${signal}：正在停止替身${serving ? '和控制台' : ''}…`)}\n`);
    // Ctrl-C is how a served demo ends: that is a normal end.
    void stopAll().finally(() => process.exit(serving ? 0 : 130));
  });
}

/** The seeds whose after-deploy half the demo shows, on a fixed copy: 003 has the gray stages, 004 the T+0 … T+7 inspections. */
const rolloutSeed = 'seed-003' satisfies ExampleName;
const inspectionSeed = 'seed-004' satisfies ExampleName;
/** Who the demo acts for: the person seed 003 names for 灰度 and 全量 (5.2, 5.5), and seed 004's release lead. */
const teamBy = say('demo for the team', '演示代团队');

function standInLine(standIn: StandIn, label: string): string {
  const api = standIn.vars.API_DOMAIN?.startsWith('127.') === true ? `, API ${standIn.vars.API_DOMAIN}` : standIn.vars.API_ENDPOINT !== undefined ? `, API ${standIn.vars.API_ENDPOINT}` : '';
  return `${pc.green('▸')} ${label} ${say('stand-in up', '替身已启动')} ${pc.dim(`(pid ${standIn.pid}${api})`)}`;
}

/** A stand-in of an example (planted) or of the team's copy (fixed), remembered so it is stopped at the end. */
async function startStandIn(name: ExampleName, copy?: { dir: string }): Promise<StandIn> {
  const standIn = await launchStandIn(name, copy ? 'fixed' : 'planted', copy?.dir ?? join(examplesDir, name));
  standIns.push(standIn);
  progress(standInLine(standIn, copy ? `${name} ${say('(team copy, plants fixed)', '（团队副本，遗漏已修复）')}` : name));
  return standIn;
}

function recordedLine(result: SeedResult, label: string): string {
  const tally = counts(result.report.run.items);
  return `${pc.green('✔')} ${label} ${say('recorded', '已记录')} ${result.report.run.id}: ${tally.pass} ${say('passed', '通过')}, ${tally.fail + tally.error} ${say('failed', '失败')}, ${tally.pending} ${say('pending', '待确认')} ${pc.dim(`(${(result.ms / 1000).toFixed(1)}s)`)}`;
}

/** The after-deploy half on the team's copies: gate passed, rollout and inspections on the accelerated clock. */
async function afterDeploy(copies: readonly SeedResult[]): Promise<void> {
  process.stdout.write(`\n${pc.bold(say('━━ After the deploy: the demo acts for the team on a copy of seeds 003 and 004 (examples/.golive/team/)', '━━ 部署之后：演示在种子 003、004 的副本上代团队操作（examples/.golive/team/）'))}\n`);
  for (const copy of copies) {
    const steps = await passGate(copy.name, copy.plan, copy.report.run.id, copy.report.run.items, teamBy);
    const gate = JSON.parse((await golive(['gate', '-p', copy.plan, '--run', copy.report.run.id, '--format', 'json'], copy.standIn)).stdout) as GateReport;
    const waived = steps.waived.length > 0 ? say(`, waived ${steps.waived.join(', ')} (this machine)`, `，豁免 ${steps.waived.join('、')}（本机限制）`) : '';
    const signed = steps.signed.length > 0 ? say(`, signed ${steps.signed.join(', ')}`, `，签字 ${steps.signed.join('、')}`) : '';
    progress(`${gate.gate.passed ? pc.green('✔') : pc.red('✖')} ${copy.name} ${copy.report.run.id}: ${say(`plants fixed, ${steps.verified} manual items verified`, `遗漏已修复，人工确认 ${steps.verified} 项`)}${waived}${signed} → ${gate.gate.passed ? say('gate passed', '闸门通过') : say('gate still failed', '闸门仍未通过')}`);
    if (!gate.gate.passed) throw new Error(`${copy.name}: ${gate.gate.reasons.map((reason) => reason.message).join('; ')}`);
  }
  const rolloutCopy = copies.find((copy) => copy.name === rolloutSeed);
  const inspectionCopy = copies.find((copy) => copy.name === inspectionSeed);
  if (rolloutCopy === undefined || inspectionCopy === undefined) throw new Error('the team copies are missing');
  // Every process from here on shares one accelerated clock (docs/rollout.md): a day of plan time per second.
  const clock = { GOLIVE_TIME_SCALE: String(demoTimeScale), GOLIVE_TIME_ORIGIN: String(Date.now()) };
  Object.assign(process.env, clock);
  progress(say(`accelerated clock: 1 day per second (GOLIVE_TIME_SCALE=${demoTimeScale})`, `加速时钟：每秒 1 天（GOLIVE_TIME_SCALE=${demoTimeScale}）`));
  const varsOf = (standIn: StandIn) => Object.entries(standIn.vars).flatMap(([name, value]) => ['--var', `${name}=${value}`]);
  const [rolledOut, inspected] = await Promise.all([
    rolloutDemo({
      plan: rolloutCopy.plan,
      runId: rolloutCopy.report.run.id,
      vars: varsOf(rolloutCopy.standIn),
      env: { ...process.env, ...rolloutCopy.standIn.env },
      by: `张工 (${teamBy})`,
      line: (text) => progress(`${pc.magenta('◆')} ${rolloutSeed} ${say('rollout', '灰度')} ${text}`),
    }),
    inspectionsDemo({
      plan: inspectionCopy.plan,
      runId: inspectionCopy.report.run.id,
      env: { ...process.env, ...inspectionCopy.standIn.env, ...inspectionCopy.standIn.vars },
      standIn: inspectionCopy.standIn,
      outageAfter: 4,
      line: (text) => progress(`${pc.blue('◇')} ${inspectionSeed} ${say('inspection', '巡检')} ${text}`),
      outage: () => progress(`${pc.yellow('⚠')} ${inspectionSeed} ${say("the demo stops the team's API now: the next inspections fail, as they would when the service goes down", '演示现在停止团队的 API：之后的巡检会失败，就像服务宕机时一样')}`),
    }),
  ]);
  // Interrupted: the watcher and the worker ended on their SIGTERM (the worker after finishing its jobs in hand); start nothing new.
  if (stopping !== undefined) return;
  if (rolledOut !== 0) throw new Error(`${rolloutSeed}: golive rollout start exited ${rolledOut}`);
  if (inspected !== 0) throw new Error(`${inspectionSeed}: golive worker exited ${inspected}`);
  const status = await golive(['rollout', 'status', '-p', rolloutCopy.plan, '--run', rolloutCopy.report.run.id], rolloutCopy.standIn);
  process.stdout.write(`\n${pc.bold(`golive rollout status -p ${relative(repo, rolloutCopy.plan)}`)}\n${status.stdout}`);
  const grid = await golive(['inspect', 'status', '-p', inspectionCopy.plan, '--run', inspectionCopy.report.run.id], inspectionCopy.standIn);
  process.stdout.write(`\n${pc.bold(`golive inspect status -p ${relative(repo, inspectionCopy.plan)}`)}\n${grid.stdout}`);
}

/** Runs the queue two at a time (the machines this runs on have two cores). */
async function runAll(jobs: ReadonlyArray<{ standIn: StandIn; plan?: string; label: string }>): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  const queue = [...jobs];
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        progress(`${pc.cyan('…')} ${job.label} golive run start`);
        const result = await runSeed(job.standIn, job.plan, job.plan === undefined ? 'demo' : 'team-fixed');
        progress(recordedLine(result, job.label));
        results.push(result);
      }
    }),
  );
  return results;
}

async function main(): Promise<number> {
  await buildIfStale();
  await rm(demoDir, { recursive: true, force: true });
  progress(say('starting the five stand-ins (https APIs, Docker Engine API, team repositories, backups) and the team copies of 003 and 004…', '正在启动五个替身（https API、Docker Engine API、团队仓库、备份）以及 003、004 的团队副本…'));
  const copies = { [rolloutSeed]: await teamCopy(rolloutSeed), [inspectionSeed]: await teamCopy(inspectionSeed) } as const;
  const launched = await Promise.allSettled([
    ...exampleNames.map(async (name) => ({ standIn: await startStandIn(name), label: name })),
    ...([rolloutSeed, inspectionSeed] as const).map(async (name) => ({ standIn: await startStandIn(name, copies[name]), plan: copies[name].plan, label: `${name} ${say('(team copy)', '（团队副本）')}` })),
  ]);
  const failed = launched.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const ready = launched.map((outcome) => (outcome as PromiseFulfilledResult<{ standIn: StandIn; plan?: string; label: string }>).value);
  const results = await runAll(ready);
  const seeds = results.filter((result) => result.plan === join(examplesDir, result.name, 'golive.yaml')).sort((a, b) => a.name.localeCompare(b.name));
  for (const result of seeds) printSeed(result);
  printSummary(seeds);
  await afterDeploy(results.filter((result) => !seeds.includes(result)).sort((a, b) => a.name.localeCompare(b.name)));
  process.stdout.write(`\n${say(`${seconds()} in all. Next: npm run demo -- --serve (the dashboard with these runs), or DATABASE_URL=file:examples/.golive/golive.db golive item <id> -p examples/<seed>/golive.yaml --pass, golive sign, golive gate.`, `共 ${seconds()}。下一步：npm run demo -- --serve（在控制台查看这些运行），或 DATABASE_URL=file:examples/.golive/golive.db golive item <id> -p examples/<seed>/golive.yaml --pass、golive sign、golive gate。`)}\n`);
  if (!serve) return 0;
  const dashboard = await serveDashboard({ dir: demoDir, env: process.env, line: (text) => progress(`${pc.dim('serve')} ${text}`) });
  serving = true;
  process.stdout.write(
    `\n${pc.bold(say('The dashboard, with the five runs, the rollout and the inspections:', '控制台（含五次运行、灰度与巡检）：'))}\n  ${dashboard.url}\n  ${say('user', '用户')} ${pc.bold(dashboard.username)}  ${say('password', '密码')} ${pc.bold(dashboard.password)}\n  ${pc.dim(say('Made for this demo just now and shown only here; the server listens on 127.0.0.1 only, and the next demo starts a new store. Ctrl-C stops everything.', '刚为本次演示生成，只在此显示；服务只监听 127.0.0.1，下次演示会重建存储。Ctrl-C 停止全部。'))}\n`,
  );
  const code = await dashboard.done;
  return serving ? code : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`${pc.red('✖')} ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
