// Scale-out simulation of post-launch inspections: PROJECTS runs × 20 hourly inspections, all due
// within one hour of an accelerated clock, carried out by 1, 2 and 3 real `golive worker` processes
// over one PostgreSQL store, each running 1 or 8 jobs at once (`--concurrency`); each inspection runs an http check
// against a loopback server. Each worker count and concurrency runs on both queue paths side by side: the store's own
// jobs table (claims under the store's write lock) and pg-boss (team mode's default: golive dispatches due jobs,
// pg-boss hands them out with SKIP LOCKED).
// Reports jobs per second, lag p50/p99 (wall time from due to finished) and whether every job
// completed exactly once (server hits == jobs). Baseline in the same run: the same checks run
// back to back by one process with no queue at all.
//
//   node bench/scale-out.bench.mjs            (needs `npm run build` and PostgreSQL on 127.0.0.1:5432)
//   BENCH_PROJECTS=1000 BENCH_HOUR_MS=60000 node bench/scale-out.bench.mjs   (full size, as in bench/RESULTS.md: ~46 min)
//   BENCH_QUEUES=pg-boss BENCH_HOUR_MS=2000 node bench/scale-out.bench.mjs   (one path; a burst: the hour in 2 s)
//   BENCH_WORKERS=3 BENCH_CONCURRENCY=1,4,16 node bench/scale-out.bench.mjs  (other worker counts and slots per worker)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const golive = fileURLToPath(new URL('../bin/golive.js', import.meta.url));
const projects = Number(process.env.BENCH_PROJECTS ?? 100);
const inspections = 20;
const hourWallMs = Number(process.env.BENCH_HOUR_MS ?? 10_000);
const scale = 3_600_000 / hourWallMs;
const queues = (process.env.BENCH_QUEUES ?? 'store,pg-boss').split(',');
const list = (text) => text.split(',').map(Number).filter((value) => Number.isInteger(value) && value > 0);
const workerCounts = list(process.env.BENCH_WORKERS ?? '1,2,3');
const concurrencies = list(process.env.BENCH_CONCURRENCY ?? '1,8');
// 30 s of wall time, in plan time: a lease of a few wall seconds can run out before a heartbeat that a loaded
// machine delays, and the job runs twice.
const lease = `${Math.round((30_000 * scale) / 60_000)}m`;
const baseUrl = 'postgres://postgres@127.0.0.1:5432/test';

const reachable = await new pg.Client({ connectionString: baseUrl }).connect().then((client) => client.end().then(() => true), () => false);
if (!reachable) {
  console.log('scale-out: SKIPPED, PostgreSQL is not running on 127.0.0.1:5432');
  process.exit(0);
}

