import { dirname, resolve } from 'node:path';
import type { RunRecord, Store } from '../store/store.js';
import type { CliContext } from './context.js';

/** The store of a plan, with the plan file it was opened for. */
export interface StoreContext {
  readonly store: Store;
  readonly planPath: string;
  readonly planDir: string;
}

/** Opens the store next to the plan (or DATABASE_URL); `mustExist` for commands that only read. */
export async function openPlanStore(ctx: CliContext, plan: string, options: { mustExist?: boolean } = {}): Promise<StoreContext> {
  const { openLaunchStore } = await import('../service/store.js');
  const planPath = resolve(ctx.cwd, plan);
  const planDir = dirname(planPath);
  const store = await openLaunchStore({ planDir, env: ctx.env, ...(options.mustExist ? { mustExist: true } : {}) });
  return { store, planPath, planDir };
}

/** The run named by the argument or `--run`, else the plan's latest open run (or latest run at all with `anyStatus`). */
export async function resolveRun(sc: StoreContext, runId: string | undefined, options: { anyStatus?: boolean } = {}): Promise<RunRecord> {
  const { findRun } = await import('../service/find-run.js');
  return findRun(sc.store, sc.planPath, runId, options);
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
