/**
 * The server's one door to running launches: every run route calls these functions, which call today's CLI-side
 * helpers (src/cli/commands/run.ts) and the store. When the service layer (src/service/) lands, only this file changes.
 */
import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GoliveError } from '../errors.js';
import { bi } from '../i18n/text.js';
import { diffRuns, type RunDiff } from '../cli/commands/diff.js';
import { planSecrets, snapshotOf } from '../cli/commands/run.js';
import { availableSecretValues, loadPlan } from '../plan/load.js';
import type { PlanItem } from '../plan/schema.js';
import { buildRunView, type RunView } from '../report/run-view.js';
import { executePlan } from '../runner/execute-plan.js';
import { createRedactor } from '../runner/redact.js';
import type { ItemResult, ResultStatus } from '../runner/result.js';
import { loadRunFacts } from '../store/run-facts.js';
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

/** Runs checks of a run in the background, recording each result as it completes and telling listeners. */
function executeInBackground(ctx: LaunchContext, run: RunRecord, planPath: string, options: { vars: Record<string, string>; only?: Set<string>; prior?: Map<string, ResultStatus> }, actor: string, log: (error: unknown) => void): void {
  ctx.executions.start(
    run.id,
    async (signal) => {
      const loaded = await loadPlan(planPath, { ...(run.environment ? { environment: run.environment } : {}), vars: options.vars, env: ctx.env });
      const redact = createRedactor(await planSecrets(loaded));
      const manualOnly = new Set(loaded.plan.items.filter((item) => !item.check).map((item) => item.id));
      const filter = options.only ? { only: options.only } : {};
      await executePlan(loaded, {
        concurrency: 8,
        filter,
        ...(options.prior ? { prior: options.prior } : {}),
        signal,
        onResult: async (item, result) => {
          if (signal.aborted) return;
          await ctx.store.recordResult(run.id, { result: redact(result) as ItemResult, source: 'check', ...(manualOnly.has(item.id) ? { onlyIfAbsent: true } : {}) }, actor);
          ctx.events.changed(run.id);
        },
      });
    },
    log,
  );
}

/** Snapshots the plan, creates the run and starts its checks; answers at once with the run (results arrive live). */
export async function startRun(ctx: LaunchContext, input: { planPath: string; release: string; environment?: string; vars: Record<string, string>; actor: string }, log: (error: unknown) => void): Promise<RunRecord> {
  // Loading first means a plan that cannot run (missing variables, bad environment) is refused before a run exists.
  const loaded = await loadPlan(input.planPath, { ...(input.environment ? { environment: input.environment } : {}), vars: input.vars, env: ctx.env });
  const snapshot = await snapshotOf(loaded);
  const run = await ctx.store.createRun({ plan: snapshot.plan, source: snapshot.source, planPath: loaded.planPath, environment: loaded.environment ?? null, release: input.release, createdBy: input.actor });
  ctx.events.changed(run.id);
  executeInBackground(ctx, run, input.planPath, { vars: input.vars }, input.actor, log);
  return run;
}

/** Runs one automated item of an open run again; its new result is kept in history. */
export async function recheckItem(ctx: LaunchContext, run: RunRecord, planPath: string, item: PlanItem, input: { vars: Record<string, string>; actor: string }, log: (error: unknown) => void): Promise<void> {
  if (!item.check) throw new GoliveError('run.manual-item', bi(`item "${item.id}" is manual: verify it instead of re-checking`, `检查项 "${item.id}" 是人工项：请人工验证而不是重新检查`));
  if (run.status !== 'open') throw new GoliveError('run.closed', bi(`run ${run.id} is closed; start a new run`, `运行 ${run.id} 已关闭；请开始新的运行`));
  const prior = new Map((await ctx.store.results(run.id)).filter((result) => result.itemId !== item.id).map((result) => [result.itemId, result.status]));
  executeInBackground(ctx, run, planPath, { vars: input.vars, only: new Set([item.id]), prior }, input.actor, log);
}

