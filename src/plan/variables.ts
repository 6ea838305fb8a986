/** `${NAME}` or `${NAME:-default}`; `$${` writes a literal `${`. */
const referencePattern = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** One `${…}` found in a string of the plan. */
export interface VariableReference {
  readonly name: string;
  readonly hasDefault: boolean;
  /** Path of the string in the plan document, e.g. ['items', 0, 'check', 'url']. */
  readonly path: readonly (string | number)[];
  /** Offset of the `$` inside the string. */
  readonly offset: number;
}

/** Every `${NAME}` in every string of a parsed document, with where it is. */
export function findReferences(value: unknown, path: (string | number)[] = []): VariableReference[] {
  if (typeof value === 'string') {
    return [...value.matchAll(referencePattern)]
      .filter((match) => match[1] !== '$')
      .map((match) => ({ name: match[2] ?? '', hasDefault: match[3] !== undefined, path, offset: match.index }));
  }
  if (Array.isArray(value)) return value.flatMap((inner, index) => findReferences(inner, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => findReferences(inner, [...path, key]));
  }
  return [];
}

/** Replaces `${NAME}` in every string; names without a value and without a default are left as written. */
export function interpolate<T>(value: T, lookup: (name: string) => string | undefined): T {
  if (typeof value === 'string') {
    return value.replace(referencePattern, (whole, escape: string, name: string, fallback: string | undefined) => {
      if (escape === '$') return whole.slice(1);
      return lookup(name) ?? fallback ?? whole;
    }) as T;
  }
  if (Array.isArray(value)) return value.map((inner: unknown) => interpolate(inner, lookup)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, interpolate(inner, lookup)])) as T;
  }
  return value;
}
