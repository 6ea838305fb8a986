import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import { guardHits } from '../guard/guards.js';
import { readPlanDocument } from '../plan/load.js';
import { planSchema, type PlanGuard } from '../plan/schema.js';

/** The plan named (relative to `cwd`), else the nearest golive.yaml from `cwd` up (as git finds .git); undefined when there is none. */
export function locatePlan(cwd: string, plan: string | undefined): string | undefined {
  if (plan !== undefined) return resolve(cwd, plan);
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'golive.yaml'))) return join(dir, 'golive.yaml');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The plan's guards and default environment, read without resolving variables (a guard must not prompt). */
async function readGuards(planPath: string): Promise<{ guards: PlanGuard[]; defaultEnvironment: string | undefined }> {
  const data = (await readPlanDocument(planPath)).data as { guards?: unknown; defaultEnvironment?: unknown } | null;
  const parsed = planSchema.shape.guards.safeParse(data?.guards);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `guards.${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new GoliveError('plan.invalid', bi(`${planPath}: ${issues}`, `${planPath}：${issues}`));
  }
  return { guards: parsed.data ?? [], defaultEnvironment: typeof data?.defaultEnvironment === 'string' ? data.defaultEnvironment : undefined };
}

function guardSource(guard: PlanGuard): string {
  return guard.source?.line ? ` (${guard.source.file ?? 'plan'}:${guard.source.line})` : '';
}

/** Whether a command may run: refused with the reason, or allowed (with a notice when nothing guards it). */
export type GuardVerdict = { readonly allowed: true; readonly notice?: Bilingual } | { readonly allowed: false; readonly why: Bilingual };

/**
 * Holds a command against the plan's guards for an environment (given, else `GOLIVE_ENV`, else the plan's
 * `defaultEnvironment`): a `forbid` guard refuses it, a `require-gate` guard asks the run's gate (recomputed now).
 */
export async function decideGuard(input: { readonly planPath: string | undefined; readonly argv: readonly string[]; readonly environment?: string; readonly runId?: string; readonly env: NodeJS.ProcessEnv }): Promise<GuardVerdict> {
  const { planPath, argv } = input;
  if (planPath === undefined) return { allowed: true, notice: bi('golive guard: no golive.yaml here or above; the command is not guarded', 'golive guard：当前及上级目录没有 golive.yaml；命令未受保护') };
  if (!existsSync(planPath)) throw new GoliveError('plan.missing', bi(`no plan at ${planPath}`, `${planPath} 处没有计划文件`));
  const { guards, defaultEnvironment } = await readGuards(planPath);
  const hits = guardHits(guards, argv, input.environment ?? input.env.GOLIVE_ENV ?? defaultEnvironment);
  const forbidden = hits.find((hit) => (hit.guard.action ?? 'forbid') === 'forbid');
  if (forbidden) {
    const { guard } = forbidden;
    return {
      allowed: false,
      why: bi(
        `golive guard: refused \`${argv.join(' ')}\`: the plan forbids \`${guard.command}\`${guardSource(guard)}${guard.reason ? ` — ${guard.reason}` : ''}`,
        `golive guard：已拒绝 \`${argv.join(' ')}\`：计划禁止 \`${guard.command}\`${guardSource(guard)}${guard.reason ? ` —— ${guard.reason}` : ''}`,
      ),
    };
  }
  const gated = hits.find((hit) => hit.guard.action === 'require-gate');
  const refusal = gated ? await gateRefusal(planPath, input.runId, gated.guard, input.env) : undefined;
  return refusal ? { allowed: false, why: refusal } : { allowed: true };
}

/** Why a require-gate guard refuses now (no run, or its gate did not pass), or undefined when the gate passed. */
async function gateRefusal(planPath: string, runId: string | undefined, guard: PlanGuard, env: NodeJS.ProcessEnv): Promise<Bilingual | undefined> {
  const what = `\`${guard.command}\`${guardSource(guard)}`;
  // Loaded only here: most guarded commands never need the store (a shell function runs guard on every call).
  const [{ openLaunchStore }, { findRun }, { gateRun }] = await Promise.all([import('./store.js'), import('./find-run.js'), import('./gate.js')]);
  try {
    const store = await openLaunchStore({ planDir: dirname(planPath), env, mustExist: true });
    try {
      const run = await findRun(store, planPath, runId);
      const { gate } = await gateRun(store, run);
      if (gate.passed) return undefined;
      return bi(
        `golive guard: refused: ${what} needs a passed gate, and run ${run.id} (${run.release ?? 'no release'}) has not passed:\n${gate.reasons.map((reason) => `  - ${reason.en}`).join('\n')}`,
        `golive guard：已拒绝：${what} 需要门禁通过，而运行 ${run.id}（${run.release ?? '无版本'}）未通过：\n${gate.reasons.map((reason) => `  - ${reason.zh}`).join('\n')}`,
      );
    } finally {
      await store.close();
    }
  } catch (error) {
    if (!(error instanceof GoliveError)) throw error;
    return bi(`golive guard: refused: ${what} needs a passed gate, and there is none: ${error.text.en}`, `golive guard：已拒绝：${what} 需要门禁通过，但没有可用的运行：${error.text.zh}`);
  }
}
