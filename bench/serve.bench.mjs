// The run-summary endpoint of `golive serve` (token auth, SQLite store, request logging on) under 50 concurrent
// connections, side by side with a bare node:http server answering the same JSON, in the same run.
// Targets (issue 11): golive ≥ 40% of the bare server's requests per second, and p99 ≤ 10 ms.
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of the golive process into DIR (open it in Chrome's DevTools).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const connections = 50;
const seconds = 5;
const bin = fileURLToPath(new URL('../bin/golive.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'golive-bench-serve-'));

const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
const golive = spawn(process.execPath, [...profile, bin, 'serve', '--port', '0', '--dir', dir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
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

// The baseline answers the same bytes from its own process, as golive does.
const bare = spawn(process.execPath, ['-e', `
  const body = ${JSON.stringify(body)};
  const s = require('node:http').createServer((q, r) => { r.setHeader('content-type', 'application/json; charset=utf-8'); r.end(body); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(bare.stdout, 'data');
const bareUrl = `http://127.0.0.1:${String(chunk).trim()}${summaryPath}`;

function load(url, headers) {
  return autocannon({ url, connections, duration: seconds, headers });
}

// Warm both (JIT, SQLite page cache), then two alternating rounds each; the better round of each counts.
await load(bareUrl, {});
await load(`${base}${summaryPath}`, { authorization: `Bearer ${token}` });
const results = { bare: [], golive: [] };
for (let round = 0; round < 2; round += 1) {
  results.bare.push(await load(bareUrl, {}));
  results.golive.push(await load(`${base}${summaryPath}`, { authorization: `Bearer ${token}` }));
}
golive.kill('SIGTERM');
bare.kill();
await once(golive, 'exit');
rmSync(dir, { recursive: true, force: true });

const best = (list) => list.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
const b = best(results.bare);
const g = best(results.golive);
if (g.non2xx > 0 || g.errors > 0) throw new Error(`golive answered ${g.non2xx} non-2xx and ${g.errors} errors`);
const ratio = g.requests.average / b.requests.average;
const line = (name, r) => `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms`;
console.log(`run summary, ${connections} connections, ${seconds} s rounds, ${body.length} bytes`);
console.log(line('bare node:http', b));
console.log(line('golive serve (token, SQLite, logs)', g));
console.log(`golive / bare = ${(ratio * 100).toFixed(0)}% (target ≥ 40%), p99 ${g.latency.p99} ms (target ≤ 10 ms)`);
if (ratio < 0.4 || g.latency.p99 > 10) {
  console.log('TARGET MISSED');
  process.exitCode = 1;
}
