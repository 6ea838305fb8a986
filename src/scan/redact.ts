import { compileRules, scanBuffer, type CompiledRules, type RawMatch } from './engine.js';
import { secretRules } from './rules/index.js';
import { charClasses, entropy, isMachineHex, isTemplate } from './values.js';

const mask = '••••';

/** Redacts one known-secret value: keeps only the last 2 characters ("••••3f"); values under 10 characters become "••••". */
export function redactValue(value: string): string {
  return value.length < 10 ? mask : `${mask}${value.slice(-2)}`;
}

let secretsOnly: CompiledRules | undefined;

/** The compiled secret rules, built once per thread. */
export function compiledSecretRules(): CompiledRules {
  secretsOnly ??= compileRules(secretRules);
  return secretsOnly;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** Replaces byte spans of `buf` with replacement texts, merging overlaps. */
export function replaceSpans(buf: Buffer, spans: { byteStart: number; byteEnd: number; text: string }[]): string {
  const sorted = [...spans].sort((a, b) => a.byteStart - b.byteStart || b.byteEnd - a.byteEnd);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    if (span.byteEnd <= at) continue;
    out += buf.toString('utf8', at, Math.max(at, span.byteStart));
    if (span.byteStart >= at) out += span.text;
    at = span.byteEnd;
  }
  return out + buf.toString('utf8', at);
}

/** Bytes a token runs on in: letters, digits and base64's, base64url's and hex's other characters. */
function tokenByte(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2b || byte === 0x2f || byte === 0x3d || byte === 0x5f || byte === 0x2d;
}

/** `"`, `'` or a backtick. */
function isQuoteByte(byte: number | undefined): boolean {
  return byte === 0x22 || byte === 0x27 || byte === 0x60;
}

/**
 * Where a secret's redaction ends: at the end of its match, or further while the token it is part of runs on. A rule
 * reads at most so many characters (a generic value 200), and a longer key (a hex PKCS#8 key of thousands) would
 * otherwise show its rest after the mask.
 */
function redactionEnd(buf: Buffer, byteStart: number, byteEnd: number): number {
  // A quoted value a rule read up to a quote of the other kind (`secret: 'aK|"b7…'`): the rest, to the quote that
  // opened it, is the secret's too.
  const open = buf[byteStart - 1];
  if (isQuoteByte(open) && isQuoteByte(buf[byteEnd]) && buf[byteEnd] !== open) {
    const close = buf.indexOf(open as number, byteEnd);
    if (close !== -1 && close - byteEnd <= 200 && !buf.subarray(byteEnd, close).includes(0x0a)) return close;
  }
  if (!tokenByte(buf[byteEnd - 1])) return byteEnd;
  let end = byteEnd;
  while (tokenByte(buf[end])) end++;
  return end;
}

function replacement(match: RawMatch): string {
  return match.redactAs ?? redactValue(match.value);
}

/** Replaces every secret the rules recognise inside a text (evidence, logs, errors) with a redacted form. */
export function redactSecrets(text: string): string {
  const compiled = compiledSecretRules();
  // Every secret rule has keywords, so a text without one (most evidence strings) is returned as it is.
  if (compiled.always.length === 0 && !compiled.matcher.test(text)) return text;
  const withoutPem = text.includes('-----BEGIN') ? text.replace(pemBlock, (_block, kind: string) => `-----BEGIN ${kind}-----${mask}-----END ${kind}-----`) : text;
  const buf = Buffer.from(withoutPem, 'utf8');
  const matches = scanBuffer(buf, '', compiled);
  if (matches.length === 0) return withoutPem;
  return maskRecurring(
    replaceSpans(
      buf,
      matches.map((m) => ({ byteStart: m.byteStart, byteEnd: m.rule.category === 'secret' ? redactionEnd(buf, m.byteStart, m.byteEnd) : m.byteEnd, text: replacement(m) })),
    ),
    matches.filter((m) => m.rule.category === 'secret'),
  );
}

/**
 * Long random-looking tokens: masked in previews even when no rule claimed them (a second line of defence), also hex
 * of one case (an AppSecret in a table cell beside the one a rule found shows only two kinds of character).
 */
const tokenLike = /[A-Za-z0-9+/=_-]{24,}/g;

/**
 * A quoted literal under a password's or secret's name (`newPassword = "Admin@123456"`): masked in previews even when
 * no rule reported it (a guessable password is not reported, yet it is someone's password) — a finding beside it on
 * the line must not show it.
 */
const namedLiteral = /((?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|密码|密钥)["']?\s{0,4}(?:[:=]|=>|：)\s{0,4}["'`])([^"'`\s•]{3,})(?=["'`])/gi;