/** Redacts what a person types (notes, reasons) with the plan's known secret values and the scan rules. */
async function typedTextRedactor(ctx: LaunchContext, run: RunRecord, planPath: string | null): Promise<(text: string) => string> {
  const values = planPath ? await availableSecretValues(planPath, { ...(run.environment ? { environment: run.environment } : {}), env: ctx.env }).catch(() => []) : [];
  const redact = createRedactor(values);
  return (text) => redact(text) as string;
}

/** Records a person's verification of an item (pass, fail, not applicable, or back to pending). */
export async function recordManual(ctx: LaunchContext, run: RunRecord, planPath: string | null, item: PlanItem, input: { status: ResultStatus; note: string | null; evidenceRef: string | null; by: string }): Promise<RecordOutcome> {
  const redact = await typedTextRedactor(ctx, run, planPath);
  const note = input.note ? redact(input.note) : null;
  const now = new Date().toISOString();
  const manual = typeof item.manual === 'string' ? { method: item.manual } : item.manual ? { method: item.manual.method, ...(item.manual.expected ? { expected: item.manual.expected } : {}) } : undefined;
  const result: ItemResult = {
    itemId: item.id,
    status: input.status,
    evidence: { ...(manual ? { manual } : {}), observed: { verifiedBy: input.by, ...(note ? { note } : {}), ...(input.evidenceRef ? { evidence: input.evidenceRef } : {}) } },
    durationMs: 0,
    attempts: [],
    startedAt: now,
    finishedAt: now,
  };
  const outcome = await ctx.store.recordResult(run.id, { result, source: 'manual', by: input.by, note, evidenceRef: input.evidenceRef }, input.by);
  ctx.events.changed(run.id);
  return outcome;
}

export async function waiveItem(ctx: LaunchContext, run: RunRecord, planPath: string | null, input: { itemId: string; reason: string; expiresAt: string; by: string }): Promise<WaiverRecord> {
  const redact = await typedTextRedactor(ctx, run, planPath);
  const waiver = await ctx.store.addWaiver(run.id, { itemId: input.itemId, reason: redact(input.reason), approver: input.by, expiresAt: input.expiresAt, createdBy: input.by });
  ctx.events.changed(run.id);
  return waiver;
}

export async function revokeWaivers(ctx: LaunchContext, run: RunRecord, planPath: string | null, input: { itemId: string; reason: string; by: string }): Promise<WaiverRecord[]> {
  const redact = await typedTextRedactor(ctx, run, planPath);
  const revoked = await ctx.store.revokeWaivers(run.id, { itemId: input.itemId, by: input.by, reason: redact(input.reason) });
  ctx.events.changed(run.id);
  return revoked;
}

export async function signRun(ctx: LaunchContext, run: RunRecord, input: { role: string; by: string }): Promise<SignoffRecord> {
  const signoff = await ctx.store.addSignoff(run.id, { role: input.role, by: input.by });
  ctx.events.changed(run.id);
  return signoff;
}

/** The whole run as the dashboard shows it: every item (pending ones included), score, gate with reasons, sign-offs. */
export async function runView(ctx: LaunchContext, run: RunRecord): Promise<RunView> {
  const facts = await loadRunFacts(ctx.store, run);
  const byItem = new Map(facts.results.map((result) => [result.itemId, result]));
  const results = run.plan.items.map((item): ItemResult => byItem.get(item.id) ?? { itemId: item.id, status: 'pending', evidence: {}, durationMs: 0, attempts: [], startedAt: run.createdAt, finishedAt: run.createdAt });
  return buildRunView({ ...facts, results });
}

export function history(ctx: LaunchContext, planName: string, limit: number): Promise<RunEntry[]> {
  return ctx.store.listRuns({ planName, limit });
}

export async function diff(ctx: LaunchContext, from: RunRecord, to: RunRecord): Promise<RunDiff> {
  return diffRuns(from.id, to.id, await ctx.store.results(from.id), await ctx.store.results(to.id), to.plan.items.map((item) => item.id));
}
