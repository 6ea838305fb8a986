import type { z } from 'zod';
import { parseCondition, referencedFacts } from '../expect/index.js';
import { checkKindNames, findCheckKind } from '../checks/registry.js';
import { consecutiveAttempt, formatDuration, parseDuration, parsePersistence } from '../core/duration.js';
import { bi } from '../core/text.js';
import type { PlanDocument, PlanProblem, SourcePosition } from './document.js';
import { knownKeysAt } from './json-schema.js';
import { planSchema, type Plan } from './schema.js';
import { closest } from './suggest.js';
import { findReferences, interpolate } from './variables.js';

type Path = readonly (string | number)[];

/** What lint needs besides the document. */
export interface LintOptions {
  /** Variables that will have a value at run time (plan, environments, env files, --var, process env). */
  readonly knownVariables: ReadonlySet<string>;
  /** Also report the defaults golive applies (phase, category, owner). */
  readonly verbose?: boolean;
}

export interface LintResult {
  readonly problems: readonly PlanProblem[];
  /** The validated plan, when there was no error. */
  readonly plan?: Plan;
}

function get(root: unknown, path: Path): unknown {
  let value = root;
  for (const segment of path) value = (value as Record<string | number, unknown> | null | undefined)?.[segment];
  return value;
}

function pathText(path: Path): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** Maps one zod issue to a problem at the right place, with a did-you-mean for unknown keys. */
function schemaProblem(issue: z.core.$ZodIssue, doc: PlanDocument): PlanProblem[] {
  const path = issue.path as (string | number)[];
  const where = pathText(path) || 'plan';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const suggestion = closest(key, knownKeysAt(path, doc.data));
        const hint = suggestion ? bi(` (did you mean "${suggestion}"?)`, `（是不是 "${suggestion}"？）`) : bi('', '');
        return {
          position: doc.positionOf([...path, key], { key: true }),
          severity: 'error' as const,
          message: bi(`unknown key "${key}" in ${where}${hint.en}`, `${where} 中有未知字段 "${key}"${hint.zh}`),
        };
      });
    case 'invalid_type': {
      const missing = get(doc.data, path) === undefined;
      return [
        {
          position: doc.positionOf(missing ? path.slice(0, -1) : path),
          severity: 'error',
          message: missing
            ? bi(`${where} is required`, `缺少必填字段 ${where}`)
            : bi(`${where}: expected ${issue.expected}, got ${describeValue(get(doc.data, path))}`, `${where}：应为 ${issue.expected}，实际为 ${describeValue(get(doc.data, path))}`),
        },
      ];
    }
    case 'invalid_value':
      return [
        {
          position: doc.positionOf(path),
          severity: 'error',
          message: bi(
            `${where}: expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${describeValue(get(doc.data, path))}`,
            `${where}：应为 ${issue.values.map((value) => JSON.stringify(value)).join('、')} 之一，实际为 ${describeValue(get(doc.data, path))}`,
          ),
        },
      ];
    default:
      return [{ position: doc.positionOf(path), severity: 'error', message: bi(`${where}: ${issue.message}`, `${where}：${issue.message}`) }];
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Where the text of a condition starts: the scalar's position, one further when it is quoted. */
function conditionColumn(doc: PlanDocument, path: Path, offset: number): SourcePosition {
  const start = doc.positionOf(path);
  const lines = doc.source.split('\n');
  const char = lines[start.line - 1]?.[start.column - 1];
  const quoted = char === '"' || char === "'";
  return { line: start.line, column: start.column + (quoted ? 1 : 0) + offset };
}

interface ConditionSite {
  readonly path: Path;
  readonly source: unknown;
  /** The check kind whose facts the condition reads, when known. */
  readonly kind?: string;
  /** The condition reads monitors by id (rollout guards and rollback triggers). */
  readonly overMonitors?: boolean;
}

function checkConditions(check: unknown, path: Path): ConditionSite[] {
  const kind = (check as { kind?: unknown } | undefined)?.kind;
  const sites: ConditionSite[] = [];
  for (const list of ['expect', 'warn'] as const) {
    const conditions = get(check, [list]);
    if (Array.isArray(conditions)) {
      conditions.forEach((source, index) => sites.push({ path: [...path, list, index], source, ...(typeof kind === 'string' ? { kind } : {}) }));
    }
  }
  return sites;
}