/** What no rule claimed but a preview must not show: long random-looking tokens and literals under secrets' names. */
function maskUnclaimed(text: string): string {
  return text
    .replace(tokenLike, (token) => ((/[0-9]/.test(token) && charClasses(token) >= 3 && entropy(token) >= 3.8) || isMachineHex(token) ? redactValue(token) : token))
    .replace(namedLiteral, (all, head: string, value: string) => (isTemplate(value) ? all : `${head}${redactValue(value)}`));
}

const previewWidth = 160;
/** Longer lines are redacted in a window around each finding: a dump's row list may hold thousands of secrets. */
const wholeLineLimit = 2000;
/** How much of a long line around a finding is redacted before the preview is cut from it. */
const windowChars = 600;

/**
 * The same values masked wherever else they stand in the text: a password that is also the user name (`admin | admin`)
 * or written twice would otherwise show in full beside its masked match. Longest first, so a value inside another is
 * not unmasked by half.
 */
function maskRecurring(text: string, secrets: readonly RawMatch[]): string {
  let out = text;
  for (const m of [...secrets].sort((a, b) => b.value.length - a.value.length)) {
    if (m.value.length >= 3 && out.includes(m.value)) out = out.split(m.value).join(replacement(m));
  }
  return out;
}

/**
 * `text` (the part of a line from character `offset`) with the line's secret matches inside it, the same values
 * elsewhere in it and any other recognised secret or random token masked.
 */
function redactPart(text: string, offset: number, secrets: readonly RawMatch[]): string {
  if (secrets.length === 0) return maskUnclaimed(redactSecrets(text));
  const buf = Buffer.from(text, 'utf8');
  const spans = secrets.map((m) => {
    const from = Math.max(0, m.start - offset);
    const byteStart = Buffer.byteLength(text.slice(0, from));
    const byteEnd = byteStart + Buffer.byteLength(text.slice(from, Math.max(from, m.end - offset)));
    return { byteStart, byteEnd: redactionEnd(buf, byteStart, byteEnd), text: replacement(m) };
  });
  return maskUnclaimed(redactSecrets(maskRecurring(replaceSpans(buf, spans), secrets)));
}

/** About 160 characters of a redacted text around character `focus`, with `…` where it was cut. */
function cut(redacted: string, focus: number): string {
  const trimmed = redacted.trim();
  if (trimmed.length <= previewWidth) return trimmed;
  const lead = redacted.length - redacted.trimStart().length;
  const centre = Math.max(0, Math.min(trimmed.length - previewWidth, focus - lead - 40));
  return `${centre > 0 ? '…' : ''}${trimmed.slice(centre, centre + previewWidth)}${centre + previewWidth < trimmed.length ? '…' : ''}`;
}

/** The index of the first of `sorted` (by start) that starts at or after `at`. */
function firstFrom(sorted: readonly RawMatch[], at: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as RawMatch).start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The previews of one line's findings: the line with its own matches and any other recognised secret redacted, cut to
 * about 160 characters around each. A short line is redacted once for all of them; a long one in a window around each
 * finding, so a row list with thousands of secrets costs each finding its window, not the whole line (a value that
 * recurs far from its own match is then masked only if a rule or the random-token test knows it).
 */
export function linePreviews(lineText: string, matchesOnLine: readonly RawMatch[]): (focus: RawMatch) => string {
  const secrets = matchesOnLine.filter((m) => m.rule.category === 'secret').sort((a, b) => a.start - b.start);
  if (lineText.length <= wholeLineLimit) {
    // A line without a secret match (most leftovers) is its own text: no round trip through bytes.
    const redacted = secrets.length === 0 ? maskUnclaimed(redactSecrets(lineText)) : redactPart(lineText, 0, secrets);
    return (focus) => cut(redacted, focus.start);
  }
  return (focus) => {
    let from = Math.max(0, focus.start - windowChars);
    const to = Math.min(lineText.length, focus.end + windowChars);
    const local = secrets.slice(firstFrom(secrets, from - windowChars), firstFrom(secrets, to)).filter((m) => m.end > from);
    // A secret the window's edge cuts is taken whole.
    from = Math.min(from, ...local.map((m) => m.start));
    return cut(redactPart(lineText.slice(from, to), from, local), focus.start - from);
  };
}

/** The values the secret rules recognise in a text, so a run can redact them wherever else they show up. */
export function recognisedSecrets(text: string): string[] {
  const compiled = compiledSecretRules();
  if (compiled.always.length === 0 && !compiled.matcher.test(text)) return [];
  return scanBuffer(Buffer.from(text, 'utf8'), '', compiled)
    .filter((match) => match.rule.category === 'secret')
    .map((match) => match.value);
}
