/** Shannon entropy in bits per character (code point), rounded to 2 decimals; 0 for an empty value. */
export function shannonEntropy(value: string): number {
  const chars = [...value];
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return Math.round(bits * 100) / 100;
}

/** Whole values people leave in env files instead of the real thing (compared lower-cased, separators removed). */
const placeholderWords = new Set([
  'changeme', 'changethis', 'changeit', 'replaceme', 'example', 'sample', 'test', 'testing', 'demo',
  'secret', 'mysecret', 'password', 'passwd', 'pass', 'pwd', 'admin', 'root', 'default', 'todo', 'tbd', 'fixme',
  'dummy', 'placeholder', 'foo', 'bar', 'foobar', 'null', 'undefined', 'none', 'nil', 'abc', 'abc123', 'qwerty',
  'letmein', 'key', 'apikey', 'token', 'value', 'xxx',
]);

/** Digit or letter runs that count as "typed by a person in a hurry". */
const sequences = ['0123456789', '1234567890', 'abcdefghijklmnopqrstuvwxyz', '9876543210'];

/** Each test names why a value is a placeholder; the first that matches wins. */
const placeholderTests: readonly { reason: string; test: (value: string, squashed: string) => boolean }[] = [
  { reason: 'empty', test: (value) => value.trim() === '' },
  { reason: 'angle-bracket placeholder (<...>)', test: (value) => /<[^<>]*>/.test(value) },
  { reason: 'unexpanded variable (${...} or {{...}})', test: (value) => /\$\{[^}]*\}|\{\{[^}]*\}\}/.test(value) },
  { reason: 'known default word', test: (_value, squashed) => placeholderWords.has(squashed) },
  { reason: 'starts with "your" (your-secret, YourStrongPassword …)', test: (value) => /^your/i.test(value) },
  { reason: 'contains a run of x (xxx, rm-xxxx …)', test: (value) => /(^|[^a-z])x{3,}([^a-z]|$)/i.test(value) },
  { reason: 'mentions example/yourdomain/changeme', test: (value) => /example\.(com|org|net)|yourdomain|your[-_]|changeme|change[-_]me|replace[-_]?me/i.test(value) },
  { reason: 'one character repeated', test: (value) => [...value].length >= 2 && new Set(value).size === 1 },
  { reason: 'a simple sequence (123456, abcdef …)', test: (_value, squashed) => squashed.length >= 4 && sequences.some((run) => run.includes(squashed)) },
  { reason: 'Chinese "fill in here" text (请填写, 你的 …)', test: (value) => /请填写|待填写|请替换|填写|你的|示例/.test(value) },
];

/** Why a value looks like a placeholder or a known default, or undefined when it does not. */
export function placeholderReason(value: string): string | undefined {
  const squashed = value.toLowerCase().replace(/[\s_\-.]/g, '');
  return placeholderTests.find(({ test }) => test(value, squashed))?.reason;
}
