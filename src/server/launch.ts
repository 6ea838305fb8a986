/**
 * The server's one door to running launches: every run route calls these functions, which call the service layer
 * (src/service/) with the server's store, environment and listeners, as the CLI commands do.
 */
import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GoliveError } from '../core/errors.js';
import type { ResultStatus } from '../core/result.js';
import { bi } from '../core/text.js';
import type { VariablePrompt } from '../plan/load.js';
import type { PlanItem } from '../plan/schema.js';
import type { RunView } from '../report/run-view.js';
import { diffRecordedRuns, type RunDiff } from '../service/diff.js';
import { executeIntoRun } from '../service/execute.js';
import { listPlanRuns } from '../service/history.js';
import * as people from '../service/people.js';
import { recordUploadedResults, type RecordedResults, type UploadedResults } from '../service/record-results.js';
import { reportRun } from '../service/report.js';
import { closeRun as closeRecordedRun, loadRunnablePlan, recheckSelection, startRun as openRun } from '../service/runs.js';
import type { RecordOutcome, RunEntry, RunRecord, SignoffRecord, Store, WaiverRecord } from '../store/store.js';

/** What the launch functions need from the server. */
export interface LaunchContext {
  readonly store: Store;
  /** Folder where plan files are written for loading (outside the web root). */
  readonly dataDir: string;
  /** Environment the plans' `${VAR}` come from (the server's). */
  readonly env: NodeJS.ProcessEnv;
  readonly events: RunEvents;
  readonly executions: Executions;
}

/** Tells SSE listeners in this process that a run changed (other processes are seen by polling the audit trail). */
export class RunEvents extends EventEmitter {
  changed(runId: string): void {
    this.emit('changed', runId);
  }
}

/** Background executions of this process, so shutdown can stop them and a second recheck of the same run waits its turn. */
export class Executions {
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  isRunning(runId: string): boolean {
    return this.#running.has(runId);
  }