let hits = 0;
const server = createServer((request, response) => {
  hits += 1;
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const target = `http://127.0.0.1:${server.address().port}/healthz`;

function plan() {
  const lines = ['name: scale-out', 'items:', '  - id: health', '    title: health', '    priority: high', `    check: { kind: http, url: "${target}", expect: ["status == 200"] }`, 'inspections:'];
  for (let index = 0; index < inspections; index += 1) lines.push(`  - { id: i${index}, schedule: every 1h, for: 1h, items: [health] }`);
  return `${lines.join('\n')}\n`;
}

async function baseline(count) {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await fetch(target).then((response) => response.text());
  return count / ((performance.now() - started) / 1000);
}

async function scenario(workers, concurrency, queue) {
  const setupStarted = Date.now();
  const schema = `golive_bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'golive-scale-'));
  writeFileSync(join(dir, 'golive.yaml'), plan());
  const storeEnv = { ...process.env, DATABASE_URL: `${baseUrl}?schema=${schema}`, GOLIVE_AUDIT_KEY: 'scale-out-bench-key-0123456789abcdef', GOLIVE_LANG: 'en' };
  const { openLaunchStore: openStore } = await import('../dist/service/store.js');
  const store = await openStore({ planDir: dir, env: storeEnv });
  const { loadPlan } = await import('../dist/plan/load.js');
  const loaded = await loadPlan(join(dir, 'golive.yaml'), { env: storeEnv });
  const runs = [];
  for (let project = 0; project < projects; project += 1) {
    runs.push(await store.createRun({ plan: loaded.plan, source: loaded.source, planPath: join(dir, 'golive.yaml'), environment: null, release: `p${project}`, createdBy: 'bench' }));
  }
  // The hour starts once the runs exist (1,000 of them take a while): due times are spread over the hour that follows.
  const origin = Date.now() + 3_000;
  const env = { ...storeEnv, GOLIVE_TIME_SCALE: String(scale), GOLIVE_TIME_ORIGIN: String(origin) };
  const jobs = [];
  for (const run of runs) {
    // Spread each project's inspections over the hour, as teams launch at different times.
    const offset = Math.floor(Math.random() * 3_600_000);
    for (let index = 0; index < inspections; index += 1) {
      const due = new Date(origin + ((offset + index * 180_000) % 3_600_000)).toISOString();
      jobs.push({ id: `inspect/${run.id}/i${index}/${due}`, queue: 'inspection', runId: run.id, payload: { runId: run.id, planPath: join(dir, 'golive.yaml'), environment: null, inspection: `i${index}`, startedAt: origin }, dueAt: due });
    }
  }
  for (let at = 0; at < jobs.length; at += 500) await store.enqueueJobs(jobs.slice(at, at + 500));
  const setupMs = Date.now() - setupStarted;
  hits = 0;
  const started = Date.now();
  const children = Array.from({ length: workers }, (_, index) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [golive, 'worker', '--exit-when-idle', '--queue', queue, '--concurrency', String(concurrency), '--lease', lease, '--name', `w${index + 1}`], { cwd: dir, env, stdio: ['ignore', 'ignore', 'ignore'] });
      child.once('exit', resolve);
    }),
  );
  await Promise.all(children);
  const wallMs = Date.now() - started;
  const finished = await store.jobs({ queue: 'inspection' });
  await store.close();
  const lags = finished
    .map((job) => {
      // From due, or from the workers' start for a job due before they were there (the lag the queue adds).
      const dueWall = Math.max(started, origin + (Date.parse(job.dueAt) - origin) / scale);
      return Date.parse(job.finishedAt ?? '') - dueWall;
    })
    .sort((a, b) => a - b);
  const quantile = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.query(`drop schema if exists ${schema}_boss cascade`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
  return {
    workers,
    concurrency,
    queue,
    setupMs,
    wallMs,
    jobs: jobs.length,
    done: finished.filter((job) => job.status === 'done').length,
    executions: hits,
    twice: finished.filter((job) => job.attempts > 1).length,
    jobsPerSecond: jobs.length / (wallMs / 1000),
    lagP50: quantile(0.5),
    lagP99: quantile(0.99),
  };
}

const { loadavg } = await import('node:os');
const loadAtStart = loadavg()[0];
console.log(`scale-out: ${projects} projects × ${inspections} hourly inspections = ${projects * inspections} jobs due within one hour of plan time (${hourWallMs / 1000} s of wall time); workers ${workerCounts.join(',')} × concurrency ${concurrencies.join(',')} × queues ${queues.join(',')}; load ${loadAtStart.toFixed(1)}`);
const checksPerSecond = await baseline(2_000);
console.log(`baseline: the same http check back to back in one process, no queue: ${checksPerSecond.toFixed(0)} checks/s`);
const results = [];
for (const workers of workerCounts) for (const concurrency of concurrencies) for (const queue of queues) {
  const result = await scenario(workers, concurrency, queue);
  results.push(result);
  const once = result.done === result.jobs && result.executions === result.jobs;
  console.log(
    `${workers} worker(s) × ${concurrency} slot(s), queue ${queue.padEnd(7)}: ${result.jobsPerSecond.toFixed(0)} jobs/s, lag p50 ${(result.lagP50 / 1000).toFixed(1)} s, p99 ${(result.lagP99 / 1000).toFixed(1)} s, done ${result.done}/${result.jobs}, executions ${result.executions}${once ? ' (each exactly once)' : ' (NOT exactly once)'}; setup ${(result.setupMs / 1000).toFixed(0)} s, workers ${(result.wallMs / 1000).toFixed(0)} s`,
  );
}
server.close();
const loadAtEnd = loadavg()[0];
const rows = [
  '| workers | concurrency | queue | jobs/s | lag p50 | lag p99 | done | executions |',
  '|---|---|---|---|---|---|---|---|',
  `| baseline (no queue) | | | ${checksPerSecond.toFixed(0)} checks/s | | | | |`,
  ...results.map((result) => {
    const once = result.done === result.jobs && result.executions === result.jobs;
    return `| ${result.workers} | ${result.concurrency} | ${result.queue} | ${result.jobsPerSecond.toFixed(0)} | ${(result.lagP50 / 1000).toFixed(1)} s | ${(result.lagP99 / 1000).toFixed(1)} s | ${result.done}/${result.jobs} | ${result.executions}${once ? ' (each once)' : ' (NOT once)'} |`;
  }),
];
console.log(`\nload average ${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end\n${rows.join('\n')}`);
