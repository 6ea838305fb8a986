import { exitCodes } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';

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
        const { decideGuard, locatePlan } = await import('../../service/guard.js');
        const verdict = await decideGuard({ planPath: locatePlan(ctx.cwd, options.plan), argv, env: ctx.env, ...(options.env ? { environment: options.env } : {}), ...(options.run ? { runId: options.run } : {}) });
        if (!verdict.allowed) {
          ctx.err(ctx.t(verdict.why));
          ctx.exit(exitCodes.gateFailed);
          return;
        }
        if (verdict.notice) ctx.err(ctx.t(verdict.notice));
        if (options.check) return;
        const { finished, spawnCommand } = await import('../../guard/spawn-through.js');
        const end = await finished(spawnCommand(argv, { cwd: ctx.cwd, env: ctx.env, capture: false }));
        if (end.startError) ctx.err(ctx.t(bi(`golive guard: cannot run ${argv[0]}: ${end.startError}`, `golive guard：无法运行 ${argv[0]}：${end.startError}`)));
        ctx.exitWith?.(end.code);
      });
  },
};
