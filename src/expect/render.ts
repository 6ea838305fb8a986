import { formatNumber, formatWithUnit, type Unit } from './units.js';

/** Rendered values in explanations stop here, so a large body cannot blow up evidence. */
export const maxRenderedLength = 200;
// Nested structures deeper than this render as {…} / […]; explanations need the shape, not every level.
const maxRenderDepth = 4;

/** Renders a value for explanations, JSON-like, with numbers in the unit the condition used (812 → "812ms"). */
export function renderValue(value: unknown, unit?: Unit): string {
  return truncate(renderWithin(value, unit, maxRenderedLength + 1, 0));
}

/** Cuts text to `max` characters, marking the cut with "…". */
export function truncate(text: string, max = maxRenderedLength): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// `budget` bounds the work as well as the output: a 100 MB string or a million-item list costs no more than a short one.
function renderWithin(value: unknown, unit: Unit | undefined, budget: number, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.slice(0, budget));
    case 'number':
      return unit === undefined || !Number.isFinite(value) ? formatNumber(value) : formatWithUnit(value, unit);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString().slice(0, budget);
    case 'function':
      return '[function]';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return depth >= maxRenderDepth ? '[…]' : renderArray(value, unit, budget, depth);
      return depth >= maxRenderDepth ? '{…}' : renderObject(value, unit, budget, depth);
  }
}

function renderArray(items: readonly unknown[], unit: Unit | undefined, budget: number, depth: number): string {
  const parts: string[] = [];
  let used = 2;
  for (let i = 0; i < items.length; i++) {
    if (used >= budget) {
      parts.push('…');
      break;
    }
    const part = renderWithin(items[i], unit, budget - used, depth + 1);
    parts.push(part);
    used += part.length + 2;
  }
  return `[${parts.join(', ')}]`;
}

function renderObject(object: object, unit: Unit | undefined, budget: number, depth: number): string {
  const parts: string[] = [];
  let used = 2;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    if (used >= budget) {
      parts.push('…');
      break;
    }
    const part = `${JSON.stringify(key.slice(0, budget))}: ${renderWithin(Reflect.get(object, key), unit, budget - used, depth + 1)}`;
    parts.push(part);
    used += part.length + 2;
  }
  return `{${parts.join(', ')}}`;
}
