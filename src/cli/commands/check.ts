import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { exitCodes, GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { ItemFilter } from '../../runner/execute-plan.js';
import type { ItemResult } from '../../core/result.js';
import type { CliCommand, CliContext } from '../context.js';
import { collectList, collectVar, positiveInteger } from '../options.js';
import { terminalPrompt } from '../prompt.js';
import { ignoredWithServer, serverHelp, serverOption, serverRunId, serverTarget, type ServerTarget } from '../remote/target.js';

const formats = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;

/** Splits the selection flags into a filter; unknown item ids are a usage error. */
function filterOf(options: { only?: string[]; phase?: string[]; category?: string[]; priority?: string[] }, items: readonly { id: string }[]): ItemFilter {
  const set = (list: string[] | undefined) => (list && list.length > 0 ? new Set(list) : undefined);
  const filter: ItemFilter = {
    ...(set(options.only) ? { only: set(options.only) } : {}),
    ...(set(options.phase) ? { phases: set(options.phase) } : {}),
    ...(set(options.category) ? { categories: set(options.category) } : {}),
    ...(set(options.priority) ? { priorities: set(options.priority) } : {}),
  };
  const unknown = [...(filter.only ?? [])].filter((id) => !items.some((item) => item.id === id));
  if (unknown.length > 0) throw new GoliveError('usage.unknown-item', bi(`no such item(s) in the plan: ${unknown.join(', ')}`, `计划中没有这些检查项：${unknown.join('、')}`));
  return filter;
}

type CheckOptions = { run?: string | true; by?: string; server?: string; var: Record<string, string>; concurrency: number; format: (typeof formats)[number]; output?: string; only?: string[]; phase?: string[]; category?: string[]; priority?: string[] };

/** `check --run`: the same checks, each result recorded into a run the moment it completes, then the run's report. */
async function checkIntoRun(ctx: CliContext, planPath: string, options: CheckOptions): Promise<void> {
  const { openPlanStore, resolveRun, withStore } = await import('../plan-store.js');
  const { loadForRun, executeIntoRun } = await import('../run-execution.js');
  const { renderRun } = await import('../render.js');
  const { whoAmI } = await import('../../service/actor.js');
  const { selectItems } = await import('../../runner/execute-plan.js');
  await withStore(openPlanStore(ctx, planPath), async (sc) => {
    const run = await resolveRun(sc, typeof options.run === 'string' ? options.run : undefined);
    const loaded = await loadForRun(ctx, sc.store, planPath, run, { var: options.var });
    const only = new Set(selectItems(loaded.plan.items, filterOf(options, loaded.plan.items)).map((item) => item.id));
    await executeIntoRun(ctx, sc.store, run, loaded, { concurrency: options.concurrency, only }, whoAmI(options.by, loaded.planDir));
    await emitRunReport(ctx, await renderRun(ctx, sc.store, run, options.format), options.output);
  });
}

/**
 * `check --run RUN --server URL`: the checks execute on this machine (where a CI job reaches the team's network) and
 * each result goes to the server's run as the token's user; then the run's report as the server has it.
 */
async function checkIntoServerRun(ctx: CliContext, target: ServerTarget, planPath: string, options: CheckOptions): Promise<void> {
  const runId = serverRunId(typeof options.run === 'string' ? options.run : undefined);
  ignoredWithServer(ctx, { '--by': options.by });
  const { withApiClient } = await import('../remote/client.js');
  const api = await import('../remote/api.js');
  const { executeIntoServerRun } = await import('../remote/execute.js');
  const { loadRunnablePlan } = await import('../../service/runs.js');
  const { selectItems } = await import('../../runner/execute-plan.js');
  const { renderReport, renderText } = await import('../../report/registry.js');
  await withApiClient(target, async (client) => {
    const { run } = await api.runDetail(client, runId);
    // The run's environment decides the values, as it does for a local run.
    const loaded = await loadRunnablePlan({ planPath, ...(run.environment ? { environment: run.environment } : {}), vars: options.var, env: ctx.env, ...(ctx.interactive ? { prompt: terminalPrompt() } : {}) });
    const only = new Set(selectItems(loaded.plan.items, filterOf(options, loaded.plan.items)).map((item) => item.id));
    const { interrupted } = await executeIntoServerRun(ctx, client, runId, loaded, { concurrency: options.concurrency, only });
    const { view } = await api.runDetail(client, runId);
    const text = options.format === 'text' ? renderText(view, ctx.locale, { color: ctx.color }) : renderReport(options.format, view, ctx.locale);
    const blockerFailed = view.items.some(({ item, result }) => item.priority === 'blocker' && (result.status === 'fail' || result.status === 'error'));
    await emitRunReport(ctx, { text: text.endsWith('\n') ? text : `${text}\n`, blockerFailed }, options.output);
    if (interrupted) ctx.exit(exitCodes.gateFailed);
  });
}

/** The report of a run to stdout or `-o`; exit 1 when a blocker failed. */
async function emitRunReport(ctx: CliContext, rendered: { text: string; blockerFailed: boolean }, output: string | undefined): Promise<void> {
  if (output) {
    await writeFile(output, rendered.text);
    ctx.err(ctx.t(bi(`report written to ${output}`, `报告已写入 ${output}`)));
  } else {
    ctx.out(rendered.text);
  }
  if (rendered.blockerFailed) ctx.exit(exitCodes.gateFailed);
}

export const checkCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('check')
      .description(t(bi('run every automated check of a plan and report; manual items are listed as pending', '运行计划中的所有自动检查并输出报告；人工项列为待确认')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('-e, --env <name>', t(bi('environment of the plan (staging, production …)', '计划中的环境（staging、production 等）')))
      .option('--var <NAME=VALUE>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {})
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(formats).default('text' as const))
      .option('-o, --output <file>', t(bi('write the report to a file', '将报告写入文件')))
      .option('--concurrency <n>', t(bi('checks running at once', '同时运行的检查数')), positiveInteger, 8)
      .option('--only <ids>', t(bi('only these items (comma-separated)', '只运行这些检查项（逗号分隔）')), collectList)
      .option('--phase <ids>', t(bi('only items of these phases', '只运行这些阶段的检查项')), collectList)
      .option('--category <ids>', t(bi('only items of these categories', '只运行这些分类的检查项')), collectList)
      .option('--priority <levels>', t(bi('only items of these priorities (blocker,high,…)', '只运行这些优先级的检查项（blocker,high,…）')), collectList)
      .option('--run [run]', t(bi('record the results into a run (default: the plan\'s latest open run)', '将结果记录到一次运行中（默认：该计划最近一次进行中的运行）')))
      .option('--by <name>', t(bi('who records the results (with --run; default: git user.name, then the OS user)', '记录人（配合 --run；默认取 git user.name，其次系统用户）')))
      .addOption(serverOption(t))
      .option('--until-pass', t(bi('re-run failing checks until all pass or --timeout runs out', '反复运行失败的检查，直到全部通过或超时')))
      .option('--timeout <duration>', t(bi('how long --until-pass waits (e.g. 5m)', '--until-pass 最长等待时间（如 5m）')), '5m')
      .option('--interval <duration>', t(bi('pause between rounds of --until-pass (e.g. 10s)', '--until-pass 每轮间隔（如 10s）')), '10s')
      .addHelpText(
        'after',
        t(
          bi(
            '\nExamples:\n  golive check\n  golive check --run r-20261206-0001 --server https://golive.example.com   (CI, GOLIVE_TOKEN from its secrets: record into the team\'s run)\n  golive check -p local.yaml --var PORT=8080 --format json\n  golive check -e production --priority blocker\n  golive check --run --only healthz          (re-check one item into the open run)\n  golive check --only healthz --until-pass --timeout 5m --interval 10s\n  golive check --format html -o report.html\n\nExit codes: 0 no blocker failed, 1 a blocker check failed or errored, 2 usage, plan or server error.\n',
            '\n示例：\n  golive check\n  golive check --run r-20261206-0001 --server https://golive.example.com   （CI，GOLIVE_TOKEN 来自其密钥配置：记录到团队的运行中）\n  golive check -p local.yaml --var PORT=8080 --format json\n  golive check -e production --priority blocker\n  golive check --run --only healthz          （把单项复查结果记入进行中的运行）\n  golive check --only healthz --until-pass --timeout 5m --interval 10s\n  golive check --format html -o report.html\n\n退出码：0 没有阻塞项失败，1 有阻塞项检查失败或出错，2 用法、计划或服务器错误。\n',
          ),
        ),
      )
      .addHelpText('after', t(serverHelp))
      .action(async (options) => {
        const ctx = context();
        const { loadPlan } = await import('../../plan/load.js');
        const { parseDuration } = await import('../../core/fields.js');
        const { buildRunView } = await import('../../report/run-view.js');
        const { renderReport, renderText } = await import('../../report/registry.js');
        const timeoutMs = parseDuration(options.timeout);
        const intervalMs = parseDuration(options.interval);
        if (timeoutMs === undefined || intervalMs === undefined) {
          throw new GoliveError('usage.duration', bi('--timeout and --interval take durations such as 30s, 5m, 1h', '--timeout 和 --interval 需要时长，如 30s、5m、1h'));
        }

        const planPath = resolve(ctx.cwd, options.plan);
        if (options.run !== undefined) {
          if (options.untilPass) throw new GoliveError('usage.until-pass-run', bi('--until-pass cannot record into a run; wait first, then use --run', '--until-pass 不能与 --run 同时使用；请先等待检查通过，再用 --run 记录'));
          const target = serverTarget(ctx, options.server);
          await (target ? checkIntoServerRun(ctx, target, planPath, options) : checkIntoRun(ctx, planPath, options));
          return;
        }
        // Without --run nothing is recorded: GOLIVE_SERVER alone leaves a plain check local, an explicit --server is a mistake.
        if (options.server !== undefined) throw new GoliveError('usage.server-run', bi('--server records into a run on the server: add --run RUN', '--server 用于记录到服务器上的运行：请加上 --run RUN'));
        const loaded = await loadPlan(planPath, {
          ...(options.env ? { environment: options.env } : {}),
          vars: options.var,
          env: ctx.env,
          ...(options.only && options.only.length > 0 ? { only: new Set(options.only) } : {}),
          ...(ctx.interactive ? { prompt: terminalPrompt() } : {}),
        });
        const filter = filterOf(options, loaded.plan.items);

        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        const startedAt = new Date().toISOString();
        let results: ItemResult[];
        try {
          const { checkPlan } = await import('../../service/check.js');
          const { createProgress } = await import('../progress.js');
          results = await checkPlan({
            loaded,
            filter,
            concurrency: options.concurrency,
            untilPass: options.untilPass === true,
            timeoutMs,
            intervalMs,
            signal: controller.signal,
            progress: (items) => createProgress(ctx, items.length),
            onNotice: (text) => ctx.err(ctx.t(text)),
          });
        } finally {
          process.off('SIGINT', onSignal);
        }

        const view = buildRunView({
          id: `check-${startedAt.replace(/[-:.TZ]/g, '').slice(0, 14)}`,
          plan: loaded.plan,
          environment: loaded.environment ?? null,
          startedAt,
          finishedAt: new Date().toISOString(),
          results,
        });
        const rendered = options.format === 'text' && !options.output ? renderText(view, ctx.locale, { color: ctx.color }) : renderReport(options.format, view, ctx.locale);
        if (options.output) {
          await writeFile(options.output, rendered);
          ctx.err(ctx.t(bi(`report written to ${options.output}`, `报告已写入 ${options.output}`)));
        } else {
          ctx.out(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
        }

        const blockerFailed = results.some((result) => {
          const item = loaded.plan.items.find((candidate) => candidate.id === result.itemId);
          return item?.priority === 'blocker' && (result.status === 'fail' || result.status === 'error');
        });
        if (blockerFailed) ctx.exit(exitCodes.gateFailed);
      });
  },
};
