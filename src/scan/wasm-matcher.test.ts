import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledSecretRules } from './redact.js';
import { KeywordMatcher } from './prefilter.js';
import { WasmKeywordMatcher } from './wasm-matcher.js';

function hits(matcher: KeywordMatcher, buf: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  matcher.scan(buf, (offset, keyword, line) => {
    // Every hit's line number is the count of newlines before it, plus one.
    expect(line).toBe(buf.subarray(0, offset).filter((b) => b === 10).length + 1);
    out.push([offset, keyword]);
  });
  return out;
}

function hitsWithLines(matcher: KeywordMatcher, buf: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  matcher.scan(buf, (offset, keyword, line) => out.push([offset, keyword, line]));
  return out;
}

const keywordSets: readonly (readonly string[])[] = [
  ['secret', 'todo', 'pay_', 'akia', 'ltai', 'password', '密码', '-----begin'],
  ['ab', 'abc', 'bc', 'b c'],
  ['aaaa', 'aaaaaa', 'aa\u00e9'],
  ['10%', 'console.log', 'debugger', 'localhost', 'x'.repeat(300)],
  // Found by a piece late in the keyword (`ole.`, `_ke`, `p://`), and keywords sharing their pieces.
  ['console.log', 'access_key', 'http://', 'https://', 'todo', 'redis', 'ole.x', 'kkkk', 'user/'],
];

/** Random buffers made of keywords in mixed case, partial keywords, ASCII filler and arbitrary (also non-ASCII) bytes. */
function buffers(keywords: readonly string[]): fc.Arbitrary<Uint8Array> {
  const piece = fc.oneof(
    fc.constantFrom(...keywords).chain((k) =>
      fc.array(fc.boolean(), { minLength: k.length, maxLength: k.length }).map((upper) =>
        [...k].map((ch, i) => (upper[i] === true ? ch.toUpperCase() : ch)).join(''),
      ),
    ),
    fc.constantFrom(...keywords).map((k) => k.slice(0, Math.max(1, k.length - 1))),
    fc.string({ maxLength: 6 }),
  );
  const text = fc.array(piece, { maxLength: 40 }).map((pieces) => Buffer.from(pieces.join(''), 'utf8'));
  const bytes = fc.uint8Array({ maxLength: 300 });
  return fc.oneof(text, bytes, fc.tuple(text, bytes, text).map((parts) => Buffer.concat(parts)));
}

describe('WasmKeywordMatcher', () => {
  it('gives the same hits as the JS matcher on random buffers with planted keywords', () => {
    for (const keywords of keywordSets) {
      const js = new KeywordMatcher(keywords);
      const wasm = new WasmKeywordMatcher(keywords);

      fc.assert(
        fc.property(buffers(keywords), (buf) => {
          expect(hits(wasm, buf)).toEqual(hits(js, buf));
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('finds keywords at both ends, overlapping ones, and nothing in an empty buffer', () => {
    const keywords = ['abab', 'baba', 'secret'];
    const wasm = new WasmKeywordMatcher(keywords);
    const inputs = ['', 'a', 'abababa', 'SECRET', 'xSeCrEt', 'secretx', 'Abab\u00e9baba'].map((t) => Buffer.from(t, 'utf8'));

    const results = inputs.map((buf) => hits(wasm, buf));

    expect(results).toEqual(inputs.map((buf) => hits(new KeywordMatcher(keywords), buf)));
    expect(results[2]).toEqual([
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
    ]);
  });

  it('agrees across chunk boundaries and when one chunk has more hits than fit in one call', () => {
    const keywords = ['secret', 'todo', 'aaaa'];
    const js = new KeywordMatcher(keywords);
    const wasm = new WasmKeywordMatcher(keywords);
    const text = `${'x\n'.repeat(131_070)}secret${'a'.repeat(20_000)}${'yTODO\n'.repeat(50_000)}`;
    const buf = Buffer.from(text, 'latin1');

    const found = hitsWithLines(wasm, buf);

    expect(found).toEqual(hitsWithLines(js, buf));
    expect(found.length).toBe(1 + 19_997 + 50_000);
    expect(found[0]).toEqual([262_140, 0, 131_071]);
    expect(found.at(-1)?.[2]).toBe(131_070 + 50_000);
  });

  it('finds keywords whose chosen piece lies in the next chunk, once, wherever the chunk boundary cuts them', () => {
    const keywords = ['console.log', 'access_key', 'todo'];
    const js = new KeywordMatcher(keywords);
    const wasm = new WasmKeywordMatcher(keywords);

    for (let shift = -14; shift <= 14; shift++) {
      const at = 262_144 + shift;
      const buf = Buffer.from(`${'y\n'.repeat(at / 2)}${at % 2 === 1 ? 'y' : ''}console.log(ACCESS_KEY) // TODO\n`, 'latin1');

      const found = hitsWithLines(wasm, buf);

      expect(found).toEqual(hitsWithLines(js, buf));
      expect(found.map(([offset]) => offset)).toEqual([at, at + 12, at + 27]);
    }
  });

  it('runs the rule set of the engine with the same hits as the JS matcher', () => {
    const keywords = compiledSecretRules().matcher;
    const buf = Buffer.from('aws_secret_access_key = "x"\nAKIAEXAMPLE token: 1\n密码：hunter2\n-----BEGIN RSA PRIVATE KEY-----\n', 'utf8');

    const fast = hits(keywords, buf);

    expect(keywords).toBeInstanceOf(WasmKeywordMatcher);
    expect(fast.length).toBeGreaterThan(3);
  });
});
