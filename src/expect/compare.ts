import { bi, type Bilingual } from '../core/text.js';

/** Value types as explanations name them. */
export type ValueType = 'number' | 'text' | 'boolean' | 'null' | 'list' | 'object' | 'other';

const typeLabels = {
  number: bi('a number', '数字'),
  text: bi('text', '文本'),
  boolean: bi('a boolean', '布尔值'),
  null: bi('null', '空值'),
  list: bi('a list', '列表'),
  object: bi('an object', '对象'),
  other: bi('an unsupported value', '不支持的值'),
} as const satisfies Record<ValueType, Bilingual>;

export function typeOf(value: unknown): ValueType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'other';
  }
}

export function typeLabel(value: unknown): Bilingual {
  return typeLabels[typeOf(value)];
}

// Deeper structures compare as unequal rather than recursing without bound.
const maxEqualityDepth = 64;

/** Equality with the coercions env-style string facts need: "42" == 42, "false" == false. */
export function looseEquals(a: unknown, b: unknown, depth = 0): boolean {
  const [x, y] = coercePair(a, b);
  if (depth > maxEqualityDepth) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((item: unknown, i) => looseEquals(item, y[i], depth + 1));
  }
  if (isRecord(x) && isRecord(y)) {
    const keys = Object.keys(x);
    return (
      keys.length === Object.keys(y).length &&
      keys.every((key) => Object.hasOwn(y, key) && looseEquals(Reflect.get(x, key), Reflect.get(y, key), depth + 1))
    );
  }
  return x === y;
}

/** -1, 0 or 1 for two numbers (after coercion) or two strings; undefined when they cannot be ordered. */
export function order(a: unknown, b: unknown): number | undefined {
  const [x, y] = coercePair(a, b);
  const comparable =
    (typeof x === 'number' && typeof y === 'number' && !Number.isNaN(x) && !Number.isNaN(y)) ||
    (typeof x === 'string' && typeof y === 'string');
  if (!comparable) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Env files, container env and command output deliver everything as text; a literal's type says how to read it.
function coercePair(a: unknown, b: unknown): [unknown, unknown] {
  if (typeof a === 'string' && (typeof b === 'number' || typeof b === 'boolean')) return [fromText(a, b), b];
  if (typeof b === 'string' && (typeof a === 'number' || typeof a === 'boolean')) return [a, fromText(b, a)];
  return [a, b];
}

function fromText(text: string, like: number | boolean): unknown {
  const trimmed = text.trim();
  if (typeof like === 'number') return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : text;
  const lower = trimmed.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : text;
}
