// Cold start of `golive --version`, side by side with a bare `node -e 0` in the same run.
// Target (issue 4): golive --version ≤ 150 ms.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = 20;

function measure(args) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], p90: times[Math.floor(runs * 0.9)] };
}

const bare = measure(['-e', '0']);
const version = measure([join(root, 'bin/golive.js'), '--version']);
const help = measure([join(root, 'bin/golive.js'), '--help']);
const row = (name, m) => `${name.padEnd(24)} median ${m.median.toFixed(1).padStart(7)} ms   p90 ${m.p90.toFixed(1).padStart(7)} ms`;
console.log(row('node -e 0 (baseline)', bare));
console.log(row('golive --version', version));
console.log(row('golive --help', help));
const pass = version.median <= 150;
console.log(`golive --version over baseline: +${(version.median - bare.median).toFixed(1)} ms; target ≤ 150 ms: ${pass ? 'PASS' : 'FAIL'}`);
if (!pass && bare.median > 100) console.log(`note: a bare node start already takes ${bare.median.toFixed(0)} ms here (load average ${(await import('node:os')).loadavg()[0].toFixed(1)}); re-run on an idle machine`);
process.exitCode = pass ? 0 : 1;
