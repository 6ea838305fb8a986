import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { readPlanDocument } from '../plan/load.js';
import type { RunRecord, Store } from '../store/store.js';

/** The plan's name from its file, without resolving variables (no prompts, no secrets needed). */
export async function readPlanName(planPath: string): Promise<string> {
  const doc = await readPlanDocument(planPath);
  const name = (doc.data as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || name === '') throw new GoliveError('plan.invalid', bi(`${planPath} has no plan name`, `${planPath} 缺少计划名称（name）`));
  return name;
}

/** The run with `runId`, else the plan's latest open run (or latest run at all with `anyStatus`). */
export async function findRun(store: Store, planPath: string, runId: string | undefined, options: { readonly anyStatus?: boolean } = {}): Promise<RunRecord> {
  if (runId) {
    const run = await store.getRun(runId);
    if (!run) throw new GoliveError('run.missing', bi(`no run ${runId} in ${store.location} (see \`golive run list\`)`, `${store.location} 中没有运行 ${runId}（见 \`golive run list\`）`));
    return run;
  }
  const planName = await readPlanName(planPath);
  const run = (await store.latestRun(planName, { openOnly: true })) ?? (options.anyStatus ? await store.latestRun(planName) : undefined);
  if (!run) {
    throw new GoliveError('run.none', bi(`plan "${planName}" has no open run; start one with \`golive run start --release vX.Y.Z\``, `计划 "${planName}" 没有进行中的运行；请先运行 \`golive run start --release vX.Y.Z\``));
  }
  return run;
}
