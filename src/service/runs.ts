import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import { loadPlan, readPlanDocument, type LoadedPlan, type VariablePrompt } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { findReferences } from '../plan/variables.js';
import { canonicalJson, sha256 } from '../core/digest.js';
import { createSecretSet, type SecretSet } from '../redaction/secret-set.js';
import { storedTargetCredentials } from '../notify/stored-target.js';
import { planSecretValues } from '../runner/plan-secrets.js';
import type { ResultStatus } from '../core/result.js';
import type { RunRecord, Store } from '../store/store.js';
import { keepRunSecrets, openRunSecrets } from '../redaction/run-secrets.js';

/** How a plan is loaded for running: its file, environment, `--var`s, the process env and, at a terminal, a prompt. */
export interface PlanSource {
  readonly planPath: string;
  readonly environment?: string;
  readonly vars?: Readonly<Record<string, string>>;
  readonly env: NodeJS.ProcessEnv;
  readonly prompt?: VariablePrompt;
}

/** Loads a plan with its variables resolved (asking through `prompt` for missing ones). */
export function loadRunnablePlan(source: PlanSource, only?: ReadonlySet<string>): Promise<LoadedPlan> {
  return loadPlan(source.planPath, {
    ...(source.environment ? { environment: source.environment } : {}),
    vars: source.vars ?? {},
    env: source.env,
    ...(source.prompt ? { prompt: source.prompt } : {}),
    ...(only ? { only } : {}),
  });
}

/** The plan and source as stored with a run: every secret of the set masked. */
export function snapshotOf(loaded: LoadedPlan, secrets: SecretSet): { plan: Plan; source: string } {
  return { plan: secrets.redact(loaded.plan), source: secrets.redact(loaded.source) };
}

/**
 * Opens a run of a loaded plan: snapshot (redacted), audited creation, and the fingerprints kept of the declared
 * secrets and of the credentials of its project's stored notification targets (as `env` opens them), so every later
 * process of the run masks them too.
 */
export async function startRun(input: { readonly store: Store; readonly loaded: LoadedPlan; readonly release: string | null; readonly actor: string; readonly env: NodeJS.ProcessEnv }): Promise<RunRecord> {
  const { store, loaded } = input;
  // The run id (the fingerprints' salt) exists only after creation: the snapshot is redacted with an unsalted set.
  const declared = planSecretValues(loaded);
  const snapshot = snapshotOf(loaded, createSecretSet({ values: declared }));
  const run = await store.createRun({ plan: snapshot.plan, source: snapshot.source, planPath: loaded.planPath, environment: loaded.environment ?? null, release: input.release, createdBy: input.actor });
  const stored = storedTargetCredentials(await store.projectNotificationTargets(loaded.plan.name), input.env);
  await keepRunSecrets(store, run.id, await openRunSecrets(store, run.id, [...declared, ...stored]));
  return run;
}

/** A plan loaded to continue a run, and the variables whose values differ from the run's start. */
export interface PlanForRun {
  readonly loaded: LoadedPlan;
  readonly changedVariables: readonly string[];
  /** Said to the person when variables changed (results recorded earlier used the earlier values). */
  readonly notice?: Bilingual;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

/**
 * Loads the plan of a run for executing more of it. The plan file is compared before interpolation: an edited file is
 * refused (unless `allowPlanChange`), a different `--var` or prompt answer is reported as the variables that changed.
 */
export async function loadForRun(input: { readonly store: Store; readonly run: RunRecord; readonly source: PlanSource; readonly allowPlanChange?: boolean }): Promise<PlanForRun> {
  const { store, run, source } = input;
  const loaded = await loadRunnablePlan({ ...source, ...(run.environment ? { environment: run.environment } : {}) });
  const snapshot = snapshotOf(loaded, createSecretSet({ values: planSecretValues(loaded) }));
  if (sha256(canonicalJson(snapshot.plan)) === run.snapshotId) return { loaded, changedVariables: [] };
  const startedWith = await store.snapshotSource(run.snapshotId);
  if (startedWith !== snapshot.source) {
    if (input.allowPlanChange) return { loaded, changedVariables: [] };
    throw new GoliveError(
      'run.plan-changed',
      bi(
        `${source.planPath} changed since run ${run.id} started; results would mix two plans. Start a new run, or pass --allow-plan-change to run only the run's items with the current definitions.`,
        `运行 ${run.id} 开始后 ${source.planPath} 已被修改，结果会混合两个版本的计划。请开始新的运行，或加 --allow-plan-change 仅按当前定义执行该运行中的检查项。`,
      ),
    );
  }
  // Same file, different values: name the variables whose interpolated places differ from the run's snapshot.
  const references = findReferences((await readPlanDocument(source.planPath)).data);
  const changed = [...new Set(references.filter((reference) => canonicalJson(valueAt(run.plan, reference.path)) !== canonicalJson(valueAt(snapshot.plan, reference.path))).map((reference) => reference.name))].sort();
  const list = changed.join(', ') || '?';
  return {
    loaded,
    changedVariables: changed,
    notice: bi(
      `variables changed since run ${run.id} started: ${list}; results recorded earlier used the earlier values`,
      `运行 ${run.id} 开始后变量有变化：${list}；之前记录的结果使用的是原来的值`,
    ),
  };
}

/** Closes a run: it accepts no more results, waivers or sign-offs. */
export async function closeRun(store: Store, run: RunRecord, actor: string): Promise<void> {
  await store.closeRun(run.id, actor);
}

/** Which items of a run execute again, and the statuses recorded for the rest (dependents read them). */
export interface RunSelection {
  readonly only: ReadonlySet<string>;
  readonly prior: ReadonlyMap<string, ResultStatus>;
}

/** `resume`: the run's items that have no result yet; the recorded ones are kept. */
export async function resumeSelection(store: Store, run: RunRecord): Promise<RunSelection & { readonly recorded: number; readonly missing: number }> {
  const prior = new Map((await store.results(run.id)).map((result) => [result.itemId, result.status]));
  const only = new Set(run.plan.items.map((item) => item.id));
  return { only, prior, recorded: prior.size, missing: [...only].filter((id) => !prior.has(id)).length };
}

/**
 * `recheck`: the given items, else every automated item with a result (only the failed or errored ones with
 * `failedOnly`); everything else keeps its recorded status.
 */
export async function recheckSelection(store: Store, run: RunRecord, choose: { readonly items?: ReadonlySet<string>; readonly failedOnly?: boolean } = {}): Promise<RunSelection> {
  const current = await store.results(run.id);
  const automated = new Set(run.plan.items.filter((item) => item.check).map((item) => item.id));
  const only = choose.items ?? new Set(current.filter((result) => automated.has(result.itemId) && (!choose.failedOnly || result.status === 'fail' || result.status === 'error')).map((result) => result.itemId));
  const prior = new Map(current.filter((result) => !only.has(result.itemId)).map((result) => [result.itemId, result.status]));
  return { only, prior };
}
