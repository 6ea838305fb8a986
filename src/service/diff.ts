import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { canonicalJson } from '../core/digest.js';
import type { Evidence, ResultStatus } from '../core/result.js';
import type { RunRecord, Store, StoredResult } from '../store/store.js';

/** What changed between two runs, item by item. */
export interface RunDiff {
  readonly from: string;
  readonly to: string;
  readonly newlyFailing: readonly DiffEntry[];
  readonly fixed: readonly DiffEntry[];
  readonly stillFailing: readonly DiffEntry[];
  readonly changedEvidence: readonly DiffEntry[];
}

export interface DiffEntry {
  readonly id: string;
  readonly before: ResultStatus;
  readonly after: ResultStatus;
}

const failing = (status: ResultStatus) => status === 'fail' || status === 'error';
// Timings change on every run; they are not a change of what was observed.
const volatileKey = /^(latency|latencyMs|duration|durationMs|elapsed|elapsedMs|time|date|startedAt|finishedAt|checkedAt|uptime|uptimeMs)$|(^|_)age(_ms)?$|Age(Ms)?$/i;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => !volatileKey.test(key)).map(([key, inner]) => [key, stable(inner)]));
  return value;
}

function evidenceKey(evidence: Evidence): string {
  return canonicalJson(stable({ target: evidence.target, observed: evidence.observed, reason: evidence.reason }));
}

/** Compares two runs: items newly failing in B, fixed in B, failing in both, and same status with different evidence. */
export function diffRuns(from: string, to: string, a: readonly StoredResult[], b: readonly StoredResult[], itemOrder: readonly string[]): RunDiff {
  const before = new Map(a.map((result) => [result.itemId, result]));
  const after = new Map(b.map((result) => [result.itemId, result]));
  const ids = [...new Set([...itemOrder, ...before.keys(), ...after.keys()])];
  const diff = { from, to, newlyFailing: [] as DiffEntry[], fixed: [] as DiffEntry[], stillFailing: [] as DiffEntry[], changedEvidence: [] as DiffEntry[] };
  for (const id of ids) {
    const x = before.get(id);
    const y = after.get(id);
    const entry = { id, before: x?.status ?? 'pending', after: y?.status ?? 'pending' } satisfies DiffEntry;
    if (failing(entry.after) && !failing(entry.before)) diff.newlyFailing.push(entry);
    else if (failing(entry.before) && (entry.after === 'pass' || entry.after === 'warn')) diff.fixed.push(entry);
    else if (failing(entry.before) && failing(entry.after)) diff.stillFailing.push(entry);
    if (x && y && x.status === y.status && evidenceKey(x.evidence) !== evidenceKey(y.evidence)) diff.changedEvidence.push(entry);
  }
  return diff;
}

/** Compares two recorded runs, items in the later run's plan order. */
export async function diffRecordedRuns(store: Store, from: RunRecord, to: RunRecord): Promise<RunDiff> {
  return diffRuns(from.id, to.id, await store.results(from.id), await store.results(to.id), to.plan.items.map((item) => item.id));
}

/** Compares two stored runs by id; a missing one is a clear error. */
export async function diffStoredRuns(store: Store, runA: string, runB: string): Promise<RunDiff> {
  const [a, b] = await Promise.all([store.getRun(runA), store.getRun(runB)]);
  if (!a || !b) {
    const id = a ? runB : runA;
    throw new GoliveError('run.missing', bi(`no run ${id} in ${store.location}`, `${store.location} 中没有运行 ${id}`));
  }
  return diffRecordedRuns(store, a, b);
}

/** What changed since the plan's previous run, so a second launch shows at once what got fixed or broke; undefined for a first run. */
export async function diffWithPrevious(store: Store, run: RunRecord): Promise<RunDiff | undefined> {
  const previous = (await store.listRuns({ planName: run.plan.name, limit: 2, before: run.createdAt })).find((entry) => entry.id !== run.id);
  if (!previous) return undefined;
  return diffRuns(previous.id, run.id, await store.results(previous.id), await store.results(run.id), run.plan.items.map((item) => item.id));
}
