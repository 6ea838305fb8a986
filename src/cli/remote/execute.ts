/**
 * `golive check --run RUN --server URL`: the checks execute here (a CI job inside the team's network reaches what the
 * server cannot), each result is redacted with this process's secret set and sent to the server's run the moment it
 * completes, so the dashboard moves live. Values never leave this process; their salted fingerprints do, so the
 * server masks them too (and rewrites what it stored before a value was learnt).
 */
import { bi, type Bilingual } from '../../core/text.js';
import type { LoadedPlan } from '../../plan/load.js';
import { createSecretSet } from '../../redaction/secret-set.js';
import { executePlan } from '../../runner/execute-plan.js';
import { planSecretValues } from '../../runner/plan-secrets.js';
import { planSourceDigest } from '../../service/record-results.js';
import { snapshotOf } from '../../service/runs.js';
import type { CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { uploadResults } from './api.js';
import type { ApiClient } from './client.js';

/** The digest the server compares with its run's snapshot: this plan file's source as a run would store it. */
export function planDigestOf(loaded: LoadedPlan): string {
  return planSourceDigest(snapshotOf(loaded, createSecretSet({ values: planSecretValues(loaded) })).source);
}

/** Executes the selected checks of the plan into the server's run; returns how many results were recorded. */
export async function executeIntoServerRun(ctx: CliContext, client: ApiClient, runId: string, loaded: LoadedPlan, options: { concurrency: number; only: ReadonlySet<string> }): Promise<{ recorded: number; interrupted: boolean }> {
  const planDigest = planDigestOf(loaded);
  // Nothing executes before the server says it would take the results (token scope, run open, same plan).
  await uploadResults(client, runId, { planDigest, results: [] });
  const secrets = createSecretSet({ salt: runId, values: planSecretValues(loaded) });
  const sent = new Set<string>();
  const freshFingerprints = () => {
    const fresh = secrets.fingerprints().filter((fingerprint) => !sent.has(fingerprint));
    for (const fingerprint of fresh) sent.add(fingerprint);
    return fresh;
  };
  const controller = new AbortController();
  let interrupted = false;
  let refused: unknown;
  const onSignal = () => {
    interrupted = true;
    controller.abort();
    ctx.err(ctx.t(bi(`interrupted: results sent so far are kept in run ${runId}`, `已中断：已发送的结果保留在运行 ${runId} 中`)));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const checks = loaded.plan.items.filter((item) => item.check && options.only.has(item.id));
  const progress = createProgress(ctx, checks.length);
  let recorded = 0;
  const notices = new Map<string, Bilingual>();
  try {
    await executePlan(loaded, {
      concurrency: options.concurrency,
      filter: { only: new Set(checks.map((item) => item.id)) },
      signal: controller.signal,
      secrets,
      onStart: (item) => progress.start(item),
      onResult: async (item, result) => {
        progress.finish(item, result);
        if (controller.signal.aborted) return;
        try {
          const answer = await uploadResults(client, runId, { planDigest, fingerprints: freshFingerprints(), results: [result] });
          for (const notice of answer.notices) notices.set(notice.en, notice);
          recorded += 1;
        } catch (error) {
          // The first refusal stops the execution: what did not run is not worth running into a run that refuses it.
          refused ??= error;
          controller.abort();
        }
      },
    });
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  for (const notice of notices.values()) ctx.err(ctx.t(notice));
  if (refused !== undefined) throw refused;
  // A value learnt after a result was sent: its fingerprint lets the server rewrite what it stored.
  const late = freshFingerprints();
  if (recorded > 0 && late.length > 0) await uploadResults(client, runId, { planDigest, fingerprints: late, results: [] });
  return { recorded, interrupted };
}
