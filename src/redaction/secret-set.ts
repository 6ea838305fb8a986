import { createHash } from 'node:crypto';
import { discoverSecrets } from './discover.js';
import { phraseSecrets } from './phrases.js';
import { createRedactor } from './redactor.js';
import { isCommonPassword, isPlaceholder } from '../scan/index.js';

/**
 * The secrets of one run. It starts with what the plan declares and grows as checks report what they saw and as
 * people type; everything stored, printed or audited goes through `redact`. Values stay in memory; what outlives the
 * process is `fingerprints()` (salted sha256), from which a later process recognises the same values again.
 */
export interface SecretSet {
  /** Adds values (declared or already vetted); returns those that were new (under 4 characters is no secret). */
  add(values: Iterable<string>): string[];
  /** Adds what `value` shows of secrets (`NAME=…` lines, credential-named fields, scan rule matches); returns the new ones. */
  discover(value: unknown): string[];
  /** `value` with every known secret (and every recognised format) masked; the same object when nothing changed. */
  redact<T>(value: T): T;
  /** Typed text through the set plus phrase rules (`password X`, `密码：X`) and discovery (`TOKEN=…`); says whether anything was masked. */
  redactTyped(text: string): TypedText;
  /** Fingerprints of every value, to persist with the run. */
  fingerprints(): string[];
  /** Learns fingerprints persisted earlier, so their values are masked when they show up again. */
  learn(fingerprints: Iterable<string>): void;
  readonly size: number;
}

/** Typed text after redaction. */
export interface TypedText {
  readonly text: string;
  /** True when part of the text was masked: the person is told. */
  readonly masked: boolean;
}

/** `length:sha256(salt, value)`; the length lets the matcher hash only candidates that could match. */
function fingerprintOf(salt: string, value: string): string {
  return `${value.length}:${createHash('sha256').update(`golive-secret\u0000${salt}\u0000${value}`).digest('hex')}`;
}

/** Where a value may end inside a line of text: whitespace, quotes, brackets and list separators. */
const tokenPattern = /[^\s"'`<>(){}[\],;|]+/g;

/** The pieces of a token that may be a whole secret: the token, and what follows each `=`, `:` or `@`. */
function candidates(token: string): string[] {
  const list = [token, token.replace(/[.!?:]+$/, '')];
  for (let index = 0; index < token.length; index += 1) {
    const char = token[index];
    if (char === '=' || char === ':' || char === '@' || char === '&') {
      const rest = token.slice(index + 1);
      list.push(rest, rest.split(/[@&]/)[0] ?? rest);
      list.push(token.slice(0, index));
    }
  }
  return list;
}

/** Creates a run's set; `salt` is the run id (fingerprints of one run do not match another's). */
export function createSecretSet(options: { readonly salt?: string; readonly values?: Iterable<string>; readonly fingerprints?: Iterable<string> } = {}): SecretSet {
  const salt = options.salt ?? '';
  const values = new Set<string>();
  const known = new Map<string, string>();
  const lengths = new Set<number>();
  let redactor: ((value: unknown) => unknown) | undefined;

  function add(list: Iterable<string>): string[] {
    const added: string[] = [];
    for (const raw of list) {
      const value = raw.trim();
      // A placeholder or a top-list password (`secret`, `changeme`, `admin123`) is known to everyone: masking it hides
      // nothing and would mangle every id and word that contains it (`admin-jwt-secret`).
      if (value.length < 4 || values.has(value) || isPlaceholder(value) || isCommonPassword(value)) continue;
      values.add(value);
      known.set(fingerprintOf(salt, value), value);
      added.push(value);
    }
    if (added.length > 0) redactor = undefined;
    return added;
  }

  function learn(list: Iterable<string>): void {
    for (const fingerprint of list) {
      if (known.has(fingerprint)) continue;
      known.set(fingerprint, '');
      const length = Number(fingerprint.slice(0, fingerprint.indexOf(':')));
      if (Number.isInteger(length) && length > 0) lengths.add(length);
    }
  }

  /** Recovers values of learnt fingerprints that a text contains, so the redactor masks them. */
  function recover(text: string): void {
    if (lengths.size === 0) return;
    const found: string[] = [];
    for (const [token] of text.matchAll(tokenPattern)) {
      for (const candidate of candidates(token)) {
        if (!lengths.has(candidate.length)) continue;
        if (known.get(fingerprintOf(salt, candidate)) === '') found.push(candidate);
      }
    }
    add(found);
  }

  function recoverAll(value: unknown): void {
    if (typeof value === 'string') recover(value);
    else if (Array.isArray(value)) for (const inner of value) recoverAll(inner);
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) recoverAll(inner);
  }

  function redact<T>(value: T): T {
    if (lengths.size > 0) recoverAll(value);
    redactor ??= createRedactor(values);
    return redactor(value) as T;
  }

  add(options.values ?? []);
  learn(options.fingerprints ?? []);
  return {
    add,
    discover: (value) => add(discoverSecrets(value)),
    redact,
    redactTyped(text) {
      add(phraseSecrets(text));
      add(discoverSecrets(text));
      const redacted = redact(text);
      return { text: redacted, masked: redacted !== text };
    },
    fingerprints: () => [...values].map((value) => fingerprintOf(salt, value)),
    learn,
    get size() {
      return values.size;
    },
  };
}