function conditionSites(data: unknown): ConditionSite[] {
  const sites: ConditionSite[] = [];
  const items = get(data, ['items']);
  if (Array.isArray(items)) items.forEach((item, index) => sites.push(...checkConditions(get(item, ['check']), ['items', index, 'check'])));
  const monitors = get(data, ['monitors']);
  if (Array.isArray(monitors)) {
    monitors.forEach((monitor, index) => {
      for (const field of ['threshold', 'clearWhen'] as const) {
        if (get(monitor, [field]) !== undefined) sites.push({ path: ['monitors', index, field], source: get(monitor, [field]) });
      }
      sites.push(...checkConditions(get(monitor, ['check']), ['monitors', index, 'check']));
    });
  }
  const stages = get(data, ['rollout', 'stages']);
  if (Array.isArray(stages)) {
    stages.forEach((stage, index) => {
      const guard = get(stage, ['guard']);
      if (Array.isArray(guard)) guard.forEach((source, at) => sites.push({ path: ['rollout', 'stages', index, 'guard', at], source, overMonitors: true }));
    });
  }
  const triggers = get(data, ['rollout', 'rollbackWhen']);
  // A manual trigger is judged by a person: its condition is a description, not read from monitors.
  if (Array.isArray(triggers)) {
    triggers.forEach((trigger, index) => sites.push({ path: ['rollout', 'rollbackWhen', index, 'condition'], source: get(trigger, ['condition']), overMonitors: get(trigger, ['manual']) !== true }));
  }
  const inspections = get(data, ['inspections']);
  if (Array.isArray(inspections)) {
    inspections.forEach((inspection, index) => {
      const checks = get(inspection, ['checks']);
      if (Array.isArray(checks)) checks.forEach((item, at) => sites.push(...checkConditions(get(item, ['check']), ['inspections', index, 'checks', at, 'check'])));
    });
  }
  return sites;
}

function conditionProblems(doc: PlanDocument): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const site of conditionSites(doc.data)) {
    if (typeof site.source !== 'string') continue;
    const parsed = parseCondition(site.source);
    if (!parsed.ok) {
      problems.push({
        position: conditionColumn(doc, site.path, parsed.error.offset),
        severity: 'error',
        message: bi(`condition "${site.source}": ${parsed.error.message.en}`, `条件 "${site.source}"：${parsed.error.message.zh}`),
      });
      continue;
    }
    if (site.overMonitors) {
      problems.push(...monitorReferenceProblems(doc, site.path, site.source, referencedFacts(parsed.condition)));
      continue;
    }
    const kind = site.kind === undefined ? undefined : findCheckKind(site.kind);
    if (!kind) continue;
    const facts = Object.keys(kind.facts);
    for (const fact of referencedFacts(parsed.condition)) {
      if (facts.includes(fact)) continue;
      const suggestion = closest(fact, facts);
      problems.push({
        position: conditionColumn(doc, site.path, Math.max(0, site.source.indexOf(fact))),
        severity: 'warning',
        message: bi(
          `condition reads "${fact}", which a ${kind.name} check does not provide${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; it provides ${facts.join(', ')}`,
          `条件读取的 "${fact}" 不是 ${kind.name} 检查提供的事实${suggestion ? `（是不是 "${suggestion}"？）` : ''}；可用：${facts.join('、')}`,
        ),
      });
    }
  }
  return problems;
}

