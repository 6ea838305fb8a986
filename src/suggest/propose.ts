import { bi, type Bilingual } from '../core/text.js';
import type { Priority } from '../plan/schema.js';
import type { Binding, LessonView, Signal } from './derive.js';
import type { LoadedLesson } from './lessons/load.js';
import type { GroupName, Lesson } from './lessons/schema.js';

/** A plan variable a suggestion uses, declared when it is written into a plan. */
export interface SuggestedVariable {
  readonly description: string;
  readonly value?: string;
  readonly example?: string;
  readonly secret?: boolean;
}

/** One proposal for this project: the item (or guard) to add, and the lesson that says why. */
export interface Suggestion {
  readonly id: string;
  readonly lessonId: string;
  readonly origin: LoadedLesson['origin'];
  readonly lessonFile: string;
  readonly group: GroupName;
  readonly priority: Priority;
  readonly title: Bilingual;
  /** Which kind of team missed it and what broke. */
  readonly why: Bilingual;
  readonly source: Lesson['source'];
  /** What in the project made it apply (file, variable, service), for people. */
  readonly because: string | null;
  readonly item?: Readonly<Record<string, unknown>>;
  readonly guard?: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, SuggestedVariable>>;
  /** Regexes that find it in a plan already. */
  readonly covers: readonly RegExp[];
}

const placeholder = /\{\{\s*([A-Za-z][\w]*)\s*(?:\|\s*(slug|lower|upper)\s*)?\}\}/g;

/** Thrown inside filling when a `{{field}}` has no value: the proposal does not apply. */
class Unresolved extends Error {}

function fillText(template: string, values: Binding): string {
  return template.replace(placeholder, (_whole, key: string, filter: string | undefined) => {
    const value = values[key];
    if (value === undefined || value === '') throw new Unresolved(key);
    if (filter === 'slug') return value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    if (filter === 'lower') return value.toLowerCase();
    if (filter === 'upper') return value.toUpperCase();
    return value;
  });
}

function fill<T>(value: T, values: Binding): T {
  if (typeof value === 'string') return fillText(value, values) as T;
  if (Array.isArray(value)) return value.map((inner: unknown) => fill(inner, values)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fill(inner, values)])) as T;
  return value;
}

function tryFill<T>(value: T, values: Binding): T | undefined {
  try {
    return fill(value, values);
  } catch (error) {
    if (error instanceof Unresolved) return undefined;
    throw error;
  }
}

/** `/re/flags` as a RegExp; undefined for plain text. */
export function regexOf(text: string): RegExp | undefined {
  const match = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (!match) return undefined;
  try {
    return new RegExp(match[1] ?? '', match[2]);
  } catch {
    return undefined;
  }
}

/** Whether a detection predicate (`mysql`, `env:/re/`, `file:/re/`) holds for the project. */
export function holds(predicate: string, view: LessonView): boolean {
  if (predicate.startsWith('env:')) {
    const pattern = regexOf(predicate.slice(4));
    return pattern !== undefined && [...view.variableNames].some((name) => pattern.test(name));
  }
  if (predicate.startsWith('file:')) {
    const pattern = regexOf(predicate.slice(5));
    return pattern !== undefined && view.files.some((file) => pattern.test(file));
  }
  return view.signals.has(predicate as Signal);
}

function matchesWhere(entry: Binding, where: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(where ?? {}).every(([field, wanted]) => {
    const value = entry[field] ?? '';
    const pattern = regexOf(wanted);
    return pattern ? pattern.test(value) : value === wanted;
  });
}

/** The plan text of a bilingual line, the way golive's plans write them: 中文 / English. */
export function planText(text: Bilingual): string {
  return `${text.zh} / ${text.en}`;
}

