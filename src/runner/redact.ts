import { redactSecrets, redactValue } from '../scan/index.js';

/** Variable names that hold credentials even when the plan does not say `secret: true`. */
const secretNamePattern = /(pass(word)?|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|dsn|webhook)/i;

/** True when a variable's name says it holds a credential. */
export function looksLikeSecretName(name: string): boolean {
  return secretNamePattern.test(name);
}

/**
 * Removes secrets from anything about to be stored or shown: the known secret values
 * (plan variables marked or named as secrets, secret spec fields) and whatever the scan rules recognise.
 */
export function createRedactor(knownSecrets: Iterable<string>): (value: unknown) => unknown {
  // Longest first, so a secret that contains another is replaced whole.
  const secrets = [...new Set(knownSecrets)].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);

  function redactString(text: string): string {
    let result = text;
    for (const secret of secrets) {
      if (result.includes(secret)) result = result.split(secret).join(redactValue(secret));
    }
    return redactSecrets(result);
  }

  function redact(value: unknown): unknown {
    if (typeof value === 'string') return redactString(value);
    if (Array.isArray(value)) return value.map(redact);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [redactString(key), redact(inner)]));
    }
    return value;
  }

  return redact;
}
