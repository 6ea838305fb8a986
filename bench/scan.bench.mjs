// Repository scan throughput and precision, golive's engine side by side with secretlint 11.7.1's recommended preset.
// Targets (issues 6 and 16, on the 2-core machine): ≥ 300 MB/s warm and as a whole cold process, every planted secret
// found, no decoy flagged, peak RSS ≤ 300 MB.
// Needs `npm run build` first (imports dist/). The corpus is generated in /tmp and never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = [join(repo, '..', 'shared'), '/work/shared'].find((dir) => existsSync(join(dir, 'bench', 'gen-corpus.mjs')));
const corpus = process.env.GOLIVE_CORPUS ?? '/tmp/golive-corpus';
const manifestFile = process.env.GOLIVE_MANIFEST ?? '/tmp/golive-manifest.json';
/** secretlint is ~20× slower; it scans a subset of this many MB (all files holding plants or decoys, then others). 0 = everything. */
const secretlintMb = Number(process.env.BENCH_SECRETLINT_MB ?? 40);

if (!existsSync(manifestFile) || !existsSync(corpus)) {
  if (shared === undefined) throw new Error('cannot find shared/bench/gen-corpus.mjs (looked in ../shared and /work/shared)');
  console.log(`generating corpus in ${corpus} …`);
  execFileSync(process.execPath, [join(shared, 'bench', 'gen-corpus.mjs'), '--out', corpus, '--manifest', manifestFile], { stdio: 'inherit' });
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const { scanTree } = await import(join(repo, 'dist', 'scan', 'index.js'));

/** Scores findings ({file, line}) against the manifest: found per planted kind, and decoys flagged. */
function score(findings, onlyFiles) {
  const at = new Set(findings.map((f) => `${f.file}:${f.line}`));
  const hit = (file, line) => at.has(`${file}:${line}`);
  const perKind = {};
  for (const s of manifest.secrets) {
    if (onlyFiles && !onlyFiles.has(s.file)) continue;
    const entry = (perKind[s.kind] ??= { found: 0, planted: 0 });
    entry.planted += 1;
    const lines = s.startLine ? Array.from({ length: s.endLine - s.startLine + 1 }, (_, i) => s.startLine + i) : [s.line];
    if (lines.some((line) => hit(s.file, line))) entry.found += 1;
  }
  let decoys = 0;
  let decoysConsidered = 0;
  for (const d of manifest.decoyList) {
    if (onlyFiles && !onlyFiles.has(d.file)) continue;
    decoysConsidered += 1;
    // The AWS documentation decoy spans its id line and the secret line after it.
    if (hit(d.file, d.line) || (d.kind === 'aws_docs_example' && hit(d.file, d.line + 1))) decoys += 1;
  }
  return { perKind, decoys, decoysConsidered };
}

function printScore(name, s) {
  for (const [kind, { found, planted }] of Object.entries(s.perKind)) console.log(`  ${name.padEnd(10)} ${kind.padEnd(26)} ${String(found).padStart(3)}/${planted}`);
  console.log(`  ${name.padEnd(10)} decoys flagged             ${s.decoys}/${s.decoysConsidered}`);
}

// --- read-only baseline: the same directory listing, then open + read into one reused buffer + close and one indexOf
// per file, on one thread: the I/O floor for a single thread at that moment. (A fresh Buffer per file would leave
// 200 MB of garbage for the golive run that follows to collect.)
const { listDirectory, startOf } = await import(join(repo, 'dist', 'scan', 'walk.js'));
let scratch = Buffer.allocUnsafe(1 << 20);
function readOnlyPass() {
  const started = performance.now();
  let bytes = 0;
  let hits = 0;
  const stack = [startOf(corpus, []).dir];
  while (stack.length > 0) {
    const listing = listDirectory(stack.pop());
    stack.push(...listing.dirs);
    for (const file of listing.files) {
      const fd = openSync(file.abs, 'r');
      const size = fstatSync(fd).size;
      if (size > scratch.length) scratch = Buffer.allocUnsafe(size);
      const n = readSync(fd, scratch, 0, size, 0);
      closeSync(fd);
      bytes += n;
      if (scratch.subarray(0, n).indexOf('secret') !== -1) hits += 1;
    }
  }
  return { bytes, hits, ms: performance.now() - started };
}
const baseRuns = [];

// --- cold: `golive scan --format json` as a whole process, as a user or a pre-commit hook runs it: process start to
// exit, JSON written to a file. Three runs (BENCH_COLD_RUNS), each after a read-only pass. BENCH_COLD_AGAINST=<another
// checkout, built> runs its `bin/golive.js` in turn with this one's, so a change is measured side by side at the same load.
const coldRuns = [];
const coldOut = join(tmpdir(), `golive-scan-bench-${process.pid}.json`);
const against = process.env.BENCH_COLD_AGAINST;
const againstRuns = [];
let coldReport;
/** CPU seconds (user + sys) of the children this process has waited for (Linux /proc; undefined elsewhere). */
function childCpu() {
  if (!existsSync('/proc/self/stat')) return undefined;
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
function coldRun(checkout) {
  const out = openSync(coldOut, 'w');
  const cpu = childCpu();
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(checkout, 'bin', 'golive.js'), 'scan', corpus, '--format', 'json'], { stdio: ['ignore', out, 'inherit'] });
  const ms = performance.now() - started;
  closeSync(out);
  if (run.status !== 0 && run.status !== 1) throw new Error(`golive scan (${checkout}) exited with ${run.status}`);
  return { ms, cpu: cpu === undefined ? undefined : (childCpu() ?? 0) - cpu };
}
const coldRounds = Number(process.env.BENCH_COLD_RUNS ?? 3);
for (let i = 0; i < coldRounds; i += 1) {
  baseRuns.push(readOnlyPass());
  if (against !== undefined) againstRuns.push(coldRun(against));
  coldRuns.push(coldRun(repo));
  coldReport = JSON.parse(readFileSync(coldOut, 'utf8'));
}
rmSync(coldOut);