function propose(loaded: LoadedLesson, entry: Binding | undefined, view: LessonView): Suggestion | undefined {
  const { lesson } = loaded;
  const values: Binding = { ...view.context, ...entry };
  const proposal = lesson.proposal;
  const reason = proposal.guard ? tryFill(proposal.guard.reason, values) : undefined;
  const title = proposal.item
    ? tryFill(proposal.item.title, values)
    : reason && proposal.guard
      ? bi(`Never run "${proposal.guard.command}" in production: it ${reason.en}`, `生产环境禁止执行 "${proposal.guard.command}"：${reason.zh}`)
      : undefined;
  const why = tryFill(lesson.lesson, values);
  if (!title || !why) return undefined;
  let item: Record<string, unknown> | undefined;
  if (proposal.item) {
    const { title: _title, manual, ...rest } = proposal.item;
    const filled = tryFill(rest, values);
    const filledManual = manual ? tryFill(manual, values) : undefined;
    if (!filled || (manual && !filledManual)) return undefined;
    item = {
      id: filled.id,
      title: planText(title),
      phase: filled.phase,
      category: filled.category,
      priority: filled.priority,
      owner: filled.owner,
      ...(filled.check ? { check: filled.check } : {}),
      ...(filledManual ? { manual: { method: planText(filledManual.method), expected: planText(filledManual.expected) } } : {}),
      why: planText(why),
      ...(filled.details ? { details: filled.details } : {}),
      tags: [`lesson:${lesson.id}`],
    };
  }
  let guard: Record<string, unknown> | undefined;
  if (proposal.guard) {
    const filled = tryFill(proposal.guard, values);
    if (!filled) return undefined;
    guard = { command: filled.command, action: filled.action, ...(filled.environments ? { environments: filled.environments } : {}), reason: planText(filled.reason) };
  }
  const variables = Object.fromEntries(
    Object.entries(proposal.variables ?? {}).map(([name, spec]) => {
      const value = spec.value === undefined ? undefined : tryFill(spec.value, values);
      return [name, { description: planText(spec.description), ...(value ? { value } : {}), ...(spec.example ? { example: spec.example } : {}), ...(spec.secret ? { secret: true } : {}) }];
    }),
  );
  const covers = lesson.covers.flatMap((text) => {
    const filled = tryFill(text, values);
    const pattern = filled === undefined ? undefined : regexOf(filled);
    return pattern ? [pattern] : [];
  });
  const because = entry ? (entry.file ?? entry.name ?? entry.service ?? entry.dir ?? null) : null;
  return {
    id: String(item?.id ?? `guard-${lesson.id}`),
    lessonId: lesson.id,
    origin: loaded.origin,
    lessonFile: loaded.file,
    group: lesson.group,
    priority: proposal.item?.priority ?? 'high',
    title,
    why,
    source: lesson.source,
    because: because && entry?.name && entry.file && because !== entry.name ? `${entry.name} (${entry.file})` : because,
    ...(item ? { item } : {}),
    ...(guard ? { guard } : {}),
    variables,
    covers,
  };
}

/** Every suggestion the lessons make for this project, each once, in lesson order. */
export function suggestFor(lessons: readonly LoadedLesson[], view: LessonView): Suggestion[] {
  const suggestions: Suggestion[] = [];
  const seen = new Set<string>();
  for (const loaded of lessons) {
    const { detection } = loaded.lesson;
    if (!detection.requires.every((predicate) => holds(predicate, view))) continue;
    if (detection.any.length > 0 && !detection.any.some((predicate) => holds(predicate, view))) continue;
    if (detection.excludes.some((predicate) => holds(predicate, view))) continue;
    const entries = detection.each ? view.collections[detection.each.in].filter((entry) => matchesWhere(entry, detection.each?.where)) : [undefined];
    for (const entry of entries) {
      const suggestion = propose(loaded, entry, view);
      if (!suggestion || seen.has(suggestion.id)) continue;
      seen.add(suggestion.id);
      suggestions.push(suggestion);
    }
  }
  return suggestions;
}
