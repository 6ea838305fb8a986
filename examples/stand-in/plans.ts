// Each example's golive.yaml is `golive import <seed>` with the edits of its EDITS.md, applied here so
// the committed plan can be regenerated (and compared) whenever the importer changes:
//   node --import tsx examples/stand-in/plans.ts          write examples/<name>/golive.yaml
//   node --import tsx examples/stand-in/plans.ts --check  exit 1 when one is stale
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { exampleNames, examplesDir, loadSpec, type ExampleName } from './spec.js';

const run = promisify(execFile);
const repo = join(examplesDir, '..');

/** shared/seeds beside the repository (CI and the machines), or the machines' /work/shared copy. */
export const seedsDir = [join(repo, '..', 'shared', 'seeds'), '/work/shared/seeds'].find((dir) => existsSync(dir));

/** Runs `golive import` on the example's seed and applies its edits; returns the plan's YAML. */
export async function importedPlan(name: ExampleName): Promise<string> {
  if (seedsDir === undefined) throw new Error('cannot find the seed checklists (../shared/seeds or /work/shared/seeds)');
  const spec = loadSpec(name);
  const { stdout } = await run(process.execPath, [join(repo, 'bin', 'golive.js'), 'import', join(seedsDir, spec.seed), '--format', 'yaml'], { cwd: repo, maxBuffer: 16 << 20 });
  const doc = parseDocument(stdout);
  const items = doc.get('items');
  if (!isSeq(items)) throw new Error(`${name}: the imported plan has no items`);
  for (const edit of spec.edits.checks) {
    const item = items.items.find((node): node is YAMLMap => isMap(node) && node.get('id') === edit.item);
    if (item === undefined) throw new Error(`${name}: EDITS.md edits ${edit.item}, which the importer no longer gives`);
    const check = item.get('check');
    // An edit with a kind gives a manual item the check the team added; otherwise it changes fields of the proposed one.
    if (typeof edit.set.kind === 'string') item.set('check', doc.createNode(edit.set));
    else if (isMap(check)) for (const [key, value] of Object.entries(edit.set)) check.set(key, value);
    else throw new Error(`${name}: EDITS.md edits the check of ${edit.item}, which the importer no longer proposes`);
  }
  for (const [variable, declared] of Object.entries(spec.edits.variables)) doc.setIn(['variables', variable], doc.createNode({ ...declared, required: true }));
  return doc.toString({ lineWidth: 0 });
}

export function planFile(name: ExampleName): string {
  return join(examplesDir, name, 'golive.yaml');
}

async function main(check: boolean): Promise<number> {
  let stale = 0;
  for (const name of exampleNames) {
    const text = await importedPlan(name);
    const current = await readFile(planFile(name), 'utf8').catch(() => '');
    if (text === current) continue;
    if (check) {
      stale += 1;
      process.stderr.write(`examples/${name}/golive.yaml is stale: run npm run examples:plans / 计划已过期，请运行 npm run examples:plans\n`);
    } else {
      await writeFile(planFile(name), text);
      process.stdout.write(`examples/${name}/golive.yaml written / 已写入\n`);
    }
  }
  return stale === 0 ? 0 : 1;
}

if (process.argv[1] === import.meta.filename) process.exitCode = await main(process.argv.includes('--check'));