/** A guard or trigger reads monitors by id: each must exist and have a check, or the condition can never be judged. */
function monitorReferenceProblems(doc: PlanDocument, path: Path, source: string, names: readonly string[]): PlanProblem[] {
  const monitors = get(doc.data, ['monitors']);
  const list = Array.isArray(monitors) ? monitors : [];
  const ids = list.map((monitor) => get(monitor, ['id'])).filter((id): id is string => typeof id === 'string');
  return names.flatMap((name): PlanProblem[] => {
    const position = conditionColumn(doc, path, Math.max(0, source.indexOf(name)));
    const monitor = list.find((candidate) => get(candidate, ['id']) === name);
    if (!monitor) {
      const suggestion = closest(name, ids);
      return [
        {
          position,
          severity: 'warning',
          message: bi(
            `condition reads "${name}", which is not a monitor${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: it stays without data (inconclusive) until monitors has one with that id and a check`,
            `条件读取的 "${name}" 不是监控项${suggestion ? `（是不是 "${suggestion}"？）` : ''}：在 monitors 中加入同 id 且带 check 的监控项之前，它始终没有数据（无法判断）`,
          ),
        },
      ];
    }
    // With onInconclusive: proceed the team said monitors without data (watched by hand) do not hold the rollout.
    if (get(monitor, ['check']) !== undefined || get(doc.data, ['rollout', 'onInconclusive']) === 'proceed') return [];
    return [
      {
        position,
        severity: 'warning',
        message: bi(`monitor "${name}" has no check to read its value: the condition stays inconclusive`, `监控项 "${name}" 没有读取数值的 check：条件始终无法判断`),
      },
    ];
  });
}

/** Problems with `kind` itself, and the check paths they concern (other schema issues there are noise). */
function kindProblems(doc: PlanDocument): { problems: PlanProblem[]; paths: string[] } {
  const problems: PlanProblem[] = [];
  const paths: string[] = [];
  const visit = (check: unknown, path: Path) => {
    const kind = get(check, ['kind']);
    if (check === undefined || (typeof kind === 'string' && findCheckKind(kind))) return;
    paths.push(pathText(path));
    const suggestion = typeof kind === 'string' ? closest(kind, checkKindNames) : undefined;
    const hint = suggestion ? bi(` (did you mean "${suggestion}"?)`, `（是不是 "${suggestion}"？）`) : bi('', '');
    problems.push({
      position: doc.positionOf(kind === undefined ? path : [...path, 'kind']),
      severity: 'error',
      message:
        kind === undefined
          ? bi(`a check needs a kind (one of ${checkKindNames.join(', ')})`, `检查需要 kind 字段（${checkKindNames.join('、')} 之一）`)
          : bi(
              `unknown check kind ${JSON.stringify(kind)}${hint.en}; known kinds: ${checkKindNames.join(', ')}`,
              `未知的检查类型 ${JSON.stringify(kind)}${hint.zh}；可用类型：${checkKindNames.join('、')}`,
            ),
    });
  };
  const items = get(doc.data, ['items']);
  if (Array.isArray(items)) items.forEach((item, index) => visit(get(item, ['check']), ['items', index, 'check']));
  const monitors = get(doc.data, ['monitors']);
  if (Array.isArray(monitors)) monitors.forEach((monitor, index) => visit(get(monitor, ['check']), ['monitors', index, 'check']));
  return { problems, paths };
}

function duplicateProblems(doc: PlanDocument, list: string, label: { en: string; zh: string }): PlanProblem[] {
  const entries = get(doc.data, [list]);
  if (!Array.isArray(entries)) return [];
  const seen = new Map<string, number>();
  const problems: PlanProblem[] = [];
  entries.forEach((entry, index) => {
    const id = get(entry, ['id']);
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, index);
      return;
    }
    const firstLine = doc.positionOf([list, first, 'id']).line;
    problems.push({
      position: doc.positionOf([list, index, 'id']),
      severity: 'error',
      message: bi(`duplicate ${label.en} id "${id}" (first used on line ${firstLine})`, `重复的${label.zh} id "${id}"（第 ${firstLine} 行已使用）`),
    });
  });
  return problems;
}