// --- golive: three runs (the first one may read from a cold page cache); peak RSS measured before secretlint loads.
const runs = [];
let report;
for (let i = 0; i < 3; i += 1) {
  baseRuns.push(readOnlyPass());
  report = await scanTree({ root: corpus, rules: 'all' });
  runs.push(report.stats.durationMs);
}
const goliveRss = process.resourceUsage().maxRSS / 1024;
const mb = report.stats.bytes / 1e6;
const best = Math.min(...runs);
const throughput = mb / (best / 1000);
const secretFindings = report.findings.filter((f) => f.category === 'secret');
const golive = score(secretFindings);
const coldBest = Math.min(...coldRuns.map((r) => r.ms));
const coldThroughput = mb / (coldBest / 1000);
const cold = score(coldReport.findings.filter((f) => f.category === 'secret'));
/** One line per checkout: wall per run, its best as MB/s, and CPU seconds (user + sys) per run. */
const coldLine = (name, rs) =>
  `${name} runs ${rs.map((r) => `${Math.round(r.ms)} ms${r.cpu === undefined ? '' : ` (${r.cpu.toFixed(2)} cpu-s)`}`).join(', ')} → best ${(mb / (Math.min(...rs.map((r) => r.ms)) / 1000)).toFixed(0)} MB/s`;
