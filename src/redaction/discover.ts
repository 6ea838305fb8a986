import { looksLikeSecretName } from '../core/secret-names.js';
import { isPlaceholder, recognisedSecrets } from '../scan/index.js';

/**
 * The secret values a probe saw, found by the name they were written under: `REDIS_PASS=…` lines of command output
 * and env files, `"password": "…"` in JSON bodies, `X-Api-Key: …` headers, `{token="…"}` metric labels,
 * `scheme://user:pass@host` connection strings, fields of objects named like credentials, and whatever the scan rules recognise.
 */
export function discoverSecrets(value: unknown, found: Set<string> = new Set()): Set<string> {
  walk(value, found, 0);
  return found;
}

// A walk stops here: evidence is bounded, but a probe's object could still be deep.
const maxDepth = 20;

function walk(value: unknown, found: Set<string>, depth: number): void {
  if (depth > maxDepth) return;
  if (typeof value === 'string') {
    scanText(value, found);
    return;
  }
  if (Array.isArray(value)) {
    for (const inner of value) walk(inner, found, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if ((typeof inner === 'string' || typeof inner === 'number') && looksLikeSecretName(key)) addSpoken(String(inner), found);
      walk(inner, found, depth + 1);
    }
  }
}

/** `NAME=value`, `export NAME="value"`, `name="value"` (metric labels), `a=1&token=…` (query strings). */
const assignment = /(?:^|[\s;&|,{(?])(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"'&;,}]+))/g;
/** `"name": "value"` and `'name': 'value'` (JSON, Python reprs), also with a bare value. */
const quotedPair = /["']([^"'\n]{1,80})["']\s*:\s*(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([^\s,}\]"']+))/g;
/** `name: "value"` inside a line (JS objects, inline YAML). */
const barePair = /(?:^|[\s{,(])([A-Za-z_][\w.-]*)\s*:\s*(?:"([^"\n]*)"|'([^'\n]*)')/g;
/** `NAME: value` at the start of a line (YAML, HTTP headers, `key: value` dumps). */
const colonLine = /^[ \t]*(?:[-*][ \t]+)?([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.+?)[ \t]*$/gm;
/** A Markdown table row whose first cell names a credential: `| AccessKey Secret | LTAI… |`. */
const tableRow = /^[ \t]*\|?[ \t]*([^|\n]{1,40}?)[ \t]*\|[ \t]*`?([^|`\n]+?)`?[ \t]*\|/gm;
/** The password of `scheme://user:password@host`. */
const connectionString = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/gi;

function scanText(text: string, found: Set<string>): void {
  if (text.length < 4) return;
  for (const match of text.matchAll(assignment)) if (looksLikeSecretName(match[1] ?? '')) addValue(match[2] ?? match[3] ?? match[4] ?? '', found);
  if (text.includes(':')) {
    for (const match of text.matchAll(quotedPair)) if (looksLikeSecretName(match[1] ?? '')) addValue(unescapeJson(match[2]) ?? match[3] ?? match[4] ?? '', found);
    for (const match of text.matchAll(barePair)) if (looksLikeSecretName(match[1] ?? '')) addValue(match[2] ?? match[3] ?? '', found);
    for (const match of text.matchAll(colonLine)) if (looksLikeSecretName(match[1] ?? '')) addSpoken(match[2] ?? '', found);
    for (const match of text.matchAll(connectionString)) addValue(match[1] ?? '', found);
  }
  if (text.includes('|')) for (const match of text.matchAll(tableRow)) if (looksLikeSecretName(match[1] ?? '')) addValue(match[2] ?? '', found);
  for (const secret of recognisedSecrets(text)) addValue(secret, found);
}

function unescapeJson(text: string | undefined): string | undefined {
  if (text === undefined || !text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

/** A header or YAML value may be `Bearer abc…` or quoted: the whole value and its last word are both secret. */
function addSpoken(value: string, found: Set<string>): void {
  const unquoted = value.replace(/^["']|["'],?$/g, '');
  addValue(unquoted, found);
  const words = unquoted.split(/\s+/);
  if (words.length > 1) addValue(words.at(-1) ?? '', found);
}

/** Shorter values, numbers and placeholders (`${DB_PASSWORD}`, `changeme`, `••••`) would only blot out ordinary text. */
export function isSecretValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4 || trimmed.length > 4096) return false;
  if (/^\d{1,7}$/.test(trimmed) || /^(?:true|false|null|none|yes|no|on|off)$/i.test(trimmed)) return false;
  return !isPlaceholder(trimmed);
}

function addValue(value: string, found: Set<string>): void {
  const trimmed = value.trim();
  if (isSecretValue(trimmed)) found.add(trimmed);
}
