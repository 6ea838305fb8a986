import { posix } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { Suggestion } from './propose.js';

function sequenceAt(doc: Document, key: string) {
  const existing = doc.get(key, true);
  if (isSeq(existing)) return existing;
  if (existing !== undefined && existing !== null) throw new GoliveError('suggest.plan-shape', bi(`"${key}" in the plan is not a list; golive suggest --write leaves the file untouched`, `计划中的 "${key}" 不是列表；golive suggest --write 没有修改文件`));
  const created = doc.createNode([]);
  doc.set(key, created);
  return created;
}

/** Check fields that hold a path relative to the plan (lessons write them relative to the project root). */
const pathFields = ['file', 'path', 'project', 'cwd'] as const;

/** Suggestions with their check paths made relative to a plan that sits in `planFolder` (relative to the project root). */
export function rebaseSuggestions(suggestions: readonly Suggestion[], planFolder: string): Suggestion[] {
  if (planFolder === '') return [...suggestions];
  return suggestions.map((suggestion) => {
    const check = suggestion.item?.check as Record<string, unknown> | undefined;
    if (!check) return suggestion;
    const moved = { ...check };
    for (const field of pathFields) {
      const value = moved[field];
      if (typeof value === 'string' && !value.startsWith('/') && !value.includes('${')) moved[field] = posix.relative(planFolder, value) || '.';
    }
    return { ...suggestion, item: { ...suggestion.item, check: moved } };
  });
}

/** The roles golive's lessons give items to, declared when a plan lacks them so it still lints. */
const roleTitles: Readonly<Record<string, string>> = {
  'tech-lead': '技术负责人 / Tech lead',
  ops: '运维负责人 / Ops',
  qa: '测试负责人 / QA',
  product: '产品负责人 / Product',
};

/**
 * Adds suggestions to a plan's YAML text through the yaml Document API, so the user's comments,
 * key order and formatting of everything already there are kept; new entries go at the end.
 */
export function mergeIntoPlan(text: string, suggestions: readonly Suggestion[], note: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new GoliveError('suggest.plan-syntax', bi(`the plan is not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''}); nothing was written`, `计划不是合法的 YAML（${doc.errors[0]?.message.split('\n')[0] ?? ''}）；未写入任何内容`));
  if (!isMap(doc.contents)) throw new GoliveError('suggest.plan-shape', bi('the plan is not a YAML mapping; nothing was written', '计划不是 YAML 映射；未写入任何内容'));
  const withItems = suggestions.filter((suggestion) => suggestion.item);
  const withGuards = suggestions.filter((suggestion) => suggestion.guard);
  if (withItems.length > 0) {
    const items = sequenceAt(doc, 'items');
    withItems.forEach((suggestion, index) => {
      const node = doc.createNode(suggestion.item);
      if (index === 0) node.commentBefore = ` ${note}`;
      items.items.push(node);
    });
  }
  if (withGuards.length > 0) {
    const guards = sequenceAt(doc, 'guards');
    for (const suggestion of withGuards) guards.items.push(doc.createNode(suggestion.guard));
  }
  const owners = new Set(withItems.map((suggestion) => suggestion.item?.owner).filter((owner): owner is string => typeof owner === 'string'));
  const roles = (doc.toJS() as { roles?: { id?: unknown }[] }).roles;
  const known = new Set((Array.isArray(roles) ? roles : []).map((role) => role.id));
  const newRoles = [...owners].filter((owner) => !known.has(owner));
  if (newRoles.length > 0) {
    const list = sequenceAt(doc, 'roles');
    for (const id of newRoles) list.items.push(doc.createNode({ id, title: roleTitles[id] ?? id }));
  }
  const variables = new Map<string, unknown>();
  for (const suggestion of suggestions) for (const [name, spec] of Object.entries(suggestion.variables)) if (!variables.has(name)) variables.set(name, spec);
  if (variables.size > 0) {
    let map = doc.get('variables', true);
    if (!isMap(map)) {
      map = doc.createNode({});
      doc.set('variables', map);
    }
    const declared = new Set<string>();
    for (const environment of Object.values((doc.toJS() as { environments?: Record<string, { variables?: object }> }).environments ?? {})) for (const name of Object.keys(environment.variables ?? {})) declared.add(name);
    for (const [name, spec] of variables) if (!doc.hasIn(['variables', name]) && !declared.has(name)) doc.setIn(['variables', name], doc.createNode(spec));
  }
  return doc.toString({ lineWidth: 0 });
}