console.log(coldLine('golive cold whole process (`golive scan --format json`, start to exit):', coldRuns));
if (against !== undefined) console.log(coldLine(`  against ${against}, in turn with it:`, againstRuns));
console.log(`golive      ${report.stats.files} files, ${mb.toFixed(1)} MB; runs ${runs.map((ms) => `${ms} ms`).join(', ')} → best ${throughput.toFixed(0)} MB/s (${(mb / (runs[0] / 1000)).toFixed(0)} MB/s first run)`);
const baseBest = Math.min(...baseRuns.map((r) => r.ms));
const baseThroughput = baseRuns[0].bytes / 1e6 / (baseBest / 1000);
console.log(`read-only   same walker, open/fstat/read/close into one buffer + indexOf, one thread; runs ${baseRuns.map((r) => `${Math.round(r.ms)} ms`).join(', ')} → best ${baseThroughput.toFixed(0)} MB/s (golive warm is ${((throughput / baseThroughput) * 100).toFixed(0)}% of it, cold ${((coldThroughput / baseThroughput) * 100).toFixed(0)}%)`);
console.log(`golive      findings: ${secretFindings.length} secrets, ${report.findings.length - secretFindings.length} leftovers; peak RSS ${goliveRss.toFixed(0)} MB`);
printScore('golive', golive);
printScore('cold', cold);

// --- secretlint 11.7.1 + preset-recommend, same files (or a subset, said so).
const { lintSource } = await import('@secretlint/core');
const { creator: preset } = await import('@secretlint/secretlint-rule-preset-recommend');
const { readdirSync, statSync } = await import('node:fs');
const all = [];
(function walk(dir, rel) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(join(dir, e.name), r);
    else if (e.isFile()) all.push(r);
  }
})(corpus, '');
const marked = new Set([...manifest.secrets, ...manifest.decoyList].map((s) => s.file));
const chosen = [];
let chosenBytes = 0;
for (const file of [...all.filter((f) => marked.has(f)), ...all.filter((f) => !marked.has(f))]) {
  if (secretlintMb > 0 && chosenBytes > secretlintMb * 1e6 && !marked.has(file)) break;
  chosen.push(file);
  chosenBytes += statSync(join(corpus, file)).size;
}
const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset }] };
const started = performance.now();
const slFindings = [];
for (const file of chosen) {
  const content = readFileSync(join(corpus, file), 'utf8');
  const result = await lintSource({ source: { filePath: join(corpus, file), content, contentType: 'text' }, options: { config, maskSecrets: true } });
  for (const m of result.messages) slFindings.push({ file, line: m.loc.start.line });
}
const slSeconds = (performance.now() - started) / 1000;
const subset = chosen.length === all.length ? undefined : new Set(chosen);
console.log(`secretlint  ${chosen.length} files, ${(chosenBytes / 1e6).toFixed(1)} MB${subset ? ` (subset: every file with a plant or decoy, then others up to ${secretlintMb} MB; BENCH_SECRETLINT_MB=0 for all)` : ''}; ${(slSeconds * 1000).toFixed(0)} ms → ${(chosenBytes / 1e6 / slSeconds).toFixed(0)} MB/s`);
printScore('secretlint', score(slFindings, subset));

// --- targets
const allFound = Object.values(golive.perKind).every((k) => k.found === k.planted);
const coldAllFound = Object.values(cold.perKind).every((k) => k.found === k.planted);
const checks = [
  [`throughput ≥ 300 MB/s (${throughput.toFixed(0)} MB/s, best of 3)`, throughput >= 300],
  [`cold whole-process throughput ≥ 300 MB/s (${coldThroughput.toFixed(0)} MB/s, best of ${coldRounds})`, coldThroughput >= 300],
  [`every planted secret found (${Object.values(golive.perKind).reduce((s, k) => s + k.found, 0)}/${manifest.plantedTotal}; cold process ${Object.values(cold.perKind).reduce((s, k) => s + k.found, 0)})`, allFound && coldAllFound],
  [`no decoy flagged (${golive.decoys}; cold process ${cold.decoys})`, golive.decoys === 0 && cold.decoys === 0],
  [`peak RSS ≤ 300 MB (${goliveRss.toFixed(0)} MB)`, goliveRss <= 300],
];
for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${label}`);
const [load1] = (await import('node:os')).loadavg();
console.log(`(machine load average at the end: ${load1.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores)`);
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
