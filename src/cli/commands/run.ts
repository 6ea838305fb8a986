import { resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { exitCodes } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { whoAmI } from '../../service/actor.js';
import type { RunRecord, Store } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { collectVar, examplesHelp, positiveInteger } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { renderDiffText, renderRun, runFormats, runTable } from '../render.js';
import { executeIntoRun, loadForRun } from '../run-execution.js';

/** What changed since the plan's previous run, so a second launch shows at once what got fixed or broke. */
async function sinceLastRun(ctx: CliContext, store: Store, run: RunRecord): Promise<string> {
  const { diffWithPrevious } = await import('../../service/diff.js');
  const diff = await diffWithPrevious(store, run);
  if (!diff) return '';
  return `\n${ctx.t(bi('Since the previous run', '与上一次运行相比'))}: ${renderDiffText(diff, ctx.t)}`;
}

export const runCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const run = program
      .command('run')
      .description(t(bi('record a launch: start a run, see its status, resume or re-check it', '记录一次上线：开始运行、查看状态、继续或复查')))
      .addHelpText('after', examplesHelp(t, ['golive run start --release v1.2.3', 'golive run status', 'golive run resume', 'golive run recheck --failed']));

    run
      .command('start')
      .description(t(bi('snapshot the plan, run its checks and record every result as it completes', '快照计划、运行检查，并在每个结果完成时立即记录')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('-e, --env <name>', t(bi('environment of the plan', '计划中的环境')))
      .requiredOption('--release <version>', t(bi('the version being launched, e.g. v1.2.3', '本次上线的版本，如 v1.2.3')))
      .option('--var <NAME=VALUE>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {})
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(runFormats).default('text' as const))
      .option('--concurrency <n>', t(bi('checks running at once', '同时运行的检查数')), positiveInteger, 8)
      .option('--by <name>', t(bi('who starts the run (default: git user.name, then the OS user)', '发起人（默认：git user.name，其次系统用户）')))
      .addHelpText('after', t(bi('\nExamples:\n  golive run start --release v1.2.3\n  golive run start -e production --release v1.2.3 --format json\n\nExit codes: 0 no blocker failed, 1 a blocker failed or errored (or interrupted), 2 usage, plan or database error.\n', '\n示例：\n  golive run start --release v1.2.3\n  golive run start -e production --release v1.2.3 --format json\n\n退出码：0 没有阻塞项失败，1 有阻塞项失败或出错（或被中断），2 用法、计划或数据库错误。\n')))
      .action(async (options) => {
        const ctx = context();
        const { loadRunnablePlan, startRun } = await import('../../service/runs.js');
        const { terminalPrompt } = await import('../prompt.js');
        const loaded = await loadRunnablePlan({
          planPath: resolve(ctx.cwd, options.plan),
          ...(options.env ? { environment: options.env } : {}),
          vars: options.var,
          env: ctx.env,
          ...(ctx.interactive ? { prompt: terminalPrompt() } : {}),
        });
        const actor = whoAmI(options.by, loaded.planDir);
        await withStore(openPlanStore(ctx, options.plan), async (sc) => {
          const created = await startRun({ store: sc.store, loaded, release: options.release, actor, env: ctx.env });
          ctx.err(ctx.t(bi(`run ${created.id} started (${sc.store.location})`, `运行 ${created.id} 已开始（${sc.store.location}）`)));
          await executeIntoRun(ctx, sc.store, created, loaded, { concurrency: options.concurrency }, actor);
          const rendered = await renderRun(ctx, sc.store, created, options.format);
          ctx.out(rendered.text);
          if (options.format === 'text') ctx.out(await sinceLastRun(ctx, sc.store, created));
          if (rendered.blockerFailed) ctx.exit(exitCodes.gateFailed);
        });
      });

    run
      .command('status')
      .description(t(bi('show a run: every item, manual verifications, waivers, sign-offs, score and gate', '查看运行：所有检查项、人工验证、豁免、签字、评分与门禁')))
      .addHelpText('after', examplesHelp(t, ['golive run status', 'golive run status r-20261122-0001 --format json']))
      .argument('[run]', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id', '运行 ID')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(runFormats).default('text' as const))
      .action(async (runArg, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const record = await resolveRun(sc, runArg ?? options.run, { anyStatus: true });
          ctx.out((await renderRun(ctx, sc.store, record, options.format)).text);
        });
      });

    run
      .command('list')
      .description(t(bi('list the runs of the plan, newest first', '列出计划的运行（最新在前）')))
      .addHelpText('after', examplesHelp(t, ['golive run list', 'golive run list -p deploy/golive.yaml']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--all', t(bi('runs of every plan in the database', '数据库中所有计划的运行')))
      .option('--limit <n>', t(bi('how many', '显示条数')), positiveInteger, 20)
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const { listPlanRuns } = await import('../../service/history.js');
          const runs = await listPlanRuns(sc.store, { ...(options.all ? {} : { planPath: sc.planPath }), limit: options.limit });
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ runs }, null, 2)}\n`);
            return;
          }
          ctx.out(runTable(ctx, runs));
        });
      });

    run
      .command('close')
      .description(t(bi('close a run: it accepts no more results, waivers or sign-offs (history keeps it)', '关闭运行：不再接受结果、豁免或签字（历史中保留）')))
      .addHelpText('after', examplesHelp(t, ['golive run close', 'golive run close r-20261122-0001 --by 李工']))
      .argument('[run]', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id', '运行 ID')))
      .option('--by <name>', t(bi('who closes the run', '操作人')))
      .action(async (runArg, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const record = await resolveRun(sc, runArg ?? options.run);
          const { closeRun } = await import('../../service/runs.js');
          await closeRun(sc.store, record, whoAmI(options.by, sc.planDir));
          ctx.out(`${ctx.t(bi(`run ${record.id} closed`, `运行 ${record.id} 已关闭`))}\n`);
        });
      });

    run
      .command('resume')
      .description(t(bi('after a crash or Ctrl-C: run only the items of the run that have no result yet', '崩溃或 Ctrl-C 之后：只运行尚无结果的检查项')))
      .addHelpText('after', examplesHelp(t, ['golive run resume', 'golive run resume r-20261122-0001 --var API_DOMAIN=api.example.com']))
      .argument('[run]', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id', '运行 ID')))
      .option('--var <NAME=VALUE>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {})
      .option('--allow-plan-change', t(bi('run even though the plan file changed since the run started', '即使计划文件在运行开始后被修改也继续')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(runFormats).default('text' as const))
      .option('--concurrency <n>', t(bi('checks running at once', '同时运行的检查数')), positiveInteger, 8)
      .option('--by <name>', t(bi('who resumes the run', '操作人')))
      .action(async (runArg, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const record = await resolveRun(sc, runArg ?? options.run);
          const loaded = await loadForRun(ctx, sc.store, sc.planPath, record, { var: options.var, allowPlanChange: options.allowPlanChange === true });
          const { resumeSelection } = await import('../../service/runs.js');
          const { only, prior, recorded, missing } = await resumeSelection(sc.store, record);
          ctx.err(ctx.t(bi(`run ${record.id}: ${recorded} result(s) recorded, ${missing} to run`, `运行 ${record.id}：已记录 ${recorded} 个结果，待运行 ${missing} 个`)));
          await executeIntoRun(ctx, sc.store, record, loaded, { concurrency: options.concurrency, only, prior }, whoAmI(options.by, sc.planDir));
          const rendered = await renderRun(ctx, sc.store, record, options.format);
          ctx.out(rendered.text);
          if (rendered.blockerFailed) ctx.exit(exitCodes.gateFailed);
        });
      });

    run
      .command('recheck')
      .description(t(bi('run checks of a run again (every change is kept in history)', '重新运行检查（每次变化都保留在历史中）')))
      .addHelpText('after', examplesHelp(t, ['golive run recheck --failed', 'golive run recheck r-20261122-0001']))
      .argument('[run]', t(bi('run id (default: the plan\'s latest open run)', '运行 ID（默认：计划最近的进行中运行）')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi('run id', '运行 ID')))
      .option('--failed', t(bi('only items that failed or errored', '只重跑失败或出错的检查项')))
      .option('--var <NAME=VALUE>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {})
      .option('--allow-plan-change', t(bi('run even though the plan file changed since the run started', '即使计划文件在运行开始后被修改也继续')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(runFormats).default('text' as const))
      .option('--concurrency <n>', t(bi('checks running at once', '同时运行的检查数')), positiveInteger, 8)
      .option('--by <name>', t(bi('who re-checks', '操作人')))
      .action(async (runArg, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const record = await resolveRun(sc, runArg ?? options.run);
          const loaded = await loadForRun(ctx, sc.store, sc.planPath, record, { var: options.var, allowPlanChange: options.allowPlanChange === true });
          const { recheckSelection } = await import('../../service/runs.js');
          const { only: again, prior } = await recheckSelection(sc.store, record, { ...(options.failed ? { failedOnly: true } : {}) });
          ctx.err(ctx.t(bi(`run ${record.id}: re-checking ${again.size} item(s)`, `运行 ${record.id}：重新检查 ${again.size} 项`)));
          if (again.size > 0) await executeIntoRun(ctx, sc.store, record, loaded, { concurrency: options.concurrency, only: again, prior }, whoAmI(options.by, sc.planDir));
          const rendered = await renderRun(ctx, sc.store, record, options.format);
          ctx.out(rendered.text);
          if (rendered.blockerFailed) ctx.exit(exitCodes.gateFailed);
        });
      });
  },
};
