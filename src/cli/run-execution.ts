import { exitCodes } from '../core/errors.js';
import type { ItemResult } from '../core/result.js';
import { bi } from '../core/text.js';
import type { LoadedPlan } from '../plan/load.js';
import type { RunRecord, Store } from '../store/store.js';
import type { CliContext } from './context.js';

/** Executes checks of a run through the service: live progress, Ctrl-C stops recording (exit 1), `run resume` finishes the rest. */
export async function executeIntoRun(
  ctx: CliContext,
  store: Store,
  run: RunRecord,
  loaded: LoadedPlan,
  options: { concurrency: number; only?: ReadonlySet<string>; prior?: ReadonlyMap<string, ItemResult['status']> },
  actor: string,
): Promise<number> {
  const service = await import('../service/execute.js');
  const { selectItems } = await import('../runner/execute-plan.js');
  const { createProgress } = await import('./progress.js');
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort();
    ctx.err(ctx.t(bi(`interrupted: results recorded so far are kept; finish with \`golive run resume ${run.id}\``, `已中断：已记录的结果会保留；用 \`golive run resume ${run.id}\` 继续`)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const filter = { ...(options.only ? { only: options.only } : {}) };
  const progress = createProgress(ctx, selectItems(loaded.plan.items, filter).filter((item) => !options.prior?.has(item.id)).length);
  try {
    const outcome = await service.executeIntoRun({ store, run, loaded, actor, concurrency: options.concurrency, filter, ...(options.prior ? { prior: options.prior } : {}), signal: controller.signal, progress });
    if (outcome.interrupted) ctx.exit(exitCodes.gateFailed);
    return outcome.recorded;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Loads the plan of a run for executing it; refuses an edited plan file, names variables that changed. */
export async function loadForRun(ctx: CliContext, store: Store, planPath: string, run: RunRecord, options: { var: Record<string, string>; allowPlanChange?: boolean }): Promise<LoadedPlan> {
  const service = await import('../service/runs.js');
  const { terminalPrompt } = await import('./prompt.js');
  const { loaded, notice } = await service.loadForRun({
    store,
    run,
    source: { planPath, vars: options.var, env: ctx.env, ...(ctx.interactive ? { prompt: terminalPrompt() } : {}) },
    ...(options.allowPlanChange ? { allowPlanChange: true } : {}),
  });
  if (notice) ctx.err(ctx.t(notice));
  return loaded;
}
