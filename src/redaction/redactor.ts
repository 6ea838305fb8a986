import { redactSecrets, redactValue } from '../scan/index.js';

/** Nothing shorter is a credential worth scanning for (the shortest recognised formats are longer). */
const minSecretLength = 6;
const memoLimit = 10_000;
/** Object keys that are plain names (header names, fact names) cannot hold a secret. */
const plainKey = /^[A-Za-z0-9_.-]{1,40}$/;

/**
 * Removes secrets from anything about to be stored or shown: the known secret values
 * (plan variables marked or named as secrets, secret spec fields) and whatever the scan rules recognise.
 */
export function createRedactor(knownSecrets: Iterable<string>): (value: unknown) => unknown {
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...new Set(knownSecrets)].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  // Evidence repeats itself across checks (header names, condition texts, bodies): scan each distinct string once.
  const seen = new Map<string, string>();

  function redactString(text: string): string {
    if (text.length < minSecretLength) return text;
    const known = seen.get(text);
    if (known !== undefined) return known;
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(redactValue(secret));
    }
    result = redactSecrets(result);
    if (seen.size >= memoLimit) seen.clear();
    seen.set(text, result);
    return result;
  }

  // Returns the same object when nothing in it changed, so clean evidence costs a walk, not a copy.
  function redact(value: unknown): unknown {
    if (typeof value === 'string') return redactString(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index += 1) {
        const inner: unknown = value[index];
        const redacted = redact(inner);
        if (redacted !== inner) (copy ??= [...value])[index] = redacted;
      }
      return copy ?? value;
    }
    if (value !== null && typeof value === 'object') {
      let copy: Record<string, unknown> | undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        const inner = (value as Record<string, unknown>)[key];
        const redactedKey = plainKey.test(key) ? key : redactString(key);
        const redacted = redact(inner);
        if (redacted === inner && redactedKey === key) continue;
        copy ??= { ...(value as Record<string, unknown>) };
        if (redactedKey !== key) delete copy[key];
        copy[redactedKey] = redacted;
      }
      return copy ?? value;
    }
    return value;
  }

  return redact;
}
