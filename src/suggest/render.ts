import { bi, pick, type Bilingual, type Locale } from '../core/text.js';
import type { PlanComparison } from './compare.js';
import type { SuggestResult } from './index.js';
import { groupNames, type GroupName } from './lessons/schema.js';
import type { Suggestion } from './propose.js';

/** Why a group of suggestions matters, as the terminal heads it. */
export const groupTitles = {
  data: bi('Data — wrong database, lost or wiped data', '数据 —— 连错库、丢数据、删数据'),
  money: bi('Money — payments that do not land', '资金 —— 支付不到账'),
  security: bi('Security — keys, open ports, permissions', '安全 —— 密钥、开放端口、权限'),
  users: bi('Users — what breaks on their phones', '用户 —— 手机上直接出错的地方'),
  operations: bi('Operations — running, logging, releasing', '运维 —— 运行、日志、发布'),
} satisfies Record<GroupName, Bilingual>;

function checkLine(item: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const check = item?.check as Record<string, unknown> | undefined;
  if (check) {
    const { kind, expect, ...rest } = check;
    const target = Object.entries(rest)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(' ');
    return `${String(kind)} ${target}${Array.isArray(expect) ? ` · ${expect.join(', ')}` : ''}`;
  }
  return item?.manual ? 'manual' : undefined;
}

function renderSuggestion(suggestion: Suggestion, locale: Locale): string {
  const label = (en: string, zh: string) => pick(bi(en, zh), locale);
  const lines = [`  [${suggestion.priority}] ${suggestion.id} — ${pick(suggestion.title, locale)}`, `      ${label('why', '原因')}: ${pick(suggestion.why, locale)}`];
  const check = checkLine(suggestion.item);
  if (check) lines.push(`      ${label('check', '检查')}: ${check}`);
  if (suggestion.guard) lines.push(`      ${label('guard', '守卫')}: ${String(suggestion.guard.action)} "${String(suggestion.guard.command)}"`);
  if (suggestion.because) lines.push(`      ${label('found in', '依据')}: ${suggestion.because}`);
  if (suggestion.origin === 'team') lines.push(`      ${label('team lesson', '团队经验')}: ${suggestion.lessonFile}`);
  return lines.join('\n');
}

function grouped(suggestions: readonly Suggestion[], locale: Locale): string {
  return groupNames
    .map((group) => {
      const inGroup = suggestions.filter((suggestion) => suggestion.group === group);
      return inGroup.length === 0 ? '' : `▌${pick(groupTitles[group], locale)} (${inGroup.length})\n${inGroup.map((suggestion) => renderSuggestion(suggestion, locale)).join('\n')}\n`;
    })
    .filter((block) => block !== '')
    .join('\n');
}

/** The terminal report: the stack found, then suggestions grouped by why they matter, then the plan comparison. */
export function renderText(result: SuggestResult, comparison: PlanComparison | undefined, planFile: string | undefined, locale: Locale): string {
  const t = (text: Bilingual) => pick(text, locale);
  const stack = [...result.view.signals].join(', ') || t(bi('nothing recognised', '未识别到'));
  const out = [t(bi(`Project ${result.profile.root}: ${result.profile.files.length} files; stack: ${stack}`, `项目 ${result.profile.root}：${result.profile.files.length} 个文件；技术栈：${stack}`)), ''];
  for (const problem of result.profile.problems) out.push(`  ! ${problem.file}: ${t(problem.message)}`);
  if (!comparison) {
    out.push(t(bi(`${result.suggestions.length} suggestion(s) for this project:`, `为本项目建议 ${result.suggestions.length} 项：`)), '', grouped(result.suggestions, locale));
    return `${out.join('\n').trimEnd()}\n`;
  }
  out.push(
    t(bi(`${planFile ?? 'The plan'} misses ${comparison.missing.length} of ${result.suggestions.length} suggestion(s) for this stack:`, `${planFile ?? '计划'} 缺少本技术栈 ${result.suggestions.length} 项建议中的 ${comparison.missing.length} 项：`)),
    '',
    comparison.missing.length > 0 ? grouped(comparison.missing, locale) : t(bi('  nothing missing', '  没有缺失')),
  );
  if (comparison.covered.length > 0) out.push('', t(bi('Already in the plan:', '计划中已有：')), ...comparison.covered.map(({ suggestion, by }) => `  ${suggestion.id} ← ${by}`));
  out.push('', t(bi(`No longer matches the project (${comparison.stale.length}):`, `与项目不再一致（${comparison.stale.length}）：`)));
  out.push(...(comparison.stale.length > 0 ? comparison.stale.map((entry) => `  ${entry.itemId}: ${t(entry.message)}`) : [t(bi('  nothing', '  无'))]));
  return `${out.join('\n').trimEnd()}\n`;
}

function suggestionJson(suggestion: Suggestion) {
  return {
    id: suggestion.id,
    lesson: suggestion.lessonId,
    origin: suggestion.origin,
    group: suggestion.group,
    priority: suggestion.priority,
    title: suggestion.title,
    why: suggestion.why,
    source: suggestion.source,
    because: suggestion.because,
    item: suggestion.item ?? null,
    guard: suggestion.guard ?? null,
    variables: suggestion.variables,
  };
}

/** The machine report: the profile (names and shapes only), the suggestions, and the plan comparison when asked. */
export function renderJson(result: SuggestResult, comparison: PlanComparison | undefined, planFile: string | undefined): string {
  const { profile, view } = result;
  const body = {
    project: {
      root: profile.root,
      files: profile.files.length,
      signals: [...view.signals],
      context: view.context,
      variables: view.collections.envVars,
      envFiles: profile.envFiles.map((file) => ({ file: file.file, example: file.example, environment: file.environment, variables: file.variables.map((variable) => ({ name: variable.name, shape: variable.shape, length: variable.length })) })),
      services: profile.services,
      proxies: profile.proxies,
      miniprograms: profile.miniprograms,
      cloudbase: profile.cloudbase,
      cloudFunctions: profile.cloudFunctions,
      vercel: profile.vercel,
      migrations: profile.migrations,
      backups: profile.backups,
      workflows: profile.workflows,
      problems: profile.problems,
    },
    suggestions: result.suggestions.map(suggestionJson),
    ...(comparison
      ? {
          plan: {
            file: planFile ?? null,
            missing: comparison.missing.map((suggestion) => suggestion.id),
            covered: comparison.covered.map(({ suggestion, by }) => ({ id: suggestion.id, by })),
            stale: comparison.stale,
          },
        }
      : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
