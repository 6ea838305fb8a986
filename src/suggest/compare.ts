import { posix } from 'node:path';
import { bi, type Bilingual } from '../core/text.js';
import type { LessonView } from './derive.js';
import type { Suggestion } from './propose.js';

/** Something the plan checks that the project no longer has. */
export interface StaleEntry {
  readonly itemId: string;
  readonly what: 'variable' | 'container' | 'path';
  readonly name: string;
  readonly message: Bilingual;
}

/** What a plan misses for this project, what it already has, and what in it no longer matches. */
export interface PlanComparison {
  readonly missing: readonly Suggestion[];
  readonly covered: readonly { readonly suggestion: Suggestion; readonly by: string }[];
  readonly stale: readonly StaleEntry[];
}

/** Fields of a check that name a variable, a container or a project path; a table, so nothing here branches on a kind. */
const references: Readonly<Record<string, Readonly<Partial<Record<StaleEntry['what'], string>>>>> = {
  env: { variable: 'name', container: 'container' },
  docker: { container: 'container' },
  miniprogram: { path: 'project' },
  files: { path: 'path' },
  secrets: { path: 'path' },
};

type RawItem = Readonly<Record<string, unknown>>;

function itemText(item: RawItem): string {
  const check = item.check as Record<string, unknown> | null | undefined;
  return [item.id, item.title, item.why, JSON.stringify(item.manual ?? ''), JSON.stringify(item.details ?? ''), check ? `kind: ${String(check.kind)}` : '', JSON.stringify(check ?? '')].join('\n');
}

function coveredBy(suggestion: Suggestion, items: readonly RawItem[], guards: readonly RawItem[]): string | undefined {
  if (suggestion.guard) {
    const command = String(suggestion.guard.command);
    const guard = guards.find((entry) => String(entry.command ?? '').includes(command) || suggestion.covers.some((pattern) => pattern.test(JSON.stringify(entry))));
    return guard ? `guard "${String(guard.command)}"` : undefined;
  }
  const same = items.find((item) => item.id === suggestion.id);
  if (same) return String(same.id);
  return items.find((item) => suggestion.covers.some((pattern) => pattern.test(itemText(item))))?.id as string | undefined;
}

function plainReference(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.includes('${');
}

function staleOf(item: RawItem, view: LessonView, planFolder: string): StaleEntry[] {
  const check = item.check as Record<string, unknown> | null | undefined;
  const fields = check ? references[String(check.kind)] : undefined;
  if (!check || !fields) return [];
  const itemId = String(item.id);
  const found: StaleEntry[] = [];
  const variable = fields.variable ? check[fields.variable] : undefined;
  if (plainReference(variable) && view.variableNames.size > 0 && !view.variableNames.has(variable)) {
    found.push({ itemId, what: 'variable', name: variable, message: bi(`${variable} is read by no code, compose file or env file of the project any more`, `项目的代码、compose 文件和 env 文件都不再使用 ${variable}`) });
  }
  const container = fields.container ? check[fields.container] : undefined;
  const services = view.collections.services;
  if (plainReference(container) && services.length > 0 && !services.some((service) => service.container === container || service.name === container || container.endsWith(`-${service.name}-1`) || container.endsWith(`_${service.name}_1`))) {
    found.push({ itemId, what: 'container', name: container, message: bi(`no compose service runs a container named ${container} any more`, `compose 中已没有名为 ${container} 的容器`) });
  }
  const path = fields.path ? check[fields.path] : undefined;
  if (plainReference(path) && !path.startsWith('/') && path !== '.') {
    const normalized = posix.join(planFolder, path).replace(/\/+$/, '');
    if (!view.files.some((file) => file === normalized || file.startsWith(`${normalized}/`))) {
      found.push({ itemId, what: 'path', name: path, message: bi(`${path} does not exist in the project any more`, `项目中已不存在 ${path}`) });
    }
  }
  return found;
}

/**
 * Compares a plan (its data as parsed, before validation) with the suggestions for the project.
 * `planFolder` is the plan's folder relative to the project root ('' when the plan sits at the root).
 */
export function comparePlan(planData: unknown, suggestions: readonly Suggestion[], view: LessonView, planFolder = ''): PlanComparison {
  const data = (planData ?? {}) as { items?: unknown; guards?: unknown };
  const items = (Array.isArray(data.items) ? data.items : []).filter((item): item is RawItem => item !== null && typeof item === 'object');
  const guards = (Array.isArray(data.guards) ? data.guards : []).filter((guard): guard is RawItem => guard !== null && typeof guard === 'object');
  const missing: Suggestion[] = [];
  const covered: { suggestion: Suggestion; by: string }[] = [];
  for (const suggestion of suggestions) {
    const by = coveredBy(suggestion, items, guards);
    if (by === undefined) missing.push(suggestion);
    else covered.push({ suggestion, by });
  }
  return { missing, covered, stale: items.flatMap((item) => staleOf(item, view, planFolder)) };
}
