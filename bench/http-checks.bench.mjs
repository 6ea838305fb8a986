// 1,000 HTTP checks with three conditions each against a loopback server, side by side with a bare
// node:http keep-alive loop making the same 1,000 requests at the same concurrency.
// Target (issue 4): golive's wall time ≤ 1.5× the bare loop's.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { executePlan } from '../dist/runner/execute-plan.js';
import { planSchema } from '../dist/plan/schema.js';

const requests = 1000;
const concurrency = 8;

// The server runs in its own process so it does not share an event loop with either client.
const server = spawn(process.execPath, ['-e', `
  const s = require('node:http').createServer((q, r) => { r.setHeader('content-type', 'application/json'); r.end('{"status":"ok","items":[1,2,3]}'); });
  s.keepAliveTimeout = 60000;
  s.listen(0, '127.0.0.1', () => console.log(s.address().port));
`], { stdio: ['ignore', 'pipe', 'inherit'] });
const [chunk] = await once(server.stdout, 'data');
const port = Number(String(chunk).trim());
const url = `http://127.0.0.1:${port}/healthz`;

async function bareLoop() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      await new Promise((resolve, reject) => {
        http.get(url, { agent }, (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (data) => (body += data));
          response.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
      });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return elapsed;
}

async function golive() {
  const plan = planSchema.parse({
    name: 'bench',
    items: Array.from({ length: requests }, (_, index) => ({
      id: `healthz-${index}`,
      title: 'health',
      check: { kind: 'http', url, expect: ['status == 200', 'body.status == "ok"', 'latency < 5s'] },
    })),
  });
  const loaded = { plan, planPath: '/tmp/bench.yaml', planDir: '/tmp', environment: undefined, variables: {}, secretValues: [], source: '' };
  const started = performance.now();
  const results = await executePlan(loaded, { concurrency });
  const elapsed = performance.now() - started;
  const passed = results.filter((result) => result.status === 'pass').length;
  if (passed !== requests) throw new Error(`only ${passed}/${requests} checks passed: ${JSON.stringify(results.find((r) => r.status !== 'pass'))}`);
  return elapsed;
}

// Warm both paths once (JIT, module loading, connection pools), then alternate five rounds and take medians,
// so a busy machine slows both sides alike.
await bareLoop();
await golive();
const bareTimes = [];
const ourTimes = [];
for (let round = 0; round < 5; round += 1) {
  bareTimes.push(await bareLoop());
  ourTimes.push(await golive());
}
server.kill();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bare = median(bareTimes);
const ours = median(ourTimes);

const ratio = ours / bare;
console.log(`bare node:http keep-alive loop   ${requests} requests   ${bare.toFixed(0).padStart(6)} ms`);
console.log(`golive executePlan (3 conditions) ${requests} checks     ${ours.toFixed(0).padStart(6)} ms`);
console.log(`ratio ${ratio.toFixed(2)}×; target ≤ 1.5×: ${ratio <= 1.5 ? 'PASS' : 'FAIL'}`);
process.exitCode = ratio <= 1.5 ? 0 : 1;
