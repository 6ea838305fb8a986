/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lowercase, uppercase, digits and other characters occur. */
export function charClasses(value: string): number {
  return (
    Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value)) + Number(/[^A-Za-z0-9]/.test(value))
  );
}

/** Values published in vendor documentation as examples; they are never real credentials. */
const knownExamples = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  'xoxb-1234-5678-abcd',
  'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
]);

const placeholderWords =
  /^(?:x+|\*+|\.+|-+|_+|#+|0+|1234(?:5(?:6(?:78?)?)?)?|abc(?:def)?|test|testing|dummy|fake|sample|example|placeholder|changeme|change[-_]?me|changeit|secret|password|passwd|pass|pwd|token|null|none|nil|undefined|true|false|empty|redacted|hidden|todo|tbd|value|string|your|mine|foo|bar|baz|qwerty|admin|root|default)$/i;

/**
 * True when a value is a placeholder or a documentation example rather than a credential:
 * `${DB_PASSWORD}`, `<至少32位随机字符串>`, `{{ secret }}`, `xxx`, `your-api-key`, `%s`, `AKIA…EXAMPLE`, `changeme`.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]+|["'`]+$/g, '');
  if (v.length === 0) return true;
  if (knownExamples.has(v)) return true;
  if (/EXAMPLE/.test(v)) return true;
  if (/\$\{[^}]*\}?|\$\(|\{\{|\}\}|<[^>]*>?|^%[sdv]$|%\(|^\$[A-Za-z_]|^process\.env|^os\.environ|^env\(|^getenv/i.test(v)) return true;
  if (/[<>＜＞]/.test(v)) return true;
  if (/^(?:your|my|some|the|a|an|insert|enter|put|replace|fill)[-_ ]?(?:own[-_ ]?)?[a-z]/i.test(v) && /[-_ ]|^(?:your|my)/i.test(v)) return true;
  if (/(?:^|[-_ ])(?:your|here|placeholder|redacted|changeme|dummy|fake|sample|example)(?:$|[-_ ])/i.test(v)) return true;
  if (placeholderWords.test(v)) return true;
  // Documentation brackets around a placeholder word: `[:password]`, `{token}`.
  if (placeholderWords.test(v.replace(/^[[({]+|[\])}]+$/g, ''))) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (/(?:x{6,}|X{6,}|\*{4,}|•{2,}|0{8,}|\.{3,}|…)/.test(v)) return true;
  if (/[\u4e00-\u9fff]/.test(v)) return true;
  return false;
}

/** True for values a person would not type as a password: repeated characters, runs, dictionary placeholders. */
export function looksRandom(value: string, minEntropy: number): boolean {
  if (isPlaceholder(value)) return false;
  if (entropy(value) < minEntropy) return false;
  if (/(?:0123456789|abcdefghij|ABCDEFGHIJ|qwertyuiop)/.test(value)) return false;
  return true;
}

/** A password someone typed into a document: not a placeholder, not a phone number, mixed characters. */
export function looksLikePassword(value: string): boolean {
  if (value.length < 6 || value.length > 64) return false;
  if (isPlaceholder(value)) return false;
  if (/^\d+$/.test(value) || /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value) || /^v?\d+(?:\.\d+)+$/.test(value)) return false;
  if (/^https?:|^\/|^\.\.?\//.test(value)) return false;
  if (charClasses(value) < 2 || !/[0-9\W_]/.test(value)) return false;
  return entropy(value) >= 2.5;
}

/** Keeps `value` only when it is neither a placeholder nor low-entropy. */
export function randomValue(minEntropy: number, minClasses = 1): (value: string) => boolean {
  return (value) => looksRandom(value, minEntropy) && charClasses(value) >= minClasses;
}
