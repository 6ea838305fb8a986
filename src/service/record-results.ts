import { GoliveError } from '../core/errors.js';
import { sha256 } from '../core/digest.js';
import type { ItemResult } from '../core/result.js';
import { bi, type Bilingual } from '../core/text.js';
import type { RecordOutcome, RunRecord, Store } from '../store/store.js';
import { keepRunSecrets } from '../redaction/run-secrets.js';
import { typedTextSecrets } from './run-secrets.js';

/** Check results executed by another process (a CI job running `golive check --run --server`) for one run. */
export interface UploadedResults {
  /** sha256 of the plan source the results were executed from, as the run snapshot stores it (secrets masked). */
  readonly planDigest: string;
  /** Fingerprints of the secrets the executing process learnt (salted with the run id); never the values. */
  readonly fingerprints: readonly string[];
  readonly results: readonly ItemResult[];
  readonly actor: string;
}

export interface RecordedResults {
  readonly recorded: ReadonlyArray<{ readonly itemId: string; readonly previousStatus: RecordOutcome['previousStatus']; readonly changed: boolean }>;
  /** Earlier results rewritten because a fingerprint arrived after them. */
  readonly rewritten: number;
  readonly notices: readonly Bilingual[];
}

/** The digest `recordUploadedResults` compares: the run snapshot's source text. */
export function planSourceDigest(source: string): string {
  return sha256(source);
}

/**
 * Records results executed elsewhere into an open run. The executing process redacted them with its own secret set;
 * here they go through the run's set again (the plan's secrets in this process's environment, every fingerprint the
 * run has, discovery), the new fingerprints are kept before anything is stored, and when fingerprints arrive that
 * the run did not have, results recorded earlier are rewritten (a value printed bare before another check named it).
 */
export async function recordUploadedResults(store: Store, run: RunRecord, planPath: string, env: NodeJS.ProcessEnv, input: UploadedResults): Promise<RecordedResults> {
  if (run.status !== 'open') throw new GoliveError('run.closed', bi(`run ${run.id} is closed; start a new run`, `运行 ${run.id} 已关闭；请开始新的运行`));
  const startedWith = await store.snapshotSource(run.snapshotId);
  if (startedWith === undefined || planSourceDigest(startedWith) !== input.planDigest) {
    throw new GoliveError(
      'run.plan-changed',
      bi(
        `the plan file differs from the plan run ${run.id} was started with; results would mix two plans. Check out the plan the run uses, or start a new run`,
        `计划文件与运行 ${run.id} 开始时的计划不同，结果会混合两个版本的计划。请使用该运行所用的计划，或开始新的运行`,
      ),
    );
  }
  for (const result of input.results) {
    const item = run.plan.items.find((candidate) => candidate.id === result.itemId);
    if (!item) throw new GoliveError('run.unknown-item', bi(`item "${result.itemId}" is not in the plan of run ${run.id}`, `运行 ${run.id} 的计划中没有检查项 "${result.itemId}"`));
    if (!item.check) throw new GoliveError('run.manual-item', bi(`item "${result.itemId}" is manual: a person verifies it (golive item), checks do not`, `检查项 "${result.itemId}" 是人工项：应由人工验证（golive item），不能上传检查结果`));
  }

  const known = new Set(await store.secretFingerprints(run.id));
  const arrived = input.fingerprints.filter((fingerprint) => !known.has(fingerprint));
  if (arrived.length > 0) await store.addSecretFingerprints(run.id, arrived);
  const { secrets, notice } = await typedTextSecrets(store, run, planPath, env);
  const before = secrets.size;
  // Every result teaches the set first, so a value one result names is masked in all of them.
  for (const result of input.results) secrets.discover(result.evidence);
  const discovered = secrets.size > before;
  const redacted = input.results.map((result) => secrets.redact(result));
  await keepRunSecrets(store, run.id, secrets);

  const recorded = [];
  for (const result of redacted) {
    const outcome = await store.recordResult(run.id, { result, source: 'check' }, input.actor);
    recorded.push({ itemId: result.itemId, previousStatus: outcome.previousStatus, changed: outcome.changed });
  }
  const rewritten = arrived.length > 0 || discovered ? await store.redactResults(run.id, (value) => secrets.redact(value), input.actor) : 0;
  return { recorded, rewritten, notices: notice ? [notice] : [] };
}
