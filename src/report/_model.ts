import { bi, pick, type Bilingual, type Locale } from '../core/text.js';
import { defaultCategory, defaultPriority } from '../readiness/score.js';
import { defaultPhases, type Plan, type PlanItem, type Priority } from '../plan/schema.js';
import type { Evidence, ResultStatus } from '../core/result.js';
import type { ItemView, RunView } from './run-view.js';

/** What every format calls each status. */
export const statusLabels: Readonly<Record<ResultStatus, Bilingual>> = {
  pass: bi('pass', '通过'),
  fail: bi('fail', '失败'),
  warn: bi('warn', '警告'),
  skip: bi('skip', '跳过'),
  error: bi('error', '出错'),
  pending: bi('pending', '待确认'),
};

/** Within a phase, what needs attention comes first. */
export const statusOrder: readonly ResultStatus[] = ['fail', 'error', 'warn', 'pending', 'skip', 'pass'];

/** Statuses counted as done well (`warn`: passed, with warn-only conditions failing). */
export function isPassing(status: ResultStatus): boolean {
  return status === 'pass' || status === 'warn';
}

/** Labels shared by the human-readable formats. */
export const labels = {
  report: bi('Launch report', '上线报告'),
  plan: bi('Plan', '计划'),
  environment: bi('Environment', '环境'),
  release: bi('Release', '版本'),
  run: bi('Run', '执行'),
  started: bi('Started', '开始'),
  finished: bi('Finished', '结束'),
  none: bi('—', '—'),
  score: bi('Readiness score', '就绪度评分'),
  category: bi('Category', '类别'),
  passed: bi('Passed', '通过'),
  weight: bi('Weight', '权重'),
  gate: bi('Gate', '上线闸门'),
  gatePassed: bi('Gate passed: ready to go live', '闸门通过：可以上线'),
  gateFailed: bi('Gate failed: not ready to go live', '闸门未通过：暂不可上线'),
  signoffs: bi('Sign-offs', '签字确认'),
  noSignoffs: bi('No sign-offs yet', '尚无签字'),
  role: bi('Role', '角色'),
  by: bi('By', '签字人'),
  at: bi('At', '时间'),
  valid: bi('Valid', '有效'),
  invalid: bi('no longer valid', '已失效'),
  yes: bi('yes', '是'),
  no: bi('no', '否'),
  manual: bi('manual', '人工'),
  how: bi('How to verify', '验证方法'),
  expected: bi('Expected', '预期结果'),
  target: bi('Target', '目标'),
  observed: bi('Observed', '观测值'),
  evidence: bi('Evidence', '证据'),
  attempts: bi('attempts', '次尝试'),
  why: bi('Why it matters', '遗漏后果'),
  owner: bi('Owner', '负责人'),
  priority: bi('Priority', '优先级'),
  status: bi('Status', '状态'),
  item: bi('Item', '检查项'),
  items: bi('Items', '检查项'),
  duration: bi('Duration', '耗时'),
  findings: bi('Findings', '发现'),
  notScored: bi('not scored', '未计分'),
  acceptedRisks: bi('Accepted risks (waived blockers)', '已接受的风险（豁免的阻塞项）'),
  threshold: bi('threshold', '门槛'),
} as const;

export const priorityLabels: Readonly<Record<Priority, Bilingual>> = {
  blocker: bi('blocker', '阻塞'),
  high: bi('high', '高'),
  medium: bi('medium', '中'),
  low: bi('low', '低'),
};

/** A phase as reports show it. */
export interface PhaseInfo {
  readonly id: string;
  readonly title: string;
  readonly window?: string | undefined;
}

/** The plan's phases in order, or the default ones when it declares none. */
export function planPhases(plan: Plan): PhaseInfo[] {
  const declared = plan.phases ?? [];
  if (declared.length > 0) return declared.map((phase) => ({ id: phase.id, title: phase.title ?? phase.id, window: phase.window }));
  return defaultPhases.map((phase) => ({ id: phase.id, title: phase.title }));
}

/** An item's phase with the default (the first phase) applied. */
export function phaseOf(item: PlanItem, plan: Plan): string {
  return item.phase ?? planPhases(plan)[0]?.id ?? 'prepare';
}

export function categoryOf(item: PlanItem): string {
  return item.category ?? defaultCategory;
}

export function priorityOf(item: PlanItem): Priority {
  return item.priority ?? defaultPriority;
}

/** Items of one phase, ready to print. */
export interface PhaseGroup {
  readonly phase: PhaseInfo;
  readonly items: readonly ItemView[];
}

