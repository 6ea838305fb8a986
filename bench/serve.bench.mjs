// The run-summary endpoint of `golive serve` (token auth, SQLite store, request logging on) under 50 concurrent
// connections, side by side with a bare node:http server answering the same JSON, in the same run.
// Targets (issue 11): golive ≥ 40% of the bare server's requests per second, and p99 ≤ 10 ms; the dashboard's first
// load (the JS and CSS index.html pulls in, as golive sends them to a browser accepting br/gzip) ≤ 500 KB.
//
// A plain Fastify instance answering the same bytes (no plugins, no hooks) is measured too, as the framework's own
// floor: what is left between it and golive is golive's per-request work. The three take turns in each round, and
// the round with the median golive/bare ratio is reported, so a burst of load from other processes on a shared
// machine moves one round, not the result.
//
// BENCH_DATABASE_URL=postgres://… runs golive on PostgreSQL instead (a fresh schema, dropped afterwards).
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of the golive process into DIR (open it in Chrome's DevTools).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const connections = 50;
const seconds = 5;
const rounds = 3;
const bin = fileURLToPath(new URL('../bin/golive.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'golive-bench-serve-'));
const pgBase = process.env.BENCH_DATABASE_URL;
const pgSchema = `golive_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
const databaseUrl = pgBase ? `${pgBase}${pgBase.includes('?') ? '&' : '?'}schema=${pgSchema}` : '';
const storeName = pgBase ? 'PostgreSQL' : 'SQLite';

const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
const golive = spawn(process.execPath, [...profile, bin, 'serve', '--port', '0', '--dir', dir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATABASE_URL: databaseUrl } });
let stderr = '';
golive.stderr.setEncoding('utf8');
while (!/setup#\S+/.test(stderr)) {
  const [chunk] = await once(golive.stderr, 'data');
  stderr += chunk;
}
golive.stderr.resume();
const setupUrl = /(http:\/\/\S+\/setup#\S+)/.exec(stderr)[1];
const base = setupUrl.slice(0, setupUrl.indexOf('/setup'));

async function call(method, path, body, headers = {}) {
  const response = await fetch(`${base}${path}`, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return { json: response.status === 204 ? null : await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

// An administrator, a project, a plan of manual items (no network), a run and a read token.
const setup = await call('POST', '/api/v1/setup', { secret: setupUrl.split('#')[1], username: 'admin', displayName: 'Admin', password: 'bench password 12' });
const as = { cookie: setup.cookie, 'x-csrf-token': setup.json.csrfToken };
await call('POST', '/api/v1/projects', { id: 'bench', name: 'Bench' }, as);
const items = Array.from({ length: 40 }, (_, index) => `  - { id: item-${index}, title: Item ${index}, priority: high, manual: check it }`).join('\n');
const plan = (await call('POST', '/api/v1/projects/bench/plans', { source: `name: bench\nitems:\n${items}\n` }, as)).json.plan;
const run = (await call('POST', `/api/v1/plans/${plan.id}/runs`, { release: 'v1' }, as)).json.run;
for (let index = 0; index < 10; index += 1) await call('POST', `/api/v1/runs/${run.id}/items/item-${index}/verify`, { status: 'pass', note: 'ok' }, as);
const token = (await call('POST', '/api/v1/tokens', { name: 'bench', projectId: 'bench', scopes: ['read'] }, as)).json.token;
const summaryPath = `/api/v1/runs/${run.id}/summary`;
const body = JSON.stringify((await call('GET', summaryPath, undefined, { authorization: `Bearer ${token}` })).json);

/** The dashboard's first load over the wire: index.html's scripts, module preloads and stylesheets, compressed as sent. */
async function firstLoadBytes() {
  const html = await fetch(`${base}/`).then((response) => (response.ok ? response.text() : ''));
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  let total = 0;
  for (const asset of assets) {
    const response = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    // fetch decodes the body; the bytes on the wire are the precompressed file's, which Content-Length gives.
    total += Number(response.headers.get('content-length') ?? (await response.arrayBuffer()).byteLength);
    await response.body?.cancel();
  }
  return { assets: assets.length, total };
}
const firstLoad = await firstLoadBytes();

/** A reference server in its own process answering the same bytes, as golive does; prints its port. */
async function reference(source) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'inherit'], cwd: fileURLToPath(new URL('..', import.meta.url)) });
  const [chunk] = await once(child.stdout, 'data');
  return { child, url: `http://127.0.0.1:${String(chunk).trim()}${summaryPath}` };
}
const bare = await reference(`
  import { createServer } from 'node:http';
  const body = ${JSON.stringify(body)};
  const s = createServer((q, r) => { r.setHeader('content-type', 'application/json; charset=utf-8'); r.end(body); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`);
const floor = await reference(`
  import Fastify from 'fastify';
  const body = ${JSON.stringify(body)};
  const app = Fastify({ logger: false });
  app.get('/api/v1/runs/:runId/summary', (q, r) => r.type('application/json; charset=utf-8').send(body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  console.log(app.server.address().port);
`);

const targets = {
  bare: { url: bare.url, headers: {} },
  floor: { url: floor.url, headers: {} },
  golive: { url: `${base}${summaryPath}`, headers: { authorization: `Bearer ${token}` } },
};
const pids = { bare: bare.child.pid, floor: floor.child.pid, golive: golive.pid };
/** CPU seconds a process has used (user + system), from /proc on Linux; undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
// CPU time per answered request, next to the rates: on a shared machine the rates move with the load, the cost much less.
async function load(name) {
  const before = cpuSeconds(pids[name]);
  const result = await autocannon({ url: targets[name].url, connections, duration: seconds, headers: targets[name].headers });
  const after = cpuSeconds(pids[name]);
  return { ...result, cpuMicros: before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / result.requests.total };
}

// Warm all three (JIT, page cache, the read cache), then rounds in which they take turns.
for (const name of Object.keys(targets)) await load(name);
const measured = [];
for (let round = 0; round < rounds; round += 1) {
  const results = {};
  for (const name of Object.keys(targets)) results[name] = await load(name);
  measured.push({ ...results, load: loadavg()[0], ratio: results.golive.requests.average / results.bare.requests.average });
}
golive.kill('SIGTERM');
bare.child.kill();
floor.child.kill();
await once(golive, 'exit');
rmSync(dir, { recursive: true, force: true });
if (pgBase) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgBase });
  await client.connect();
  await client.query(`drop schema if exists ${pgSchema} cascade`);
  await client.end();
}

const failed = measured.find((round) => round.golive.non2xx > 0 || round.golive.errors > 0);
if (failed) throw new Error(`golive answered ${failed.golive.non2xx} non-2xx and ${failed.golive.errors} errors`);
const line = (name, r) => `${name.padEnd(36)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms${r.cpuMicros === undefined ? '' : `   CPU ${r.cpuMicros.toFixed(0).padStart(3)} µs/request`}`;
console.log(`run summary, ${connections} connections, ${seconds} s per server, ${rounds} rounds, ${body.length} bytes`);
for (const [index, round] of measured.entries()) console.log(`round ${index + 1}: golive / bare = ${(round.ratio * 100).toFixed(0)}%, golive p99 ${round.golive.latency.p99} ms, bare p99 ${round.bare.latency.p99} ms, load average ${round.load.toFixed(1)}`);
const median = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds / 2)];
console.log(`median round:`);
console.log(line('bare node:http', median.bare));
console.log(line('plain Fastify (framework floor)', median.floor));
console.log(line(`golive serve (token, ${storeName}, logs)`, median.golive));
console.log(`golive / bare = ${(median.ratio * 100).toFixed(0)}% (target ≥ 40%), p99 ${median.golive.latency.p99} ms (target ≤ 10 ms); floor / bare = ${((median.floor.requests.average / median.bare.requests.average) * 100).toFixed(0)}%`);
console.log(firstLoad.assets > 0 ? `dashboard first load: ${firstLoad.assets} files, ${(firstLoad.total / 1024).toFixed(0)} KB compressed (target ≤ 500 KB)` : 'dashboard first load: not built (npm run build)');
if (median.ratio < 0.4 || median.golive.latency.p99 > 10 || firstLoad.assets === 0 || firstLoad.total > 500 * 1024) {
  console.log('TARGET MISSED');
  process.exitCode = 1;
}