/** Webhook URLs carry their key and secrets sign messages: written into the plan they end up in git. */
function notificationProblems(doc: PlanDocument): PlanProblem[] {
  const targets = get(doc.data, ['notifications']);
  if (!Array.isArray(targets)) return [];
  return targets.flatMap((_, index) =>
    (['url', 'secret'] as const).flatMap((field): PlanProblem[] => {
      const value = get(doc.data, ['notifications', index, field]);
      if (typeof value !== 'string' || value.includes('${')) return [];
      return [
        {
          position: doc.positionOf(['notifications', index, field]),
          severity: 'warning',
          message: bi(
            `notifications[${index}].${field} is a credential written in the plan; put it in a variable (e.g. "\${WECOM_WEBHOOK}") set in an env file or the environment`,
            `notifications[${index}].${field} 是凭据，却直接写在计划中；请改用变量（如 "\${WECOM_WEBHOOK}"），在 env 文件或环境变量中赋值`,
          ),
        },
      ];
    }),
  );
}

function idsOf(data: unknown, list: string): Set<string> | undefined {
  const entries = get(data, [list]);
  if (!Array.isArray(entries)) return undefined;
  return new Set(entries.map((entry) => get(entry, ['id'])).filter((id): id is string => typeof id === 'string'));
}

function referenceProblems(doc: PlanDocument): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const roles = idsOf(doc.data, 'roles') ?? new Set<string>();
  const phases = idsOf(doc.data, 'phases');
  const categories = idsOf(doc.data, 'categories');
  const items = idsOf(doc.data, 'items') ?? new Set<string>();
  const refer = (path: Path, value: unknown, known: Set<string> | undefined, label: { en: string; zh: string }) => {
    if (typeof value !== 'string' || !known || known.has(value)) return;
    const suggestion = closest(value, known);
    const declared = known.size === 0 ? bi(`no ${label.en}s are declared`, `计划中没有声明任何${label.zh}`) : bi(`declared: ${[...known].join(', ')}`, `已声明：${[...known].join('、')}`);
    problems.push({
      position: doc.positionOf(path),
      severity: 'error',
      message: bi(
        `"${value}" is not a declared ${label.en}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ${declared.en}`,
        `"${value}" 不是已声明的${label.zh}${suggestion ? `（是不是 "${suggestion}"？）` : ''}；${declared.zh}`,
      ),
    });
  };
  const list = get(doc.data, ['items']);
  if (Array.isArray(list)) {
    list.forEach((item, index) => {
      refer(['items', index, 'owner'], get(item, ['owner']), roles, { en: 'role', zh: '角色' });
      refer(['items', index, 'phase'], get(item, ['phase']), phases, { en: 'phase', zh: '阶段' });
      refer(['items', index, 'category'], get(item, ['category']), categories, { en: 'category', zh: '分类' });
      const dependsOn = get(item, ['depends_on']);
      if (Array.isArray(dependsOn)) dependsOn.forEach((id, at) => refer(['items', index, 'depends_on', at], id, items, { en: 'item', zh: '检查项' }));
    });
  }
  const monitors = get(doc.data, ['monitors']);
  if (Array.isArray(monitors)) monitors.forEach((monitor, index) => refer(['monitors', index, 'owner'], get(monitor, ['owner']), roles, { en: 'role', zh: '角色' }));
  const inspections = get(doc.data, ['inspections']);
  if (Array.isArray(inspections)) {
    inspections.forEach((inspection, index) => {
      const ids = get(inspection, ['items']);
      if (Array.isArray(ids)) ids.forEach((id, at) => refer(['inspections', index, 'items', at], id, items, { en: 'item', zh: '检查项' }));
    });
  }
  return problems;
}

function weightProblems(doc: PlanDocument): PlanProblem[] {
  const categories = get(doc.data, ['categories']);
  if (!Array.isArray(categories) || categories.length === 0) return [];
  const total = categories.reduce((sum: number, category) => {
    const weight = get(category, ['weight']);
    return sum + (typeof weight === 'number' ? weight : 1);
  }, 0);
  if (total > 0) return [];
  return [
    {
      position: doc.positionOf(['categories']),
      severity: 'error',
      message: bi('category weights add up to 0: the overall score would be undefined', '分类权重之和为 0：无法计算总分'),
    },
  ];
}

