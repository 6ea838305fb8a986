import { describe, expect, it } from 'vitest';
import { nestedRepetitionAt } from './regex.js';
import { renderValue } from './render.js';
import { formatNumber } from './units.js';

describe('renderValue', () => {
  it.each([
    ['text', undefined, '"text"'],
    [812, 'ms', '812ms'],
    [1500, 's', '1.5s'],
    [93_600_000, 'h', '26h'],
    [0.023, '%', '2.3%'],
    [0.1 + 0.2, undefined, '0.3'],
    [12_582_912, 'MB', '12MB'],
    [null, undefined, 'null'],
    [true, undefined, 'true'],
    [[1, 'a', { b: null }], undefined, '[1, "a", {"b": null}]'],
    [{ a: { b: { c: { d: { e: 1 } } } } }, undefined, '{"a": {"b": {"c": {"d": {…}}}}}'],
    [Number.POSITIVE_INFINITY, 'ms', 'Infinity'],
  ] as const)('renders %j with unit %s as %s', (value, unit, rendered) => {
    expect(renderValue(value, unit)).toBe(rendered);
  });

  it('cuts long text to 200 characters', () => {
    const rendered = renderValue('x'.repeat(500));

    expect(rendered).toBe(`"${'x'.repeat(198)}…`);
  });
});

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [2.5, '2.5'],
    [1.0000000000000002, '1'],
    [-0.25, '-0.25'],
  ])('prints %d as %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('nestedRepetitionAt', () => {
  it.each([
    ['(a+)+', 4],
    ['(a*)*', 4],
    ['((ab)+c)*', 8],
    ['(\\d+\\.){2,}', 7],
    ['x(?:a|b+)+y', 9],
  ])('finds the outer repetition in %s at %d', (pattern, offset) => {
    expect(nestedRepetitionAt(pattern)).toBe(offset);
  });

  it.each(['^v\\d+\\.\\d+\\.\\d+-\\d{8}$', '(ab)+', '(a+){1,10}', '[(a+)+]', '\\(a+\\)+', '(a+)b+'])(
    'accepts %s',
    (pattern) => {
      expect(nestedRepetitionAt(pattern)).toBeUndefined();
    },
  );
});
