import { exitCodes } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

export const deployCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('deploy')
      .description(t(bi("run the deploy command only when the run's gate passed for its release, and record it in the audit trail", '仅当运行的门禁对其版本通过时才执行部署命令，并记入审计日志')))
      .showHelpAfterError(t(bi('(put the command after --, e.g. `golive deploy --run RUN -- ./deploy.sh`)', '（命令请写在 -- 之后，例如 `golive deploy --run RUN -- ./deploy.sh`）')))
      .argument('<command...>', t(bi('the deploy command, after --', '部署命令，写在 -- 之后')))
      .requiredOption('--run <id>', t(bi('the run whose gate must have passed', '必须已通过门禁的运行')))
      .option('-p, --plan <file>', t(bi('the plan (its folder holds the database)', '计划文件（数据库在其目录中）')), 'golive.yaml')
      .option('--release <version>', t(bi("refuse unless this is the run's release", '若与运行的版本不一致则拒绝')))
      .option('--by <name>', t(bi('who deploys (default: git user.name, then the OS user)', '部署人（默认：git user.name，其次系统用户）')))
      .addHelpText(
        'after',
        examplesHelp(
          t,
          ['golive deploy --run r-20261206-0001 -- ./deploy.sh v1.2.3', 'golive deploy --run r-20261206-0001 --release v1.2.3 -- docker compose up -d'],
          bi(
            "The command gets GOLIVE_RUN and GOLIVE_RELEASE in its environment. Exit codes: the command's own when it ran; 1 refused; 2 usage or database error.",
            '命令的环境中有 GOLIVE_RUN 与 GOLIVE_RELEASE。退出码：命令运行时为命令自身的退出码；1 被拒绝；2 用法或数据库错误。',
          ),
        ),
      )
      .action(async (argv, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const { deployRun } = await import('../../service/deploy.js');
          // ctx.err writes whole lines; a partial line of the command's stderr waits for its end.
          let pendingErr = '';
          const outcome = await deployRun({
            store: sc.store,
            run,
            planPath: sc.planPath,
            env: ctx.env,
            cwd: ctx.cwd,
            argv,
            ...(options.release !== undefined ? { release: options.release } : {}),
            actor: whoAmI(options.by, sc.planDir),
            onNotice: (notice) => ctx.err(ctx.t(notice)),
            onStdout: (chunk) => ctx.out(chunk.toString('utf8')),
            onStderr: (chunk) => {
              const lines = (pendingErr + chunk.toString('utf8')).split('\n');
              pendingErr = lines.pop() ?? '';
              for (const line of lines) ctx.err(line);
            },
          });
          if (pendingErr) ctx.err(pendingErr);
          if (!outcome.ran) {
            ctx.err(`golive deploy: ${ctx.t(outcome.why)}`);
            ctx.exit(exitCodes.gateFailed);
            return;
          }
          ctx.err(
            ctx.t(
              bi(
                `golive deploy: \`${outcome.command}\` exited with ${outcome.exitCode}${outcome.startError ? ` (${outcome.startError})` : ''}; recorded in the audit trail (#${outcome.auditSeq})`,
                `golive deploy：\`${outcome.command}\` 退出码 ${outcome.exitCode}${outcome.startError ? `（${outcome.startError}）` : ''}；已记入审计日志（#${outcome.auditSeq}）`,
              ),
            ),
          );
          ctx.exitWith?.(outcome.exitCode);
        });
      });
  },
};
