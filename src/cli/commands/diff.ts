import { Option } from '@commander-js/extra-typings';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { canonicalJson } from '../../core/digest.js';
import type { Evidence, ResultStatus } from '../../core/result.js';
import type { StoredResult } from '../../store/store.js';
import type { CliCommand } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, withStore } from './run.js';

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

/** The diff as lines a person reads, in the context's language. */
export function renderDiffText(diff: RunDiff, t: (text: ReturnType<typeof bi>) => string): string {
  const section = (title: ReturnType<typeof bi>, entries: readonly DiffEntry[], symbol: string) =>
    entries.length === 0 ? [] : [`${t(title)} (${entries.length})`, ...entries.map((entry) => `  ${symbol} ${entry.id}: ${entry.before} → ${entry.after}`)];
  const lines = [
    `${diff.from} → ${diff.to}`,
    ...section(bi('Newly failing', '新增失败'), diff.newlyFailing, '✖'),
    ...section(bi('Fixed', '已修复'), diff.fixed, '✔'),
    ...section(bi('Still failing', '仍失败'), diff.stillFailing, '!'),
    ...section(bi('Changed evidence', '证据变化'), diff.changedEvidence, '~'),
  ];
  if (lines.length === 1) lines.push(t(bi('no differences', '无差异')));
  return `${lines.join('\n')}\n`;
}

export const diffCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('diff')
      .description(t(bi('compare two runs: newly failing, fixed, still failing, changed evidence', '比较两次运行：新增失败、已修复、仍失败、证据变化')))
      .addHelpText('after', examplesHelp(t, ['golive diff r-20261122-0001 r-20261122-0002', 'golive diff r-20261122-0001 r-20261122-0002 --format json']))
      .argument('<runA>', t(bi('the earlier run', '较早的运行')))
      .argument('<runB>', t(bi('the later run', '较晚的运行')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json'] as const).default('text' as const))
      .action(async (runA, runB, options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const [a, b] = await Promise.all([sc.store.getRun(runA), sc.store.getRun(runB)]);
          for (const [id, run] of [[runA, a], [runB, b]] as const) {
            if (!run) throw new GoliveError('run.missing', bi(`no run ${id} in ${sc.store.location}`, `${sc.store.location} 中没有运行 ${id}`));
          }
          const order = (b ?? a)?.plan.items.map((item) => item.id) ?? [];
          const diff = diffRuns(runA, runB, await sc.store.results(runA), await sc.store.results(runB), order);
          if (options.format === 'json') {
            ctx.out(`${JSON.stringify({ diff }, null, 2)}\n`);
            return;
          }
          ctx.out(renderDiffText(diff, ctx.t));
        });
      });
  },
};
