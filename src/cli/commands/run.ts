import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { exitCodes, GoliveError } from '../../errors.js';
import { bi } from '../../i18n/text.js';
import type { LoadedPlan } from '../../plan/load.js';
import type { Plan, PlanItem } from '../../plan/schema.js';
import type { ItemResult } from '../../runner/result.js';
import type { RunRecord, Store } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { collectVar, examplesHelp, positiveInteger } from '../options.js';

/** Formats the run commands print in. */
export const runFormats = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;

/** The person doing something: `--by`, then `git config user.name`, then the OS user. */
export function whoAmI(by: string | undefined, cwd: string): string {
  if (by && by.trim()) return by.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (name) return name;
  } catch {
    // No git, or no user.name: fall through to the OS user.
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The store of a plan, and the plan's name when the plan file can be read. */
export interface StoreContext {
  readonly store: Store;
  readonly planPath: string;
  readonly planDir: string;
}

/** Opens the store next to the plan (or DATABASE_URL); `mustExist` for commands that only read. */
export async function openPlanStore(ctx: CliContext, plan: string, options: { mustExist?: boolean } = {}): Promise<StoreContext> {
  const { openStore } = await import('../../store/open.js');
  const planPath = resolve(ctx.cwd, plan);
  const planDir = dirname(planPath);
  const store = await openStore({ planDir, env: ctx.env, ...(options.mustExist ? { mustExist: true } : {}) });
  return { store, planPath, planDir };
}

/** The plan's name from its file, without resolving variables (no prompts, no secrets needed). */
export async function readPlanName(planPath: string): Promise<string> {
  const { readPlanDocument } = await import('../../plan/load.js');
  const doc = await readPlanDocument(planPath);
  const name = (doc.data as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || name === '') throw new GoliveError('plan.invalid', bi(`${planPath} has no plan name`, `${planPath} 缺少计划名称（name）`));
  return name;
}

/** The run named by the argument or `--run`, else the plan's latest open run (or latest run at all with `anyStatus`). */
export async function resolveRun(sc: StoreContext, runId: string | undefined, options: { anyStatus?: boolean } = {}): Promise<RunRecord> {
  if (runId) {
    const run = await sc.store.getRun(runId);
    if (!run) throw new GoliveError('run.missing', bi(`no run ${runId} in ${sc.store.location} (see \`golive run list\`)`, `${sc.store.location} 中没有运行 ${runId}（见 \`golive run list\`）`));
    return run;
  }
  const planName = await readPlanName(sc.planPath);
  const run = (await sc.store.latestRun(planName, { openOnly: true })) ?? (options.anyStatus ? await sc.store.latestRun(planName) : undefined);
  if (!run) {
    throw new GoliveError('run.none', bi(`plan "${planName}" has no open run; start one with \`golive run start --release vX.Y.Z\``, `计划 "${planName}" 没有进行中的运行；请先运行 \`golive run start --release vX.Y.Z\``));
  }
  return run;
}

/** Closes the store whatever happens in `fn`. */
export async function withStore<T>(open: Promise<StoreContext>, fn: (sc: StoreContext) => Promise<T>): Promise<T> {
  const sc = await open;
  try {
    return await fn(sc);
  } finally {
    await sc.store.close();
  }
}

/** Secret values of a loaded plan, including those typed straight into a check's secret fields and notification targets. */
export async function planSecrets(loaded: LoadedPlan): Promise<string[]> {
  const { findCheckKind } = await import('../../checks/registry.js');
  const fields = loaded.plan.items.flatMap((item) => {
    if (!item.check) return [];
    const kind = findCheckKind(item.check.kind);
    return (kind?.secretFields ?? []).map((field) => (item.check as unknown as Record<string, unknown>)[field]).filter((value): value is string => typeof value === 'string');
  });
  // Webhook URLs carry their key; whatever variable they came from, snapshots must not hold them.
  const { notificationSecrets } = await import('../../notify/target.js');
  return [...loaded.secretValues, ...fields, ...notificationSecrets(loaded.plan)];
}

/** Renders a recorded run in a format, with common misses listed first in text. */
export async function renderRun(ctx: CliContext, store: Store, run: RunRecord, format: (typeof runFormats)[number]): Promise<{ text: string; gatePassed: boolean; blockerFailed: boolean }> {
  const { loadRunFacts } = await import('../../store/run-facts.js');
  const { buildRunView } = await import('../../report/run-view.js');
  const { renderReport, renderText } = await import('../../report/registry.js');
  const facts = await loadRunFacts(store, run);
  const byItem = new Map(facts.results.map((result) => [result.itemId, result]));
  // Items not run yet are shown as pending, so a report lists the whole plan.
  const results = run.plan.items.map((item) => byItem.get(item.id) ?? placeholder(item, run.createdAt));
  const view = buildRunView({ ...facts, results });
  let text = format === 'text' ? renderText(view, ctx.locale, { color: ctx.color }) : renderReport(format, view, ctx.locale);
  if (format === 'text') {
    const misses = [...(facts.history ?? new Map())].filter(([, stat]) => stat.failed > 0).sort(([, a], [, b]) => b.failed - a.failed);
    if (misses.length > 0) {
      const lines = misses.map(([itemId, stat]) => {
        const now = byItem.get(itemId)?.status ?? 'pending';
        return `  ↺ ${itemId}: ${ctx.t(bi(`failed in ${stat.failed} of the last ${stat.of} launches`, `最近 ${stat.of} 次上线中失败 ${stat.failed} 次`))} — ${ctx.t(bi('now', '本次'))} ${now}`;
      });
      text = `${ctx.t(bi('Common misses (failed in earlier launches):', '常见遗漏（以往上线中失败过）：'))}\n${lines.join('\n')}\n\n${text}`;
    }
  }
  const blockerFailed = run.plan.items.some((item) => item.priority === 'blocker' && ['fail', 'error'].includes(byItem.get(item.id)?.status ?? ''));
  return { text: text.endsWith('\n') ? text : `${text}\n`, gatePassed: view.gate.passed, blockerFailed };
}

function placeholder(item: PlanItem, at: string): ItemResult {
  const manual = typeof item.manual === 'string' ? { method: item.manual } : item.manual ? { method: item.manual.method, ...(item.manual.expected ? { expected: item.manual.expected } : {}) } : undefined;
  return { itemId: item.id, status: 'pending', evidence: manual ? { manual } : { reason: bi('not run yet in this run', '本次运行中尚未执行') }, durationMs: 0, attempts: [], startedAt: at, finishedAt: at };
}

/** What changed since the plan's previous run, so a second launch shows at once what got fixed or broke. */
async function sinceLastRun(ctx: CliContext, store: Store, run: RunRecord): Promise<string> {
  const previous = (await store.listRuns({ planName: run.plan.name, limit: 2, before: run.createdAt })).find((entry) => entry.id !== run.id);
  if (!previous) return '';
  const { diffRuns, renderDiffText } = await import('./diff.js');
  const diff = diffRuns(previous.id, run.id, await store.results(previous.id), await store.results(run.id), run.plan.items.map((item) => item.id));
  return `\n${ctx.t(bi('Since the previous run', '与上一次运行相比'))}: ${renderDiffText(diff, ctx.t)}`;
}

/** Executes checks of a run and records each result the moment it completes; Ctrl-C stops recording, so `run resume` finishes the rest. */
export async function executeIntoRun(
  ctx: CliContext,
  store: Store,
  run: RunRecord,
  loaded: LoadedPlan,
  options: { concurrency: number; only?: Set<string>; prior?: Map<string, ItemResult['status']> },
  actor: string,
): Promise<number> {
  const { executePlan, selectItems } = await import('../../runner/execute-plan.js');
  const { createRedactor } = await import('../../runner/redact.js');
  const { createProgress } = await import('../progress.js');
  const redact = createRedactor(await planSecrets(loaded));
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort();
    ctx.err(ctx.t(bi(`interrupted: results recorded so far are kept; finish with \`golive run resume ${run.id}\``, `已中断：已记录的结果会保留；用 \`golive run resume ${run.id}\` 继续`)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const filter = { ...(options.only ? { only: options.only } : {}) };
  const selected = selectItems(loaded.plan.items, filter).filter((item) => !options.prior?.has(item.id));
  const progress = createProgress(ctx, selected.length);
  const manualOnly = new Set(loaded.plan.items.filter((item) => !item.check).map((item) => item.id));
  let recorded = 0;
  try {
    await executePlan(loaded, {
      concurrency: options.concurrency,
      filter,
      ...(options.prior ? { prior: options.prior } : {}),
      signal: controller.signal,
      onStart: (item) => progress.start(item),
      onResult: async (item, result) => {
        progress.finish(item, result);
        // After an interrupt nothing more is recorded: what did not finish is missing, and `resume` runs it.
        if (controller.signal.aborted) return;
        const safe = redact(result) as ItemResult;
        await store.recordResult(run.id, { result: safe, source: 'check', ...(manualOnly.has(item.id) ? { onlyIfAbsent: true } : {}) }, actor);
        recorded += 1;
      },
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (controller.signal.aborted) ctx.exit(exitCodes.gateFailed);
  return recorded;
}

/**
 * Redacts what a person types into a run (notes, evidence references, waiver reasons): every secret value the plan
 * knows in this environment (secret variables, secret-looking env-file entries; nothing is prompted for) and
 * whatever the scan rules recognise. A plan that cannot be loaded leaves the scan rules alone, said on stderr.
 */
export async function typedTextRedactor(ctx: CliContext, planPath: string, run: RunRecord): Promise<(text: string) => string> {
  const { availableSecretValues } = await import('../../plan/load.js');
  const { createRedactor } = await import('../../runner/redact.js');
  let secretValues: readonly string[] = [];
  try {
    secretValues = await availableSecretValues(planPath, { ...(run.environment ? { environment: run.environment } : {}), env: ctx.env });
  } catch (error) {
    const reason = error instanceof GoliveError ? ctx.t(error.text).split('\n')[0] : String(error);
    ctx.err(ctx.t(bi(`note: the plan's secret values are unknown (${reason}); only recognised secret formats are redacted`, `注意：无法获取计划中的秘密值（${reason}）；仅脱敏可识别格式的秘密`)));
  }
  const redact = createRedactor(secretValues);
  return (text) => redact(text) as string;
}

/** Loads the plan of a run for executing it; refuses when the file changed since the run started. */
export async function loadForRun(ctx: CliContext, planPath: string, run: RunRecord, options: { var: Record<string, string>; allowPlanChange?: boolean }): Promise<LoadedPlan> {
  const { loadPlan } = await import('../../plan/load.js');
  const { terminalPrompt } = await import('./check.js');
  const loaded = await loadPlan(planPath, {
    ...(run.environment ? { environment: run.environment } : {}),
    vars: options.var,
    env: ctx.env,
    ...(ctx.interactive ? { prompt: terminalPrompt() } : {}),
  });
  const snapshot = await snapshotOf(loaded);
  const { canonicalJson, sha256 } = await import('../../readiness/digest.js');
  if (sha256(canonicalJson(snapshot.plan)) !== run.snapshotId && !options.allowPlanChange) {
    throw new GoliveError(
      'run.plan-changed',
      bi(
        `${planPath} changed since run ${run.id} started; results would mix two plans. Start a new run, or pass --allow-plan-change to run only the run's items with the current definitions.`,
        `运行 ${run.id} 开始后 ${planPath} 已被修改，结果会混合两个版本的计划。请开始新的运行，或加 --allow-plan-change 仅按当前定义执行该运行中的检查项。`,
      ),
    );
  }
  return loaded;
}

/** The plan and source as stored with a run: every known secret redacted. */
export async function snapshotOf(loaded: LoadedPlan): Promise<{ plan: Plan; source: string }> {
  const { createRedactor } = await import('../../runner/redact.js');
  const redact = createRedactor(await planSecrets(loaded));
  return { plan: redact(loaded.plan) as Plan, source: redact(loaded.source) as string };
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
        const { loadPlan } = await import('../../plan/load.js');
        const { terminalPrompt } = await import('./check.js');
        const loaded = await loadPlan(resolve(ctx.cwd, options.plan), {
          ...(options.env ? { environment: options.env } : {}),
          vars: options.var,
          env: ctx.env,
          ...(ctx.interactive ? { prompt: terminalPrompt() } : {}),
        });
        const actor = whoAmI(options.by, loaded.planDir);
        await withStore(openPlanStore(ctx, options.plan), async (sc) => {
          const snapshot = await snapshotOf(loaded);
          const created = await sc.store.createRun({ plan: snapshot.plan, source: snapshot.source, planPath: loaded.planPath, environment: loaded.environment ?? null, release: options.release, createdBy: actor });
          ctx.err(ctx.t(bi(`run ${created.id} started (${sc.store.location})`, `运行 ${created.id} 已开始（${sc.store.location}）`)));
          await executeIntoRun(ctx, sc.store, created, loaded, { concurrency: options.concurrency }, actor);
          const rendered = await renderRun(ctx, sc.store, (await sc.store.getRun(created.id)) ?? created, options.format);
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
          const planName = options.all ? undefined : await readPlanName(sc.planPath);
          const runs = await sc.store.listRuns({ ...(planName ? { planName } : {}), limit: options.limit });
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ runs }, null, 2)}\n`);
            return;
          }
          const { runTable } = await import('./history.js');
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
          await sc.store.closeRun(record.id, whoAmI(options.by, sc.planDir));
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
          const loaded = await loadForRun(ctx, sc.planPath, record, { var: options.var, allowPlanChange: options.allowPlanChange === true });
          const prior = new Map((await sc.store.results(record.id)).map((result) => [result.itemId, result.status]));
          const only = new Set(record.plan.items.map((item) => item.id));
          const missing = [...only].filter((id) => !prior.has(id));
          ctx.err(ctx.t(bi(`run ${record.id}: ${prior.size} result(s) recorded, ${missing.length} to run`, `运行 ${record.id}：已记录 ${prior.size} 个结果，待运行 ${missing.length} 个`)));
          await executeIntoRun(ctx, sc.store, record, loaded, { concurrency: options.concurrency, only, prior }, whoAmI(options.by, sc.planDir));
          const rendered = await renderRun(ctx, sc.store, (await sc.store.getRun(record.id)) ?? record, options.format);
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
          const loaded = await loadForRun(ctx, sc.planPath, record, { var: options.var, allowPlanChange: options.allowPlanChange === true });
          const current = await sc.store.results(record.id);
          const automated = new Set(record.plan.items.filter((item) => item.check).map((item) => item.id));
          const again = new Set(current.filter((result) => automated.has(result.itemId) && (!options.failed || result.status === 'fail' || result.status === 'error')).map((result) => result.itemId));
          const prior = new Map(current.filter((result) => !again.has(result.itemId)).map((result) => [result.itemId, result.status]));
          ctx.err(ctx.t(bi(`run ${record.id}: re-checking ${again.size} item(s)`, `运行 ${record.id}：重新检查 ${again.size} 项`)));
          if (again.size > 0) await executeIntoRun(ctx, sc.store, record, loaded, { concurrency: options.concurrency, only: again, prior }, whoAmI(options.by, sc.planDir));
          const rendered = await renderRun(ctx, sc.store, (await sc.store.getRun(record.id)) ?? record, options.format);
          ctx.out(rendered.text);
          if (rendered.blockerFailed) ctx.exit(exitCodes.gateFailed);
        });
      });
  },
};
