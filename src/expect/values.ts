import { bi, type Bilingual } from '../core/text.js';
import type { CallOperand, Operand, PathOperand } from './ast.js';
import { isRecord, typeLabel } from './compare.js';
import type { Facts } from './condition.js';
import { renderValue } from './render.js';

/** An operand's value, or why there is none. */
export type Resolved =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'invalid'; readonly path: string; readonly message: Bilingual };

export function resolve(operand: Operand, facts: Facts): Resolved {
  switch (operand.kind) {
    case 'literal':
      return { kind: 'value', value: operand.value };
    case 'path':
      return readPath(operand, facts);
    case 'call': {
      const arg = resolve(operand.arg, facts);
      return arg.kind === 'value' ? applyFunction(operand, arg.value) : arg;
    }
  }
}

// Only own properties count, so `constructor` or `__proto__` never reach into prototypes.
function readPath(path: PathOperand, facts: Facts): Resolved {
  let current: unknown = ownProperty(facts, path.root);
  for (const segment of path.segments) {
    if ('index' in segment) current = Array.isArray(current) ? ownProperty(current, String(segment.index)) : undefined;
    else current = isRecord(current) ? ownProperty(current, segment.key) : undefined;
    if (current === undefined) break;
  }
  return current === undefined ? { kind: 'missing', path: path.text } : { kind: 'value', value: current };
}

function ownProperty(object: object, key: string): unknown {
  return Object.hasOwn(object, key) ? Reflect.get(object, key) : undefined;
}

function applyFunction(call: CallOperand, value: unknown): Resolved {
  if (call.fn === 'len') {
    if (typeof value === 'string') return { kind: 'value', value: countCharacters(value) };
    if (Array.isArray(value)) return { kind: 'value', value: value.length };
    if (isRecord(value)) return { kind: 'value', value: Object.keys(value).length };
    const type = typeLabel(value);
    return invalid(
      call,
      bi(
        `${call.text}: cannot take the length of ${renderValue(value)} (${type.en}); len works on text, lists and objects`,
        `${call.text}：无法计算 ${renderValue(value)}（${type.zh}）的长度；len 适用于文本、列表和对象`,
      ),
    );
  }
  if (typeof value !== 'string') {
    const type = typeLabel(value);
    return invalid(
      call,
      bi(
        `${call.text}: ${call.fn} works on text, got ${renderValue(value)} (${type.en})`,
        `${call.text}：${call.fn} 只适用于文本，实际为 ${renderValue(value)}（${type.zh}）`,
      ),
    );
  }
  switch (call.fn) {
    case 'lower':
      return { kind: 'value', value: value.toLowerCase() };
    case 'upper':
      return { kind: 'value', value: value.toUpperCase() };
    case 'trim':
      return { kind: 'value', value: value.trim() };
  }
}

function invalid(call: CallOperand, message: Bilingual): Resolved {
  return { kind: 'invalid', path: call.text, message };
}

/** Length in characters as a person counts them: a CJK character or an emoji is one. */
function countCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    count++;
  }
  return count;
}