function variableProblems(doc: PlanDocument, known: ReadonlySet<string>): PlanProblem[] {
  const declared = new Set([...known, ...Object.keys((get(doc.data, ['variables']) as object | undefined) ?? {})]);
  const environments = get(doc.data, ['environments']);
  if (environments && typeof environments === 'object') {
    for (const environment of Object.values(environments)) {
      for (const name of Object.keys((get(environment, ['variables']) as object | undefined) ?? {})) declared.add(name);
    }
  }
  return findReferences(doc.data)
    .filter((reference) => !reference.hasDefault && !declared.has(reference.name))
    .map((reference) => {
      const suggestion = closest(reference.name, declared);
      return {
        position: conditionColumn(doc, reference.path, reference.offset),
        severity: 'error' as const,
        message: bi(
          `undefined variable \${${reference.name}}${suggestion ? ` (did you mean \${${suggestion}}?)` : ''}: declare it under variables, or pass --var ${reference.name}=…`,
          `未定义的变量 \${${reference.name}}${suggestion ? `（是不是 \${${suggestion}}？）` : ''}：请在 variables 中声明，或使用 --var ${reference.name}=…`,
        ),
      };
    });
}

function defaultProblems(doc: PlanDocument): PlanProblem[] {
  const items = get(doc.data, ['items']);
  if (!Array.isArray(items)) return [];
  return items.flatMap((item, index) => {
    const missing = (['phase', 'category', 'owner'] as const).filter((field) => get(item, [field]) === undefined);
    if (missing.length === 0) return [];
    return [
      {
        position: doc.positionOf(['items', index]),
        severity: 'info' as const,
        message: bi(`item "${String(get(item, ['id']))}": default applied for ${missing.join(', ')}`, `检查项 "${String(get(item, ['id']))}"：${missing.join('、')} 使用了默认值`),
      },
    ];
  });
}

/** How often golive reads what a `for` is about: `rollout.interval` (default 30s), a monitor's `every …` schedule (default 1m). */
const defaultRolloutIntervalMs = 30_000;
const defaultMonitorIntervalMs = 60_000;

/** Milliseconds between two evaluations of a monitor schedule; undefined for a cron expression (no fixed interval). */
function scheduleIntervalMs(schedule: unknown): number | undefined {
  if (schedule === undefined) return defaultMonitorIntervalMs;
  if (typeof schedule !== 'string') return undefined;
  const text = schedule.trim().toLowerCase();
  if (text === 'hourly') return 3_600_000;
  if (/^daily\s/.test(text)) return 86_400_000;
  const every = /^every\s+(\S+)$/.exec(text);
  return every ? parseDuration(every[1] ?? '') : undefined;
}

/**
 * `for` and `clearFor`: a duration or `3x` (consecutive checks), with one bilingual message for a malformed value
 * (`0x`, `1.5x`) at the field, and a warning for a duration shorter than the evaluation interval (it can only mean
 * "two checks in a row"). Returns the paths it reported, whose schema issues would say the same less clearly.
 */
