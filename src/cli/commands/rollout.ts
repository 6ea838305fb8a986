import { Option } from '@commander-js/extra-typings';
import { exitCodes, GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { RolloutContext } from '../../orchestrate/rollout/drive.js';
import type { RolloutEvent, RolloutState } from '../../orchestrate/rollout/state.js';
import type { CliCommand, CliContext } from '../context.js';
import { collectVar, examplesHelp } from '../options.js';
import { loadForRun, openPlanStore, resolveRun, whoAmI, withStore, type StoreContext } from './run.js';

interface RolloutOptions {
  plan: string;
  run?: string;
  var: Record<string, string>;
}

/** A time as a person reads it: in `zone` (the plan's), else `TZ`, else Asia/Shanghai. */
export function timeOf(ctx: CliContext, at: number, zone?: string): string {
  return new Date(at).toLocaleString(ctx.locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone ?? ctx.env.TZ ?? 'Asia/Shanghai', hour12: false });
}

function statusLine(ctx: CliContext, state: RolloutState, stages: number): string {
  const labels: Record<RolloutState['status'], Bilingual> = {
    running: bi('running', '进行中'),
    waiting: bi('waiting for a person', '等待人工操作'),
    paused: bi('paused', '已暂停'),
    aborted: bi(state.rolledBack ? 'aborted and rolled back' : 'aborted', state.rolledBack ? '已中止并回滚' : '已中止'),
    completed: bi('completed', '已完成'),
  };
  const stage = ctx.t(bi(`stage ${Math.min(state.stage + 1, stages)}/${stages}`, `阶段 ${Math.min(state.stage + 1, stages)}/${stages}`));
  const unresolved = state.unresolved?.length
    ? `\n  ${ctx.t(bi(`watching trigger ${state.unresolved.join(', ')} until it clears, for its one "resolved" message`, `继续监视回滚条件 ${state.unresolved.join('、')}，恢复后发送一条"已恢复"通知`))}`
    : '';
  return `${state.runId} · ${ctx.t(labels[state.status])} · ${stage}${state.reason ? `\n  ${ctx.t(state.reason)}` : ''}${unresolved}`;
}

/** Opens store, run and plan, and builds what the orchestration needs. */
async function withRollout<T>(ctx: CliContext, options: RolloutOptions, fn: (rollout: RolloutContext, sc: StoreContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
    const run = await resolveRun(sc, options.run, { anyStatus: true });
    const loaded = await loadForRun(ctx, sc.store, sc.planPath, run, { var: options.var, allowPlanChange: true });
    const { clockFromEnv } = await import('../../orchestrate/clock.js');
    const printed = (state: RolloutState, events: readonly RolloutEvent[]) => {
      for (const happened of events) ctx.err(`[${timeOf(ctx, happened.at)}] ${ctx.t(happened.message)}`);
      if (events.length === 0) return;
      ctx.err(`  → ${statusLine(ctx, state, loaded.plan.rollout?.stages?.length ?? 0).split('\n')[0]}`);
    };
    const { rolloutNotifier } = await import('../../notify/rollout-notifier.js');
    const notify = loaded.plan.notifications?.length ? { notify: rolloutNotifier({ store: sc.store, plan: loaded.plan, runId: run.id, release: run.release, env: ctx.env, planDir: loaded.planDir }) } : {};
    return fn({ store: sc.store, clock: clockFromEnv(ctx.env), loaded, runId: run.id, onChange: printed, ...notify, ...(signal ? { signal } : {}) }, sc);
  });
}

/** Drives in the foreground until the rollout ends or Ctrl-C (which leaves it as it is, to be resumed). */
async function watch(ctx: CliContext, options: RolloutOptions, before: (rollout: RolloutContext, sc: StoreContext) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    await withRollout(
      ctx,
      options,
      async (rollout, sc) => {
        await before(rollout, sc);
        const { driveRollout } = await import('../../orchestrate/rollout/drive.js');
        const state = await driveRollout(rollout);
        ctx.out(`${statusLine(ctx, state, rollout.loaded.plan.rollout?.stages?.length ?? 0)}\n`);
        if (controller.signal.aborted) {
          ctx.err(ctx.t(bi('stopped watching; the rollout stays as it is: `golive rollout resume` watches it again', '已停止观察，灰度状态保持不变：`golive rollout resume` 可继续观察')));
        }
        if (state.status === 'aborted') ctx.exit(exitCodes.gateFailed);
      },
      controller.signal,
    );
  } finally {
    process.off('SIGINT', onSignal);
  }
}