/** Groups items by phase in the plan's phase order (unknown phases after, as met), failures first within a group. */
export function groupByPhase(view: RunView): PhaseGroup[] {
  const phases = planPhases(view.plan);
  const groups = new Map<string, ItemView[]>(phases.map((phase) => [phase.id, []]));
  for (const itemView of view.items) {
    const phase = phaseOf(itemView.item, view.plan);
    const group = groups.get(phase) ?? [];
    groups.set(phase, group);
    group.push(itemView);
  }
  const byId = new Map(phases.map((phase) => [phase.id, phase]));
  return [...groups]
    .filter(([, items]) => items.length > 0)
    .map(([id, items]) => ({
      phase: byId.get(id) ?? { id, title: id },
      // Array.prototype.sort is stable: plan order is kept within a status.
      items: [...items].sort((a, b) => statusOrder.indexOf(a.result.status) - statusOrder.indexOf(b.result.status)),
    }));
}

/** The explanations of a result: failing conditions (warn-only ones only when the item warns), then the reason. */
export function explanations(itemView: ItemView, locale: Locale): string[] {
  const { status, evidence } = itemView.result;
  const lines: string[] = [];
  for (const condition of evidence.conditions ?? []) {
    if (condition.passed) continue;
    if (condition.warnOnly && status !== 'warn' && status !== 'fail') continue;
    lines.push(pick(condition.message, locale));
  }
  if (evidence.reason) lines.push(pick(evidence.reason, locale));
  return lines;
}

/** One-line text of any observed value. */
export function inlineValue(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** The observed facts that fit on a line (scalars, short values), as `key=value`; nested data is left to the full evidence. */
export function observedSummary(evidence: Evidence): string[] {
  const entries: string[] = [];
  for (const [key, value] of Object.entries(evidence.observed ?? {})) {
    if (value === undefined) continue;
    const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    if (!scalar) continue;
    const text = inlineValue(value);
    // What the target line already says (the file, the variable name) is not repeated.
    if (typeof value === 'string' && evidence.target?.includes(text)) continue;
    entries.push(`${key}=${text.length > 60 ? `${text.slice(0, 59)}…` : text}`);
  }
  return entries;
}

/** A place in the source a result points at (a scan finding, a `file:line` match). */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly rule?: string;
  readonly text?: string;
}

