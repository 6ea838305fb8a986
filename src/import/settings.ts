/**
 * Settings a checklist names (`NODE_ENV=production`, `` `SESSION_SECRET` is at least 32 characters ``, a sample
 * `.env` block) and the env conditions they justify. A value is pinned only when it is a literal setting
 * (a switch, a mode, a level, a small number); secrets, URLs, hosts, examples and placeholders get presence,
 * not-a-placeholder and a stated length, so the check passes on a correctly configured system.
 */
import { isPlaceholder } from '../scan/values.js';
import { Variables } from './placeholders.js';

/** `NAME=value` lines of a dotenv/bash block, with the comment group they sit under. */
export interface EnvAssignment {
  readonly name: string;
  readonly value: string;
  readonly comment: string;
  readonly group: string;
  /** Offset of the line inside the block. */
  readonly offset: number;
}

export function envAssignments(code: string): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  let group = '';
  code.split('\n').forEach((raw, offset) => {
    const line = raw.trim();
    if (line.startsWith('#')) {
      group = line.replace(/^#+\s*/, '');
      return;
    }
    const match = /^(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    let value = (match[2] ?? '').trim();
    let comment = '';
    const hash = /\s+#\s*(.*)$/.exec(value);
    if (hash && !/^['"]/.test(value)) {
      comment = hash[1] ?? '';
      value = value.slice(0, hash.index).trim();
    }
    out.push({ name: match[1] ?? '', value: value.replace(/^(['"])(.*)\1$/, '$2'), comment, group, offset });
  });
  return out;
}

/** What makes a variable's value a credential whatever the document writes for it. */
const secretName = /SECRET|PASSWORD|PASSWD|PWD|TOKEN|KEY|CREDENTIAL|PRIVATE|SALT|SIGNING|DSN|AUTH/;
export const presentConditions = ['present == true', 'empty == false', 'is_placeholder == false'];

/** A value written as an example or a stand-in rather than the setting itself. */
function exampleValue(value: string): boolean {
  return (
    isPlaceholder(value) ||
    Variables.hasPlaceholder(value) ||
    /\.\.\.|…|•|x{3,}|\*{3,}|^sk_(live|test)_$|example|sample|changeme|change-me|old|旧|新|同|沿用|自行|填写|替换/i.test(value) ||
    /[\u4e00-\u9fff]/.test(value)
  );
}

/** A literal setting a team writes as the value production must have: a switch, a mode, a level, a small number. */
function literalSetting(name: string, value: string): boolean {
  if (secretName.test(name) || exampleValue(value)) return false;
  // `false`/`true` are in the scan's placeholder words, so they are read before this.
  if (/^(on|off|yes|no|enabled?|disabled?|production|prod|staging|development|warn|warning|info|error|debug|fatal|strict|lax|utc)$/i.test(value)) return true;
  // A word or a number is a setting only under a name that says so (`DB_HOST=localhost`, `DB_USER=app` are examples).
  if (/^[a-z][a-z0-9_-]{0,19}$/.test(value)) return /ENV$|MODE|LEVEL|DEBUG|ENABLE|DISABLE|SYNC|FLAG|STRATEGY|DRIVER|PROVIDER|^TZ$|LOCALE|LANG|FORMAT|PROTOCOL|SSL|TLS|SECURE|STRICT|CACHE|LOG/.test(name);
  return /^\d{1,6}$/.test(value) && /LIMIT|MAX|MIN|TIMEOUT|TTL|POOL|WORKERS|CONCURRENCY|RETRIES|RETRY|SIZE|INTERVAL/.test(name);
}

/** The length a sentence states: `at least 32 characters`, `至少 32 位`, `≥ 32`. */
export function statedLength(text: string): string | undefined {
  return /(?:至少|不少于|≥|>=|at least|min(?:imum)?(?: of)?)\s*(\d{1,3})\s*(?:位|个字符|字符|chars?|characters?|bytes?)?/i.exec(text)?.[1];
}

/** The conditions an env assignment states: `<至少32位…>` → length, `false` → equals, `a # 或 b/c` → one of. */
export function envExpectations(assignment: EnvAssignment, variables: Variables, line: number): { expect: string[]; differsFrom?: string } {
  const { name, value, comment } = assignment;
  const placeholder = /^<(.+)>$/.exec(value);
  if (placeholder) {
    const inner = placeholder[1] ?? '';
    const min = statedLength(inner);
    const expect = ['present == true', 'is_placeholder == false'];
    if (min !== undefined) expect.push(`len >= ${min}`);
    else if (/强密码|strong/i.test(inner)) expect.push('len >= 12', 'entropy >= 3');
    else expect.push('empty == false');
    const differsFrom = /与\s*([A-Z][A-Z0-9_]*)\s*不同|differ(?:s|ent)? from\s*([A-Z][A-Z0-9_]*)/.exec(inner)?.slice(1).find(Boolean);
    if (differsFrom !== undefined) expect.push('differs == true');
    return differsFrom === undefined ? { expect } : { expect, differsFrom };
  }
  if (value === '') return { expect: ['present == true'] };
  if (/^(true|false)$/i.test(value)) return { expect: [`lower(value) == ${JSON.stringify(value.toLowerCase())}`] };
  const min = statedLength(comment);
  // `https://<API_DOMAIN>`: the document's own placeholder becomes a plan variable the team fills in, so the value can be pinned.
  const rewritten = /^https?:\/\//.test(value) && !secretName.test(name) && /<[A-Za-z_-]+>|\$\{|your-?domain/i.test(value) ? variables.rewrite(value, line) : value;
  if (rewritten !== value && !/x{3,}|\.\.\.|…|example/i.test(rewritten)) return { expect: ['present == true', 'is_placeholder == false', 'value != "*"', `value == ${JSON.stringify(rewritten)}`] };
  if (secretName.test(name) || exampleValue(value)) {
    if (Variables.hasPlaceholder(value)) variables.rewrite(value, line);
    return { expect: min === undefined ? [...presentConditions] : ['present == true', 'is_placeholder == false', `len >= ${min}`] };
  }
  const alternatives = /^或\s*(.+)$|^or\s+(.+)$/i.exec(comment);
  if (alternatives) {
    const options = [value, ...(alternatives[1] ?? alternatives[2] ?? '').split(/[/,，、|]/).map((o) => o.trim())].filter(Boolean);
    return { expect: [`value in [${[...new Set(options)].map((o) => JSON.stringify(o)).join(', ')}]`] };
  }
  if (literalSetting(name, value)) return { expect: [`value == ${JSON.stringify(value)}`] };
  return { expect: [...presentConditions] };
}

/**
 * The setting a checklist line names in inline code: `` `DB_SYNC=false` `` (its value, when literal) or
 * `` `SESSION_SECRET` is at least 32 characters `` (presence and the stated length).
 */
export function settingOfLine(raw: string, variables: Variables, line: number): { name: string; expect: string[] } | undefined {
  const assigned = /`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})=([^`\s]*)`/.exec(raw);
  if (assigned) {
    const name = assigned[1] ?? '';
    return { name, expect: envExpectations({ name, value: assigned[2] ?? '', comment: raw, group: '', offset: 0 }, variables, line).expect };
  }
  if (/remove|delete|unset|删除|去掉|移除|不要|禁止/i.test(raw)) return undefined;
  const named = [...raw.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1] ?? '');
  if (named.length !== 1) return undefined;
  const name = named[0] ?? '';
  const min = statedLength(raw);
  return { name, expect: min === undefined ? [...presentConditions] : ['present == true', 'is_placeholder == false', `len >= ${min}`] };
}
