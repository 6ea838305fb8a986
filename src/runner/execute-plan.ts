import { withCheckKind } from '../checks/registry.js';
import type { BaseCheck } from '../checks/base.js';
import type { Logger } from '../checks/check-kind.js';
import { bi, type Bilingual } from '../core/text.js';
import type { LoadedPlan } from '../plan/load.js';
import type { PlanItem } from '../plan/schema.js';
import { createSecretSet, type SecretSet } from '../redaction/secret-set.js';
import { planSecretValues } from './plan-secrets.js';
import type { ItemResult } from '../core/result.js';
import { bindCheck } from './run-check.js';
import { createSemaphore } from './semaphore.js';

/** Which items of a plan to run. */
export interface ItemFilter {
  readonly only?: ReadonlySet<string>;
  readonly phases?: ReadonlySet<string>;
  readonly categories?: ReadonlySet<string>;
  readonly priorities?: ReadonlySet<string>;
}

export interface ExecutePlanOptions {
  /** Checks running at once (default 8). */
  readonly concurrency?: number;
  readonly filter?: ItemFilter;
  /** Results already recorded (for `run resume`): those items are not run again, and dependents read their status. */
  readonly prior?: ReadonlyMap<string, ItemResult['status']>;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  /** The run's secret set (default: a new one with the plan's declared secrets); it grows with what checks see. */
  readonly secrets?: SecretSet;
  /** Called when an item starts. */
  onStart?(item: PlanItem): void;
  /** Awaited as each result completes, before the next results are reported: the place to persist it. */
  onResult?(item: PlanItem, result: ItemResult): void | Promise<void>;
}

/** Applies the filters; dependencies of a selected item are not pulled in (they are skipped as unknown instead). */
export function selectItems(items: readonly PlanItem[], filter: ItemFilter = {}): PlanItem[] {
  return items.filter(
    (item) =>
      (!filter.only || filter.only.has(item.id)) &&
      (!filter.phases || filter.phases.has(item.phase ?? '')) &&
      (!filter.categories || filter.categories.has(item.category ?? '')) &&
      (!filter.priorities || filter.priorities.has(item.priority ?? 'medium')),
  );
}

/** Items that sit on a `depends_on` cycle: they can never start, so they end as errors. */
function itemsOnCycles(items: readonly PlanItem[]): Set<string> {
  const byId = new Map(items.map((item) => [item.id, item]));
  const state = new Map<string, 'visiting' | 'done'>();
  const onCycle = new Set<string>();
  const visit = (id: string, stack: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      for (const member of stack.slice(stack.indexOf(id))) onCycle.add(member);
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.depends_on ?? []) if (byId.has(dependency)) visit(dependency, [...stack, id]);
    state.set(id, 'done');
  };
  for (const item of items) visit(item.id, [item.id]);
  return onCycle;
}

function instant(itemId: string, status: ItemResult['status'], evidence: ItemResult['evidence']): ItemResult {
  const now = new Date().toISOString();
  return { itemId, status, evidence, durationMs: 0, attempts: [], startedAt: now, finishedAt: now };
}

function manualEvidence(item: PlanItem): ItemResult['evidence'] {
  const manual = item.manual;
  if (manual === undefined) return { reason: bi('no check and no manual verification defined', '未定义自动检查或人工验证方式') };
  return { manual: typeof manual === 'string' ? { method: manual } : { method: manual.method, ...(manual.expected ? { expected: manual.expected } : {}) } };
}

/**
 * Runs every selected item of a loaded plan: checks concurrently (bounded), `depends_on` honoured,
 * manual items reported as pending. Results come back in plan order; each is reported as it completes.
 */
export async function executePlan(loaded: LoadedPlan, options: ExecutePlanOptions = {}): Promise<ItemResult[]> {
  const selected = selectItems(loaded.plan.items, options.filter).filter((item) => !options.prior?.has(item.id));
  const secrets = options.secrets ?? createSecretSet({ values: planSecretValues(loaded) });
  const limit = createSemaphore(Math.max(1, options.concurrency ?? 8));
  const cycles = itemsOnCycles(loaded.plan.items);
  const settled = new Map<string, Promise<ItemResult>>();
  // Reporting is serialised so a store sees one write at a time, in completion order.
  let reporting = Promise.resolve();

  // A check finishing later may have taught the set a value this result shows: redact again as it is reported.
  const report = (item: PlanItem, result: ItemResult): Promise<ItemResult> => {
    const safe = reporting.then(() => secrets.redact(result));
    reporting = safe.then((redacted) => options.onResult?.(item, redacted));
    return reporting.then(() => safe);
  };

  const skipBecause = (item: PlanItem, reason: Bilingual) => report(item, instant(item.id, 'skip', { reason }));

  const run = async (item: PlanItem): Promise<ItemResult> => {
    // Let every item register in `settled` before any looks up its dependencies.
    await null;
    if (cycles.has(item.id)) {
      return report(item, instant(item.id, 'error', { reason: bi(`depends_on forms a cycle through "${item.id}"`, `depends_on 形成了循环依赖（"${item.id}"）`) }));
    }
    for (const dependency of item.depends_on ?? []) {
      const upstream = settled.get(dependency);
      const status = upstream ? (await upstream).status : options.prior?.get(dependency);
      if (status === undefined) {
        return skipBecause(item, bi(`depends on "${dependency}", which is not part of this execution`, `依赖的 "${dependency}" 不在本次执行范围内`));
      }
      if (status !== 'pass' && status !== 'warn') {
        return skipBecause(item, bi(`depends on "${dependency}", which ended ${status}`, `依赖的 "${dependency}" 结果为 ${status}`));
      }
    }
    if (!item.check) return report(item, instant(item.id, 'pending', manualEvidence(item)));
    const check: BaseCheck = item.check;
    const bound = withCheckKind(check.kind, (kind) => bindCheck(kind, check));
    if (!bound) return report(item, instant(item.id, 'error', { reason: bi(`unknown check kind "${check.kind}"`, `未知的检查类型 "${check.kind}"`) }));
    if ('error' in bound) return report(item, instant(item.id, 'error', { reason: bound.error }));

    return limit(async () => {
      if (options.signal?.aborted) return report(item, instant(item.id, 'skip', { reason: bi('cancelled before it started', '开始前已取消') }));
      options.onStart?.(item);
      const startedAt = new Date().toISOString();
      const outcome = await bound.run({
        planDir: loaded.planDir,
        variables: loaded.variables,
        secrets,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      return report(item, { itemId: item.id, ...outcome, startedAt, finishedAt: new Date().toISOString() });
    });
  };

  for (const item of selected) settled.set(item.id, run(item));
  const results = await Promise.all(selected.map((item) => settled.get(item.id) as Promise<ItemResult>));
  // The set is complete only now: what an early result shows of a value discovered later is masked here too.
  return results.map((result) => secrets.redact(result));
}