function locationFrom(value: unknown): SourceLocation | undefined {
  if (typeof value === 'string') {
    const match = /^(.+?):(\d+)(?::(\d+))?(?:\s+(.*))?$/.exec(value);
    if (!match?.[1] || !match[2]) return undefined;
    return { file: match[1], line: Number(match[2]), ...(match[3] ? { column: Number(match[3]) } : {}), ...(match[4] ? { text: match[4] } : {}) };
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const text = ['message', 'preview', 'text'].map((key) => record[key]).find((candidate): candidate is string => typeof candidate === 'string');
  // The scan-based kinds write `{ at: "file:line[:col]", rule, preview }`.
  if (typeof record.at === 'string') {
    const at = locationFrom(record.at);
    if (!at) return undefined;
    return { ...at, ...(typeof record.rule === 'string' ? { rule: record.rule } : {}), ...(text ? { text } : {}) };
  }
  const file = typeof record.file === 'string' ? record.file : typeof record.path === 'string' ? record.path : undefined;
  if (!file) return undefined;
  const number = (key: string) => (typeof record[key] === 'number' && Number.isInteger(record[key]) && (record[key] as number) > 0 ? (record[key] as number) : undefined);
  const line = number('line');
  const column = number('column');
  return {
    file,
    ...(line ? { line } : {}),
    ...(column ? { column } : {}),
    ...(typeof record.rule === 'string' ? { rule: record.rule } : {}),
    ...(text ? { text } : {}),
  };
}

/** Locations in a result's evidence: `observed.findings` or `observed.matches`, as `{ at | file, line, rule, preview }` objects or `file:line` strings. */
export function evidenceLocations(evidence: Evidence): SourceLocation[] {
  const observed = evidence.observed ?? {};
  const locations: SourceLocation[] = [];
  for (const key of ['findings', 'matches']) {
    const list = observed[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const location = locationFrom(entry);
      if (location) locations.push(location);
    }
  }
  return locations;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}${location.line ? `:${location.line}` : ''}${location.column ? `:${location.column}` : ''}`;
}

/** How a manual item is verified: from the result (what the runner recorded), else the plan. */
export function manualOf(itemView: ItemView): { method: string; expected?: string } | undefined {
  const recorded = itemView.result.evidence.manual;
  if (recorded) return recorded;
  const manual = itemView.item.manual;
  if (manual === undefined) return undefined;
  return typeof manual === 'string' ? { method: manual } : { method: manual.method, ...(manual.expected ? { expected: manual.expected } : {}) };
}

/** "failed in 2 of the last 3 launches", only when it failed at all. */
export function historyText(itemView: ItemView, locale: Locale): string | undefined {
  const history = itemView.history;
  if (!history || history.failed <= 0) return undefined;
  return pick(bi(`failed in ${history.failed} of the last ${history.of} launches`, `最近 ${history.of} 次上线中失败 ${history.failed} 次`), locale);
}

export function waiverText(itemView: ItemView, locale: Locale): string | undefined {
  const waiver = itemView.waiver;
  if (!waiver) return undefined;
  const text = waiver.valid
    ? bi(`waived by ${waiver.approver} until ${waiver.expiresAt}: ${waiver.reason}`, `已由 ${waiver.approver} 豁免，有效期至 ${waiver.expiresAt}：${waiver.reason}`)
    : bi(`waiver by ${waiver.approver} expired or withdrawn (${waiver.expiresAt}): ${waiver.reason}`, `${waiver.approver} 的豁免已过期或撤销（${waiver.expiresAt}）：${waiver.reason}`);
  return pick(text, locale);
}

export function verifiedText(itemView: ItemView, locale: Locale): string | undefined {
  const verified = itemView.verifiedBy;
  if (!verified) return undefined;
  const note = verified.note ? ` — ${verified.note}` : '';
  const evidence = verified.evidence ? ` (${labelled(labels.evidence, locale)}${verified.evidence})` : '';
  return pick(bi(`verified by ${verified.by} at ${verified.at}`, `${verified.by} 于 ${verified.at} 确认`), locale) + note + evidence;
}

/** Why a skipped or pending item has no result (for reporters that need one line). */
export function statusSentence(itemView: ItemView, locale: Locale): string {
  const status = itemView.result.status;
  if (status === 'pending') {
    const manual = manualOf(itemView);
    return pick(bi('manual, not verified yet', '人工项，尚未确认'), locale) + (manual ? `: ${manual.method}` : '');
  }
  const lines = explanations(itemView, locale);
  return lines.join('; ') || pick(statusLabels[status], locale);
}

/** Number of items per status, in `statusOrder`. */
export function countStatuses(items: readonly ItemView[]): Record<ResultStatus, number> {
  const counts: Record<ResultStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0, pending: 0 };
  for (const itemView of items) counts[itemView.result.status] += 1;
  return counts;
}

const countLabels: Readonly<Record<ResultStatus, readonly [Bilingual, Bilingual]>> = {
  pass: [bi('passed', '通过'), bi('passed', '通过')],
  fail: [bi('failed', '失败'), bi('failed', '失败')],
  warn: [bi('warning', '警告'), bi('warnings', '警告')],
  error: [bi('error', '出错'), bi('errors', '出错')],
  skip: [bi('skipped', '跳过'), bi('skipped', '跳过')],
  pending: [bi('pending', '待确认'), bi('pending', '待确认')],
};

/** "9 items: 3 passed · 1 failed …" (statuses with no item left out). */
export function countsSentence(items: readonly ItemView[], locale: Locale): string {
  const counts = countStatuses(items);
  const parts = (['pass', 'fail', 'warn', 'error', 'skip', 'pending'] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => {
      const label = pick(countLabels[status][counts[status] === 1 ? 0 : 1], locale);
      return locale === 'zh-CN' ? `${label} ${counts[status]}` : `${counts[status]} ${label}`;
    });
  const total = locale === 'zh-CN' ? `共 ${items.length} 项` : `${items.length} item${items.length === 1 ? '' : 's'}`;
  return `${total}${colon(locale)}${parts.join(' · ')}`;
}

/** "Target: " in English, "目标：" in Chinese. */
export function colon(locale: Locale): string {
  return locale === 'zh-CN' ? '：' : ': ';
}

/** A label followed by the locale's colon. */
export function labelled(label: Bilingual, locale: Locale): string {
  return pick(label, locale) + colon(locale);
}

/** A category as reports show it. */
export interface CategoryRow {
  readonly id: string;
  readonly title: string;
  /** Null when every item of the category was skipped. */
  readonly score: number | null;
  readonly passed: number;
  readonly total: number;
  readonly weight: number;
  readonly waived: number;
}

/** Scored categories in the plan's order, then any others in the order the score lists them. */
export function categoryRows(view: RunView): CategoryRow[] {
  const declared = view.plan.categories ?? [];
  const ids = [...declared.map((category) => category.id), ...Object.keys(view.score.categories)];
  const rows: CategoryRow[] = [];
  for (const id of new Set(ids)) {
    const score = view.score.categories[id];
    if (!score) continue;
    const title = declared.find((category) => category.id === id)?.title;
    rows.push({ id, title: title ?? id, ...score });
  }
  return rows;
}

/** `12ms`, `1.2s`, `2m 5s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms % 60_000) / 1000)}s`;
}

/** Score with one decimal, or a dash when the category had nothing to score. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' && Number.isFinite(score) ? score.toFixed(1) : '—';
}
