// `npm run demo`: builds golive when dist/ is older than src/, starts the five seeds' stand-ins, records one
// run per seed on its embedded store (examples/<seed>/.golive/golive.db), prints each run's gate with its
// reasons and a summary, and stops every stand-in when it ends, fails or is interrupted.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pc from 'picocolors';
import { golive, runningGolive, runStartArgs, type GateReport, type RunItem, type RunReport } from './golive.js';
import { launchStandIn, type StandIn } from './launch.js';
import { exampleNames, examplesDir, loadSpec, type ExampleName } from './spec.js';

const repo = join(examplesDir, '..');
const zh = /^zh/i.test(process.env.GOLIVE_LANG ?? process.env.LC_ALL ?? process.env.LANG ?? '');
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

/** `npm install` builds golive (prepare); build again only when a source file is newer than dist/. */
async function buildIfStale(): Promise<void> {
  const built = (() => {
    try {
      return statSync(join(repo, 'dist', 'cli', 'main.js')).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built > newestMtime(join(repo, 'src'))) return progress(say('golive is built (dist/ is current)', 'golive 已构建（dist/ 是最新的）'));
  progress(say('building golive (tsc)…', '正在构建 golive（tsc）…'));
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' }).once('close', resolve));
  if (code !== 0) throw new Error(say('the build failed', '构建失败'));
}

interface SeedResult {
  readonly name: ExampleName;
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

async function runSeed(standIn: StandIn): Promise<SeedResult> {
  const plan = join(examplesDir, standIn.name, 'golive.yaml');
  const begun = Date.now();
  const run = await golive(runStartArgs(plan, standIn), standIn);
  if (run.code === 2 || run.stdout === '') throw new Error(`${standIn.name}: golive run start exited ${run.code}\n${run.stderr}`);
  const gate = await golive(['gate', '-p', plan, '--format', 'json'], standIn);
  return { name: standIn.name, standIn, report: JSON.parse(run.stdout) as RunReport, gate: JSON.parse(gate.stdout) as GateReport, ms: Date.now() - begun };
}

function printSeed(result: SeedResult): void {
  const spec = loadSpec(result.name);
  const { run } = result.report;
  const tally = counts(run.items);
  const db = relative(repo, join(examplesDir, result.name, '.golive', 'golive.db'));
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
  process.stdout.write(
    `\n${say(
      `Planted misses fail with evidence, manual items wait for a person, every gate names why. Next: golive item <id> -p examples/<seed>/golive.yaml --pass, golive sign, golive gate. ${seconds()} in all.`,
      `预埋的遗漏以证据形式失败，人工项等待确认，每个闸门都写明原因。下一步：golive item <id> -p examples/<seed>/golive.yaml --pass、golive sign、golive gate。共 ${seconds()}。`,
    )}\n`,
  );
}

const standIns: StandIn[] = [];
let stopping: Promise<void> | undefined;

/** Stops every stand-in and golive process this demo started (idempotent). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const child of runningGolive) child.kill('SIGTERM');
    await Promise.all(standIns.splice(0).map((standIn) => standIn.stop()));
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${say(`${signal}: stopping the stand-ins…`, `${signal}：正在停止替身…`)}\n`);
    void stopAll().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  await buildIfStale();
  progress(say('starting the five stand-ins (https APIs, Docker Engine API, team repositories, backups)…', '正在启动五个替身（https API、Docker Engine API、团队仓库、备份）…'));
  const launched = await Promise.allSettled(
    exampleNames.map(async (name) => {
      const standIn = await launchStandIn(name, 'planted', join(examplesDir, name));
      standIns.push(standIn);
      progress(`${pc.green('▸')} ${name} ${say('stand-in up', '替身已启动')} ${pc.dim(`(pid ${standIn.pid}${standIn.vars.API_DOMAIN?.startsWith('127.') === true ? `, API ${standIn.vars.API_DOMAIN}` : ''}${standIn.vars.API_ENDPOINT !== undefined ? `, API ${standIn.vars.API_ENDPOINT}` : ''})`)}`);
      return standIn;
    }),
  );
  const failed = launched.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const ready = launched.map((outcome) => (outcome as PromiseFulfilledResult<StandIn>).value);
  const results: SeedResult[] = [];
  // Two runs at a time: the machines this runs on have two cores.
  const queue = [...ready];
  await Promise.all(
    [0, 1].map(async () => {
      for (let standIn = queue.shift(); standIn !== undefined; standIn = queue.shift()) {
        progress(`${pc.cyan('…')} ${standIn.name} ${say('golive run start', 'golive run start')}`);
        const result = await runSeed(standIn);
        const tally = counts(result.report.run.items);
        progress(`${pc.green('✔')} ${standIn.name} ${say('recorded', '已记录')} ${result.report.run.id}: ${tally.pass} ${say('passed', '通过')}, ${tally.fail + tally.error} ${say('failed', '失败')}, ${tally.pending} ${say('pending', '待确认')} ${pc.dim(`(${(result.ms / 1000).toFixed(1)}s)`)}`);
        results.push(result);
      }
    }),
  );
  results.sort((a, b) => a.name.localeCompare(b.name));
  for (const result of results) printSeed(result);
  printSummary(results);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`${pc.red('✖')} ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
