import { Option } from '@commander-js/extra-typings';
import { exitCodes } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { RolloutContext } from '../../orchestrate/rollout/drive.js';
import type { RolloutEvent, RolloutState } from '../../orchestrate/rollout/state.js';
import type { RunRecord } from '../../store/store.js';
import type { CliCommand, CliContext } from '../context.js';
import { collectVar, examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';
import { loadForRun } from '../run-execution.js';
import { timeOf } from '../time.js';

interface RolloutOptions {
  plan: string;
  run?: string;
  var: Record<string, string>;
}

/** A time as a person reads it: in `zone` (the plan's), else `TZ`, else Asia/Shanghai. */
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

/** Opens store, run and plan, and builds the rollout's context through the service, printing what happens. */
async function withRollout<T>(ctx: CliContext, options: RolloutOptions, fn: (rollout: RolloutContext, run: RunRecord, actorDir: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
    const run = await resolveRun(sc, options.run, { anyStatus: true });
    const loaded = await loadForRun(ctx, sc.store, sc.planPath, run, { var: options.var, allowPlanChange: true });
    const { rolloutContext } = await import('../../service/rollout.js');
    const stages = loaded.plan.rollout?.stages?.length ?? 0;
    const onChange = (state: RolloutState, events: readonly RolloutEvent[]) => {
      for (const happened of events) ctx.err(`[${timeOf(ctx, happened.at)}] ${ctx.t(happened.message)}`);
      if (events.length === 0) return;
      ctx.err(`  → ${statusLine(ctx, state, stages).split('\n')[0]}`);
    };
    const onWarning = (message: Bilingual) => ctx.err(`▲ ${ctx.t(message)}`);
    const rollout = await rolloutContext({ store: sc.store, run, loaded, env: ctx.env, onChange, onWarning, ...(signal ? { signal } : {}) });
    return fn(rollout, run, sc.planDir);
  });
}

/** Drives in the foreground until the rollout ends or Ctrl-C (which leaves it as it is, to be resumed). */
async function watch(ctx: CliContext, options: RolloutOptions, before: (rollout: RolloutContext, run: RunRecord, actorDir: string) => Promise<unknown>): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    await withRollout(
      ctx,
      options,
      async (rollout, run, actorDir) => {
        await before(rollout, run, actorDir);
        const { watchRollout } = await import('../../service/rollout.js');
        const state = await watchRollout(rollout);
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
        await watch(ctx, options, async (rolloutContext, run, actorDir) => {
          const { startGatedRollout } = await import('../../service/rollout.js');
          await startGatedRollout(rolloutContext, run, whoAmI(options.by, actorDir));
        });
      });

    withPlan(rollout.command('resume'))
      .description(t(bi('resume a paused rollout (or one whose watcher stopped) and watch it', '恢复已暂停的灰度发布（或观察进程已停止的），并持续观察')))
      .option('--by <name>', t(bi('who resumes it', '操作人')))
      .option('--no-watch', t(bi('only resume; do not stay and watch', '只恢复，不持续观察')))
      .action(async (options) => {
        const ctx = context();
        const resume = async (rolloutContext: RolloutContext, _run: RunRecord, actorDir: string) => {
          const { resumeRollout } = await import('../../service/rollout.js');
          await resumeRollout(rolloutContext, whoAmI(options.by, actorDir));
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
          await withRollout(ctx, options, async (rolloutContext, _run, actorDir) => {
            const { commandRunRollout } = await import('../../service/rollout.js');
            const state = await commandRunRollout(rolloutContext, name, whoAmI(options.by, actorDir), options.reason);
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
          const { rolloutStatus } = await import('../../service/rollout.js');
          const { state, stages, events, streaks } = await rolloutStatus(sc.store, run);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ rollout: { ...state, stages, events: events.map((happened) => ({ ...happened, message: ctx.t(happened.message) })), streaks } }, null, 2)}\n`);
            return;
          }
          const lines = [
            statusLine(ctx, state, stages),
            ...streaks.map((streak) =>
              ctx.t(
                bi(
                  `  trigger ${streak.trigger}: ${streak.condition} has held for ${streak.checks} consecutive check(s) of the ${streak.needed} that fire it`,
                  `  回滚条件 ${streak.trigger}：${streak.condition} 已连续 ${streak.checks} 次成立（连续 ${streak.needed} 次触发）`,
                ),
              ),
            ),
            ...events.map((happened) => `  ${timeOf(ctx, Date.parse(happened.at))}  ${ctx.t(happened.message)}`),
          ];
          ctx.out(`${lines.join('\n')}\n`);
        });
      });
  },
};
