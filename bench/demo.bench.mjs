// `npm run demo` (five stand-ins, five recorded runs; dist/ already built, as after npm install), side by side
// with a baseline in the same run: one `golive run start` of the hand-written examples/demo plan, which needs
// no stand-in. Target (issue 13): the demo finishes in under a minute on the 2-core machines.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = 3;

function measure(args) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], max: times[runs - 1] };
}

const baseline = measure([join(root, 'bin/golive.js'), 'run', 'start', '-p', 'examples/demo/golive.yaml', '--release', 'bench', '--format', 'json']);
const demo = measure(['--import', 'tsx', join(root, 'examples/stand-in/demo.ts')]);
const row = (name, m) => `${name.padEnd(44)} median ${(m.median / 1000).toFixed(1).padStart(6)} s   max ${(m.max / 1000).toFixed(1).padStart(6)} s`;
console.log(row('golive run start examples/demo (baseline)', baseline));
console.log(row('npm run demo (5 stand-ins, 5 runs)', demo));
const pass = demo.max < 60_000;
console.log(`demo = ${(demo.median / baseline.median).toFixed(1)} × one run of the small plan; target < 60 s: ${pass ? 'PASS' : 'FAIL'}`);
process.exitCode = pass ? 0 : 1;
