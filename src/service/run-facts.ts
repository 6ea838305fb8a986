import type { RunFacts } from '../report/run-view.js';
import { blockerStatuses, signoffChanges } from '../readiness/gate.js';
import { latestSignoffs } from '../readiness/gate.js';
import type { RunRecord, Store, StoredResult } from '../store/store.js';

/** Runs looked back on for the team's common misses. */
export const commonMissWindow = 3;

/** Everything a report of a recorded run needs, read from the store, with sign-off validity as of now. */
export async function loadRunFacts(store: Store, run: RunRecord, now = new Date()): Promise<RunFacts & { readonly stored: readonly StoredResult[] }> {
  const [stored, waivers, signoffs, misses] = await Promise.all([
    store.results(run.id),
    store.waivers(run.id),
    store.signoffs(run.id),
    store.failureStats(run.planName, { beforeRunId: run.id, lastRuns: commonMissWindow }),
  ]);
  const currentBlockers = blockerStatuses(run.plan, stored);
  const latest = latestSignoffs(signoffs);
  const verifications = new Map(
    stored
      .filter((result) => result.source === 'manual')
      .map((result) => [result.itemId, { by: result.by ?? '?', at: result.recordedAt, ...(result.note ? { note: result.note } : {}), ...(result.evidenceRef ? { evidence: result.evidenceRef } : {}) }]),
  );
  const finishedAt = stored.reduce((latestAt, result) => (result.recordedAt > latestAt ? result.recordedAt : latestAt), run.createdAt);
  return {
    id: run.id,
    plan: run.plan,
    environment: run.environment,
    release: run.release,
    startedAt: run.createdAt,
    finishedAt,
    results: stored,
    stored,
    waivers,
    // Superseded sign-offs of a role are shown as not valid; the latest one is valid while no blocker changed.
    signoffs: signoffs.map((signoff) => ({ ...signoff, valid: latest.get(signoff.role) === signoff && signoffChanges(signoff, currentBlockers).length === 0 })),
    verifications,
    history: new Map(misses.map((miss) => [miss.itemId, { failed: miss.failed, of: miss.of }])),
    now,
  };
}
