// Helpers for the examples' end-to-end tests: a copy of an example in a temp folder, its plan
// imported from the seed now (so a changed importer shows up here), and the results expected of it.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { StandIn } from '../../examples/stand-in/launch.js';
import { importedPlan } from '../../examples/stand-in/plans.js';
import { examplesDir, loadSpec, type ExampleName, type StandInSpec } from '../../examples/stand-in/spec.js';
import type { RunItem } from '../../examples/stand-in/golive.js';

/** The example copied to a temp folder (without what runs leave behind), with the seed imported now as its plan. */
export async function exampleCopy(name: ExampleName): Promise<{ dir: string; plan: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `golive-${name}-`));
  const skip = /\/(\.golive|backups?|node_modules)(\/|$)/;
  await cp(join(examplesDir, name), dir, { recursive: true, filter: (source) => !skip.test(source.slice(join(examplesDir, name).length)) });
  const plan = join(dir, 'golive.yaml');
  await writeFile(plan, await importedPlan(name));
  return { dir, plan, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Sign-off roles of a plan. */
export function signoffRoles(planText: string): string[] {
  const plan = parse(planText) as { roles?: { id: string; signoff?: boolean }[] };
  return (plan.roles ?? []).filter((role) => role.signoff === true).map((role) => role.id);
}

/** Ids of the plan's items that carry a check. */
export function checkedItems(planText: string): string[] {
  const plan = parse(planText) as { items: { id: string; check?: unknown }[] };
  return plan.items.filter((item) => item.check !== undefined && item.check !== null).map((item) => item.id);
}

/** What each checked item must give: a plant fails (where its service runs), a limit of the machine gives its status, the rest passes. */
export function expectedStatuses(spec: StandInSpec, standIn: StandIn, checked: readonly string[], mode: 'planted' | 'fixed'): Record<string, string> {
  const expected = Object.fromEntries(checked.map((id) => [id, 'pass']));
  if (mode === 'planted') for (const plant of spec.plants) if (plant.needs === undefined || standIn.available[plant.needs]) expected[plant.item] = 'fail';
  for (const limit of spec.limits) if (!standIn.available[limit.needs]) expected[limit.item] = limit.status;
  return expected;
}

/** The evidence of a result as one searchable text: failing conditions, the reason, the observed facts. */
export function evidenceText(item: RunItem): string {
  const evidence = item.evidence ?? {};
  const failed = (evidence.conditions ?? []).filter((condition) => !condition.passed).map((condition) => `${condition.condition}: ${condition.message.en}`);
  return [...failed, evidence.reason?.en ?? '', JSON.stringify(evidence.observed ?? null), evidence.target ?? ''].join('\n');
}

export { loadSpec };
