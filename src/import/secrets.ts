/**
 * Secrets written in a checklist: found by the scan engine's rules plus the shapes only prose has
 * (`the default admin password is \`P@ssw0rd123\``, a key in inline code on a checkbox line), then every
 * occurrence of each value is masked in every line before anything is interpreted.
 */
import { redactSecrets, redactValue, scanText } from '../scan/index.js';
import { charClasses, entropy, isPlaceholder, looksLikePassword } from '../scan/values.js';

export interface DocumentSecret {
  readonly line: number;
  readonly rule: string;
  readonly severity: string;
  /** The line with the secret masked, never the value. */
  readonly preview: string;
}

interface ProseRule {
  readonly id: string;
  readonly pattern: RegExp;
  /** Keeps a candidate value found on `line`. */
  readonly keep: (value: string, line: string) => boolean;
}

/** Words that say the value next to them is a credential. */
const secretWord = /password|passwd|passphrase|\bpwd\b|密码|口令|secret|密钥|私钥|token|令牌|api[\s_-]?key|access[\s_-]?key|\bkey\b|凭证|credential/i;
/** Ids that are public by design: a WeChat AppID, a CloudBase environment id, a message template id, a merchant number. */
const publicIdWord = /app\s?id|appid|环境\s*(?:id)?|env(?:ironment)?[\s_-]?id|云开发|模板|template|商户号|mch_?id|client[\s_-]?id|bucket|region/i;

function randomish(value: string): boolean {
  return value.length >= 16 && /\d/.test(value) && /[A-Za-z]/.test(value) && charClasses(value) >= 2 && entropy(value) >= 3.5 && !isPlaceholder(value);
}

function secretShaped(value: string): boolean {
  if (/^wx[0-9a-f]{16}$/.test(value) || /^[A-Z][A-Z0-9_]+$/.test(value) || /^https?:|^\/|\.\w{1,5}$|\s/.test(value)) return false;
  return looksLikePassword(value) || randomish(value);
}

const proseRules: readonly ProseRule[] = [
  { id: 'api-key-shape', pattern: /\b(sk-(?:proj-|ant-|live-)?[A-Za-z0-9_-]{20,}|(?:sk|rk)_live_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35})\b/g, keep: (value) => !isPlaceholder(value) },
  // `the default admin password is P@ssw0rd123`, `密码是 Abc12345`, `token: …`. golive:allow=plaintext-password (examples of what the rule catches)
  {
    id: 'password-in-prose',
    pattern: /(?:password|passwd|pwd|密码|口令|passphrase)\s*(?:is|was|=|:|：|是|为|為)\s*[`"'“]?([^\s`"'”,，;；。)）]{6,64})/gi,
    keep: (value) => looksLikePassword(value),
  },
  // A value in inline code on a line that names a credential: `- [x] 语音接口 Key \`…\` 可用`.
  {
    id: 'secret-in-inline-code',
    pattern: /`([^`\s]{8,200})`/g,
    keep: (value, line) => secretWord.test(line) && !(publicIdWord.test(line) && !/password|密码|secret|密钥|私钥|token/i.test(line)) && secretShaped(value),
  },
];

/** Lines worth reading with the prose rules: inline code, a key shape, or a password word. */
const proseHint = /`|sk-|sk_live|rk_live|AIza|password|passwd|pwd|passphrase|密码|口令/i;

/** Values a redaction removed from a line: the tokens of the original the redacted line no longer holds. */
function removedValues(original: string, redacted: string): string[] {
  return original.split(/[\s`'"=:：,，|()（）<>[\]{}]+/).filter((token) => token.length >= 6 && !redacted.includes(token));
}

/** Finds the document's secrets and masks every occurrence of each value in every line. */
export function maskSecrets(lines: readonly string[], file: string): { lines: string[]; secrets: DocumentSecret[] } {
  const out = [...lines];
  const values = new Map<string, string>();
  const found = new Map<number, { rule: string; severity: string }>();
  for (const finding of scanText(lines.join('\n'), file, { rules: 'secrets', includeUnreported: true })) {
    const index = finding.line - 1;
    const original = out[index];
    if (original === undefined) continue;
    const redacted = redactSecrets(original);
    if (redacted !== original) for (const value of removedValues(original, redacted)) values.set(value, finding.rule);
    out[index] = redacted !== original ? redacted : `${/^\s*/.exec(original)?.[0] ?? ''}${finding.preview}`;
    if (!found.has(finding.line)) found.set(finding.line, { rule: finding.rule, severity: finding.severity });
  }
  out.forEach((line, index) => {
    if (!proseHint.test(line)) return;
    for (const rule of proseRules) {
      for (const match of line.matchAll(rule.pattern)) {
        const value = match[1] ?? '';
        if (value.includes('•') || !rule.keep(value, line)) continue;
        if (!values.has(value)) values.set(value, rule.id);
        if (!found.has(index + 1)) found.set(index + 1, { rule: rule.id, severity: 'high' });
      }
    }
  });
  // Every occurrence, also on lines that do not say it is a secret (the same key pasted again in a code block).
  const ordered = [...values.keys()].sort((a, b) => b.length - a.length);
  const any = ordered.length === 0 ? undefined : new RegExp(ordered.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  out.forEach((line, index) => {
    if (any === undefined) return;
    const masked = line.replace(any, (value) => redactValue(value));
    if (masked === line) return;
    out[index] = masked;
    if (!found.has(index + 1)) found.set(index + 1, { rule: values.get(ordered.find((v) => line.includes(v)) ?? '') ?? 'secret', severity: 'high' });
  });
  const secrets = [...found.entries()]
    .sort(([a], [b]) => a - b)
    .map(([line, { rule, severity }]) => ({ line, rule, severity, preview: (out[line - 1] ?? '').trim().slice(0, 160) }));
  return { lines: out, secrets };
}