export const rolloutCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const rollout = program
      .command('rollout')
      .description(t(bi('gray release after the gate passed: stages, holds, guards, rollback triggers', '门禁通过后的灰度发布：阶段、观察期、守护条件、回滚触发')))
      .addHelpText('after', examplesHelp(t, ['golive rollout start', 'golive rollout status', 'golive rollout promote', 'golive rollout pause', 'golive rollout resume', 'golive rollout abort --reason "P0: 支付失败"']));

    const withPlan = <C extends ReturnType<typeof rollout.command>>(command: C) =>
      command
        .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
        .option('--run <id>', t(bi("run id (default: the plan's latest open run)", '运行 ID（默认：计划最近的进行中运行）')))
        .option('--var <name=value>', t(bi('set a variable (repeatable)', '设置变量（可重复）')), collectVar, {} as Record<string, string>);

    withPlan(rollout.command('start'))
      .description(t(bi('start the rollout of a run whose gate passed, and watch it (Ctrl-C leaves it running for `resume`)', '开始门禁已通过的运行的灰度发布并持续观察（Ctrl-C 后可用 resume 继续）')))
      .option('--by <name>', t(bi('who starts it', '操作人')))
      .action(async (options) => {
        const ctx = context();
        await watch(ctx, options, async (context, sc) => {
          const run = await sc.store.getRun(context.runId);
          if (!run) return;
          const { loadRunFacts } = await import('../../service/run-facts.js');
          const { computeScore, evaluateGate } = await import('../../readiness/index.js');
          const facts = await loadRunFacts(sc.store, run);
          const now = new Date();
          const gate = evaluateGate(run.plan, facts.results, facts.waivers ?? [], facts.signoffs ?? [], computeScore(run.plan, facts.results, facts.waivers ?? [], now), now);
          if (!gate.passed) {
            throw new GoliveError(
              'rollout.gate',
              bi(`the gate of ${run.id} has not passed; no rollout before it does:\n${gate.reasons.map((reason) => `  - ${reason.en}`).join('\n')}`, `${run.id} 的门禁未通过，通过前不能灰度发布：\n${gate.reasons.map((reason) => `  - ${reason.zh}`).join('\n')}`),
              { exitCode: exitCodes.gateFailed },
            );
          }
          const { startRollout } = await import('../../orchestrate/rollout/drive.js');
          await startRollout(context, whoAmI(options.by, sc.planDir));
        });
      });

    withPlan(rollout.command('resume'))
      .description(t(bi('resume a paused rollout (or one whose watcher stopped) and watch it', '恢复已暂停的灰度发布（或观察进程已停止的），并持续观察')))
      .option('--by <name>', t(bi('who resumes it', '操作人')))
      .option('--no-watch', t(bi('only resume; do not stay and watch', '只恢复，不持续观察')))
      .action(async (options) => {
        const ctx = context();
        const resume = async (context: RolloutContext, sc: StoreContext) => {
          const { commandRollout, loadRollout } = await import('../../orchestrate/rollout/drive.js');
          const { isFinal } = await import('../../orchestrate/rollout/state.js');
          const stored = await loadRollout(sc.store, context.runId);
          // An ended rollout is not resumed, only watched again (a fired trigger until it clears).
          if (stored && stored.state.status !== 'running' && !isFinal(stored.state)) await commandRollout(context, 'resume', whoAmI(options.by, sc.planDir));
        };
        if (options.watch) await watch(ctx, options, resume);
        else await withRollout(ctx, options, resume);
      });

    for (const [name, help] of [
      ['pause', bi('pause the rollout: it stops advancing; rollback triggers are still watched', '暂停灰度：不再推进，回滚条件仍被监视')],
      ['promote', bi('confirm a manual stage step, or go on to the next stage now', '确认人工阶段已完成，或立即进入下一阶段')],
      ['abort', bi("abort the rollout and run the plan's rollback command", '中止灰度并执行计划中的回滚命令')],
    ] as const) {
      withPlan(rollout.command(name))
        .description(t(help))
        .option('--by <name>', t(bi('who does it', '操作人')))
        .option('--reason <text>', t(bi('why (recorded in the audit trail)', '原因（记入审计记录）')))
        .action(async (options) => {
          const ctx = context();
          await withRollout(ctx, options, async (rolloutContext, sc) => {
            const { commandRollout } = await import('../../orchestrate/rollout/drive.js');
            const state = await commandRollout(rolloutContext, name, whoAmI(options.by, sc.planDir), options.reason);
            ctx.out(`${statusLine(ctx, state, rolloutContext.loaded.plan.rollout?.stages?.length ?? 0)}\n`);
            if (state.status === 'aborted' && state.fired === null && !state.rolledBack && rolloutContext.loaded.plan.rollout?.onTrigger?.run) ctx.exit(exitCodes.gateFailed);
          });
        });
    }

    withPlan(rollout.command('status'))
      .description(t(bi("the rollout's state and what happened, oldest first", '灰度状态与事件（最早在前）')))
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const { loadRollout } = await import('../../orchestrate/rollout/drive.js');
          const stored = await loadRollout(sc.store, run.id);
          if (!stored) throw new GoliveError('rollout.missing', bi(`run ${run.id} has no rollout yet: \`golive rollout start\``, `运行 ${run.id} 还没有灰度发布：请先 \`golive rollout start\``));
          const events = await sc.store.rolloutEvents(run.id);
          const stages = run.plan.rollout?.stages?.length ?? 0;
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ rollout: { ...stored.state, stages, events: events.map((happened) => ({ ...happened, message: ctx.t(happened.message) })) } }, null, 2)}\n`);
            return;
          }
          const lines = [statusLine(ctx, stored.state, stages), ...events.map((happened) => `  ${timeOf(ctx, Date.parse(happened.at))}  ${ctx.t(happened.message)}`)];
          ctx.out(`${lines.join('\n')}\n`);
        });
      });
  },
};