  start(runId: string, work: (signal: AbortSignal) => Promise<void>, onError: (error: unknown) => void): void {
    if (this.#running.has(runId)) throw new GoliveError('run.busy', bi(`run ${runId} is already executing checks; wait for them to finish`, `运行 ${runId} 正在执行检查，请等待完成`));
    const controller = new AbortController();
    const done = work(controller.signal)
      .catch(onError)
      .finally(() => this.#running.delete(runId));
    this.#running.set(runId, { controller, done });
  }

  /** Waits for every execution (tests, shutdown); with `abort`, stops them first. */
  async settle(options: { abort?: boolean } = {}): Promise<void> {
    const all = [...this.#running.values()];
    if (options.abort) for (const execution of all) execution.controller.abort();
    await Promise.all(all.map((execution) => execution.done));
  }
}

/** The plan file the server keeps for a stored plan, rewritten when its text changed. */
export async function planFile(ctx: LaunchContext, plan: { readonly id: string; readonly source: string }): Promise<string> {
  const dir = join(ctx.dataDir, 'plans', plan.id);
  const path = join(dir, 'golive.yaml');
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current !== plan.source) {
    await mkdir(dir, { recursive: true });
    await writeFile(path, plan.source, 'utf8');
  }
  return path;
}

/** Runs checks of a run in the background through the service layer, telling listeners as each result is recorded. */
function executeInBackground(ctx: LaunchContext, run: RunRecord, planPath: string, options: { vars: Record<string, string>; only?: ReadonlySet<string>; prior?: ReadonlyMap<string, ResultStatus> }, actor: string, log: (error: unknown) => void): void {
  ctx.executions.start(
    run.id,
    async (signal) => {
      const loaded = await loadRunnablePlan({ planPath, ...(run.environment ? { environment: run.environment } : {}), vars: options.vars, env: ctx.env });
      await executeIntoRun({
        store: ctx.store,
        run,
        loaded,
        actor,
        concurrency: 8,
        ...(options.only ? { filter: { only: options.only } } : {}),
        ...(options.prior ? { prior: options.prior } : {}),
        signal,
        progress: { start: () => undefined, finish: () => ctx.events.changed(run.id) },
      });
      ctx.events.changed(run.id);
    },
    log,
  );
}

/** A variable the run needs that nobody supplied: what the CLI would ask for at a terminal. */
export interface VariableToAsk {
  readonly name: string;
  readonly secret: boolean;
  readonly description?: string;
  readonly example?: string;
}

/**
 * The variables a run of this plan would need that the server's environment, the plan and
 * its environment do not supply. Asked exactly as `golive check` asks at a terminal: the loader's prompt is called for
 * each missing one (answered with nothing), so the list can never drift from what starting the run requires.
 */
export async function variablesToAsk(ctx: LaunchContext, input: { planPath: string; environment?: string }): Promise<VariableToAsk[]> {
  const asked: VariableToAsk[] = [];
  const prompt: VariablePrompt = async (request) => {
    asked.push(request);
    return '';
  };
  try {
    await loadRunnablePlan({ planPath: input.planPath, ...(input.environment ? { environment: input.environment } : {}), env: ctx.env, prompt });
  } catch (error) {
    // Empty answers may make the filled-in plan invalid; that says nothing about which variables were asked for.
    if (asked.length === 0) throw error;
  }
  return asked;
}

/** Snapshots the plan, creates the run and starts its checks; answers at once with the run (results arrive live). */
export async function startRun(ctx: LaunchContext, input: { planPath: string; release: string; environment?: string; vars: Record<string, string>; actor: string }, log: (error: unknown) => void): Promise<RunRecord> {
  // Loading first means a plan that cannot run (missing variables, bad environment) is refused before a run exists.
  const loaded = await loadRunnablePlan({ planPath: input.planPath, ...(input.environment ? { environment: input.environment } : {}), vars: input.vars, env: ctx.env });
  const run = await openRun({ store: ctx.store, loaded, release: input.release, actor: input.actor, env: ctx.env });
  ctx.events.changed(run.id);
  executeInBackground(ctx, run, input.planPath, { vars: input.vars }, input.actor, log);
  return run;
}

/** Runs one automated item of an open run again; its new result is kept in history. */
export async function recheckItem(ctx: LaunchContext, run: RunRecord, planPath: string, item: PlanItem, input: { vars: Record<string, string>; actor: string }, log: (error: unknown) => void): Promise<void> {
  if (!item.check) throw new GoliveError('run.manual-item', bi(`item "${item.id}" is manual: verify it instead of re-checking`, `检查项 "${item.id}" 是人工项：请人工验证而不是重新检查`));
  if (run.status !== 'open') throw new GoliveError('run.closed', bi(`run ${run.id} is closed; start a new run`, `运行 ${run.id} 已关闭；请开始新的运行`));
  // Loaded once before answering, so missing variables are refused to the caller instead of failing in the background.
  await loadRunnablePlan({ planPath, ...(run.environment ? { environment: run.environment } : {}), vars: input.vars, env: ctx.env });
  const { only, prior } = await recheckSelection(ctx.store, run, { items: new Set([item.id]) });
  executeInBackground(ctx, run, planPath, { vars: input.vars, only, prior }, input.actor, log);
}

/** Where typed text learns the plan's secret values: the server's copy of the plan file, in the server's environment. */
function typedSource(ctx: LaunchContext, planPath: string | null): people.TypedTextSource {
  return { planPath: planPath ?? join(ctx.dataDir, 'no-plan.yaml'), env: ctx.env };
}

/** Records results a CI job executed (`golive check --run --server`); refused while this process executes the run's checks. */
export async function recordResults(ctx: LaunchContext, run: RunRecord, planPath: string, input: UploadedResults): Promise<RecordedResults> {
  if (ctx.executions.isRunning(run.id)) throw new GoliveError('run.busy', bi(`run ${run.id} is executing checks on the server; wait for them to finish`, `运行 ${run.id} 正在服务器上执行检查，请等待完成`));
  const recorded = await recordUploadedResults(ctx.store, run, planPath, ctx.env, input);
  if (input.results.length > 0 || recorded.rewritten > 0) ctx.events.changed(run.id);
  return recorded;
}

/** Records a person's verification of an item (pass, fail, not applicable, or back to pending); typed text redacted. */
export async function recordManual(ctx: LaunchContext, run: RunRecord, planPath: string | null, item: PlanItem, input: { status: ResultStatus; note: string | null; evidenceRef: string | null; by: string }): Promise<people.PersonOutcome<RecordOutcome>> {
  const outcome = await people.recordManual(ctx.store, run, typedSource(ctx, planPath), {
    itemId: item.id,
    status: input.status,
    by: input.by,
    ...(input.note ? { note: input.note } : {}),
    ...(input.evidenceRef ? { evidence: input.evidenceRef } : {}),
  });
  ctx.events.changed(run.id);
  return outcome;
}

export async function waiveItem(ctx: LaunchContext, run: RunRecord, planPath: string | null, input: { itemId: string; reason: string; expiresAt: string; by: string }): Promise<people.PersonOutcome<WaiverRecord>> {
  const waiver = await people.waiveItem(ctx.store, run, typedSource(ctx, planPath), { itemId: input.itemId, reason: input.reason, approver: input.by, expiresAt: input.expiresAt, by: input.by });
  ctx.events.changed(run.id);
  return waiver;
}

export async function revokeWaivers(ctx: LaunchContext, run: RunRecord, planPath: string | null, input: { itemId: string; reason: string; by: string }): Promise<people.PersonOutcome<WaiverRecord[]>> {
  const revoked = await people.revokeWaivers(ctx.store, run, typedSource(ctx, planPath), input);
  ctx.events.changed(run.id);
  return revoked;
}

export async function signRun(ctx: LaunchContext, run: RunRecord, planPath: string | null, input: { role: string; by: string; comment?: string }): Promise<people.PersonOutcome<SignoffRecord>> {
  const signoff = await people.signRun(ctx.store, run, typedSource(ctx, planPath), input);
  ctx.events.changed(run.id);
  return signoff;
}

/** The whole run as the dashboard shows it: every item (pending ones included), score, gate with reasons, sign-offs. */
export async function runView(ctx: LaunchContext, run: RunRecord): Promise<RunView> {
  return (await reportRun(ctx.store, run)).view;
}

export function history(ctx: LaunchContext, planName: string, limit: number): Promise<RunEntry[]> {
  return listPlanRuns(ctx.store, { planName, limit });
}

export function diff(ctx: LaunchContext, from: RunRecord, to: RunRecord): Promise<RunDiff> {
  return diffRecordedRuns(ctx.store, from, to);
}

export async function closeRun(ctx: LaunchContext, run: RunRecord, actor: string): Promise<void> {
  await closeRecordedRun(ctx.store, run, actor);
  ctx.events.changed(run.id);
}
