import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exitCodes, GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { PlanGuard } from '../../plan/schema.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';

/** The plan named by `-p`, else the nearest golive.yaml from the working directory up (as git finds .git). */
function findPlan(ctx: CliContext, plan: string | undefined): string | undefined {
  if (plan !== undefined) return resolve(ctx.cwd, plan);
  for (let dir = ctx.cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'golive.yaml'))) return join(dir, 'golive.yaml');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The plan's guards and default environment, read without resolving variables (a guard must not prompt). */
async function readGuards(planPath: string): Promise<{ guards: PlanGuard[]; defaultEnvironment: string | undefined }> {
  const { readPlanDocument } = await import('../../plan/load.js');
  const { planSchema } = await import('../../plan/schema.js');
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

export const guardCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('guard')
      .description(t(bi("run a command unless the plan's guards forbid it (or require a passed gate first)", '运行命令，除非计划的 guards 禁止它（或要求先通过门禁）')))
      .showHelpAfterError(t(bi('(put the command after --, e.g. `golive guard -- docker compose down -v`)', '（命令请写在 -- 之后，例如 `golive guard -- docker compose down -v`）')))
      .argument('<command...>', t(bi('the command, after --', '要运行的命令，写在 -- 之后')))
      .option('-p, --plan <file>', t(bi('the plan (default: the nearest golive.yaml upwards)', '计划文件（默认：向上查找最近的 golive.yaml）')))
      .option('-e, --env <name>', t(bi('environment the command acts on (default: GOLIVE_ENV, then the plan\'s defaultEnvironment)', '命令作用的环境（默认：GOLIVE_ENV，其次计划的 defaultEnvironment）')))
      .option('--run <id>', t(bi('run whose gate a require-gate guard asks for (default: the plan\'s latest open run)', 'require-gate 规则所依据的运行（默认：计划最近的进行中运行）')))
      .option('--check', t(bi('only decide: exit 0 when allowed, 1 when refused; run nothing (git hooks)', '只判断：允许则退出码 0，拒绝则 1；不运行命令（用于 git hook）')))
      .addHelpText(
        'after',
        examplesHelp(
          t,
          ['golive guard -- docker compose down -v', 'golive guard -- docker compose up -d', 'golive guard --check -- git push origin main --force'],
          bi('Exit codes: the command\'s own when it ran; 1 refused; 2 usage or plan error.', '退出码：命令运行时为命令自身的退出码；1 被拒绝；2 用法或计划错误。'),
        ),
      )
      .action(async (argv, options) => {
        const ctx = context();
        const planPath = findPlan(ctx, options.plan);
        if (planPath !== undefined && !existsSync(planPath)) {
          throw new GoliveError('plan.missing', bi(`no plan at ${planPath}`, `${planPath} 处没有计划文件`));
        }
        if (planPath === undefined) {
          ctx.err(ctx.t(bi('golive guard: no golive.yaml here or above; the command is not guarded', 'golive guard：当前及上级目录没有 golive.yaml；命令未受保护')));
        } else {
          const { guards, defaultEnvironment } = await readGuards(planPath);
          const { guardHits } = await import('../../guard/guards.js');
          const environment = options.env ?? ctx.env.GOLIVE_ENV ?? defaultEnvironment;
          const hits = guardHits(guards, argv, environment);
          const forbidden = hits.find((hit) => (hit.guard.action ?? 'forbid') === 'forbid');
          if (forbidden) {
            ctx.err(
              ctx.t(
                bi(
                  `golive guard: refused \`${argv.join(' ')}\`: the plan forbids \`${forbidden.guard.command}\`${guardSource(forbidden.guard)}${forbidden.guard.reason ? ` — ${forbidden.guard.reason}` : ''}`,
                  `golive guard：已拒绝 \`${argv.join(' ')}\`：计划禁止 \`${forbidden.guard.command}\`${guardSource(forbidden.guard)}${forbidden.guard.reason ? ` —— ${forbidden.guard.reason}` : ''}`,
                ),
              ),
            );
            ctx.exit(exitCodes.gateFailed);
            return;
          }
          const gated = hits.find((hit) => hit.guard.action === 'require-gate');
          if (gated) {
            const refusal = await gateRefusal(ctx, planPath, options.run, gated.guard);
            if (refusal) {
              ctx.err(ctx.t(refusal));
              ctx.exit(exitCodes.gateFailed);
              return;
            }
          }
        }
        if (options.check) return;
        const { finished, spawnCommand } = await import('../../guard/spawn-through.js');
        const end = await finished(spawnCommand(argv, { cwd: ctx.cwd, env: ctx.env, capture: false }));
        if (end.startError) ctx.err(ctx.t(bi(`golive guard: cannot run ${argv[0]}: ${end.startError}`, `golive guard：无法运行 ${argv[0]}：${end.startError}`)));
        ctx.exitWith?.(end.code);
      });
  },
};

/** Why a require-gate guard refuses now (no run, or its gate did not pass), or undefined when the gate passed. */
async function gateRefusal(ctx: CliContext, planPath: string, runId: string | undefined, guard: PlanGuard) {
  const what = `\`${guard.command}\`${guardSource(guard)}`;
  try {
    return await withStore(openPlanStore(ctx, planPath, { mustExist: true }), async (sc) => {
      const run = await resolveRun(sc, runId);
      const { gateRun } = await import('../../service/gate.js');
      const { gate } = await gateRun(sc.store, run);
      if (gate.passed) return undefined;
      return bi(
        `golive guard: refused: ${what} needs a passed gate, and run ${run.id} (${run.release ?? 'no release'}) has not passed:\n${gate.reasons.map((reason) => `  - ${reason.en}`).join('\n')}`,
        `golive guard：已拒绝：${what} 需要门禁通过，而运行 ${run.id}（${run.release ?? '无版本'}）未通过：\n${gate.reasons.map((reason) => `  - ${reason.zh}`).join('\n')}`,
      );
    });
  } catch (error) {
    if (!(error instanceof GoliveError)) throw error;
    return bi(`golive guard: refused: ${what} needs a passed gate, and there is none: ${error.text.en}`, `golive guard：已拒绝：${what} 需要门禁通过，但没有可用的运行：${error.text.zh}`);
  }
}
