import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from './prefilter.js';
import { compiledSecretRules, redactSecrets } from './redact.js';

function anyByteHit(matcher: KeywordMatcher, text: string): boolean {
  let hit = false;
  matcher.scan(Buffer.from(text, 'utf8'), () => {
    hit = true;
  });
  return hit;
}

describe('KeywordMatcher.test (string mode)', () => {
  const matcher = new KeywordMatcher(['secret', 'pwd=', '密码', '| 口令', 'ltai']);

  it('finds keywords in any ASCII case, CJK keywords, and keywords at both ends', () => {
    const texts = ['my SeCrEt here', 'PWD=1', '初始密码', 'a | 口令 b', 'ltai', 'xLTAI', 'secret'];

    const results = texts.map((t) => matcher.test(t));

    expect(results).toEqual([true, true, true, true, true, true, true]);
  });

  it('rejects texts without a keyword, including near misses and non-ASCII look-alikes', () => {
    const texts = ['', 'sec', 'secre t', 'pwd 1', '密', '口令', 'HTTP 200 OK in 35 ms', 'ſecret', 'ＬＴＡＩ'];

    const results = texts.map((t) => matcher.test(t));

    expect(results).toEqual([false, false, false, false, false, false, false, false, false]);
  });

  it('agrees with the byte scan on arbitrary text', () => {
    const secrets = compiledSecretRules().matcher;
    const pieces = fc.constantFrom('secret', 'TOKEN', 'Pass', 'word', '密码', '口', '令', 'ltai', 'x', ' ', '|', 'é', '\n', '=');
    const text = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')));

    fc.assert(fc.property(text, (t) => secrets.test(t) === anyByteHit(secrets, t)), { numRuns: 2000 });
  });
});

describe('redactSecrets fast path', () => {
  it('returns a text without any secret keyword unchanged (the same string)', () => {
    const text = 'expected status 200, got 503 Service Unavailable';

    const redacted = redactSecrets(text);

    expect(redacted).toBe(text);
  });

  it('still redacts when a keyword is present', () => {
    const value = ['Qx7vR2pL', 'm9Tz', 'k8Wq'].join('');

    const redacted = redactSecrets(`db_password=${value}`);

    expect(redacted).not.toContain(value);
  });
});