function persistenceProblems(doc: PlanDocument): { problems: PlanProblem[]; paths: string[] } {
  const sites: Array<{ path: Path; intervalMs: number | undefined }> = [];
  const rolloutInterval = get(doc.data, ['rollout', 'interval']);
  const triggerInterval = rolloutInterval === undefined ? defaultRolloutIntervalMs : typeof rolloutInterval === 'number' ? rolloutInterval : parseDuration(String(rolloutInterval));
  const triggers = get(doc.data, ['rollout', 'rollbackWhen']);
  if (Array.isArray(triggers)) triggers.forEach((_, index) => sites.push({ path: ['rollout', 'rollbackWhen', index, 'for'], intervalMs: triggerInterval }));
  const monitors = get(doc.data, ['monitors']);
  if (Array.isArray(monitors)) {
    monitors.forEach((monitor, index) => {
      const intervalMs = scheduleIntervalMs(get(monitor, ['schedule']));
      for (const field of ['for', 'clearFor'] as const) sites.push({ path: ['monitors', index, field], intervalMs });
    });
  }
  const problems: PlanProblem[] = [];
  const paths: string[] = [];
  for (const { path, intervalMs } of sites) {
    const value = get(doc.data, path);
    if ((typeof value !== 'string' && typeof value !== 'number') || (typeof value === 'string' && value.includes('${'))) continue;
    const where = pathText(path);
    const parsed = parsePersistence(value);
    if (!parsed) {
      paths.push(where);
      const text = String(value);
      problems.push({
        position: doc.positionOf(path),
        severity: 'error',
        message: consecutiveAttempt.test(text)
          ? bi(
              `${where}: "${text}" is not a number of consecutive checks: write a whole number of at least 1 followed by x, e.g. 3x`,
              `${where}："${text}" 不是有效的连续次数：请写不小于 1 的整数加 x，例如 3x（连续 3 次）`,
            )
          : bi(
              `${where}: expected a duration such as 30s, 5m or 1h, or a number of consecutive checks such as 3x; got ${describeValue(value)}`,
              `${where}：应为时长（如 30s、5m、1h）或连续次数（如 3x），实际为 ${describeValue(value)}`,
            ),
      });
      continue;
    }
    if (!('ms' in parsed) || intervalMs === undefined || parsed.ms <= 0 || parsed.ms >= intervalMs) continue;
    const interval = formatDuration(intervalMs);
    problems.push({
      position: doc.positionOf(path),
      severity: 'warning',
      message: bi(
        `${where}: ${String(value)} is shorter than the evaluation interval (${interval}): conditions are only read every ${interval}, so this means two checks in a row; write 2x to say so, or a duration of at least ${interval}`,
        `${where}：${String(value)} 短于评估间隔（${interval}）：条件每 ${interval} 才读取一次，实际含义是连续 2 次；请写 2x 表明这一点，或写不短于 ${interval} 的时长`,
      ),
    });
  }
  return { problems, paths };
}

/** Every problem in a plan in one pass: syntax, schema, references, conditions, variables, weights. */
export function lintPlan(doc: PlanDocument, options: LintOptions): LintResult {
  if (doc.syntaxProblems.some((problem) => problem.severity === 'error')) return { problems: doc.syntaxProblems };
  if (doc.data === null || typeof doc.data !== 'object' || Array.isArray(doc.data)) {
    return { problems: [{ position: { line: 1, column: 1 }, severity: 'error', message: bi('a plan is a YAML mapping with at least "name" and "items"', '计划应为 YAML 映射，至少包含 name 和 items') }] };
  }

  const unknownKinds = kindProblems(doc);
  const persistence = persistenceProblems(doc);
  // Values only known at run time stay as ${NAME}; schema errors caused by them are not the plan's fault.
  const candidate = interpolate(doc.data, () => undefined);
  const parsed = planSchema.safeParse(candidate);
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues
        .filter((issue) => {
          const value = get(doc.data, issue.path as Path);
          if (typeof value === 'string' && value.includes('${')) return false;
          // Unknown kinds are reported once, with the list of kinds, by kindProblems.
          const where = pathText(issue.path as Path);
          // `for: 0x` is reported once, in both languages, by persistenceProblems.
          if (persistence.paths.includes(where)) return false;
          return !unknownKinds.paths.some((path) => where === path || where.startsWith(`${path}.`));
        })
        .flatMap((issue) => schemaProblem(issue, doc));

  const problems = [
    ...doc.syntaxProblems,
    ...unknownKinds.problems,
    ...persistence.problems,
    ...schemaProblems,
    ...duplicateProblems(doc, 'items', { en: 'item', zh: '检查项' }),
    ...duplicateProblems(doc, 'roles', { en: 'role', zh: '角色' }),
    ...duplicateProblems(doc, 'categories', { en: 'category', zh: '分类' }),
    ...duplicateProblems(doc, 'phases', { en: 'phase', zh: '阶段' }),
    ...duplicateProblems(doc, 'monitors', { en: 'monitor', zh: '监控' }),
    ...duplicateProblems(doc, 'notifications', { en: 'notification target', zh: '通知目标' }),
    ...notificationProblems(doc),
    ...referenceProblems(doc),
    ...conditionProblems(doc),
    ...weightProblems(doc),
    ...variableProblems(doc, options.knownVariables),
    ...(options.verbose ? defaultProblems(doc) : []),
  ].sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);

  const hasError = problems.some((problem) => problem.severity === 'error');
  return hasError || !parsed.success ? { problems } : { problems, plan: parsed.data };
}
