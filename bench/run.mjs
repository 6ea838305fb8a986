// Runs every benchmark (bench/*.bench.mjs) one after another against the built dist/.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here).filter((file) => file.endsWith('.bench.mjs')).filter((file) => only.length === 0 || only.some((name) => file.includes(name))).sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n### ${bench}`);
  const result = spawnSync(process.execPath, ['--expose-gc', join(here, bench)], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
