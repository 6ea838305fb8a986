import type { LineView } from '../rule.js';

/**
 * Settings (`name: value`, `name = value`) and the configuration block they belong to. A password opens the service
 * named in its own block — the `host` beside it in a YAML mapping, the `DB_HOST` of its `DB_PASSWORD`, the `url` of
 * the same code object — not whatever address happens to be a few lines away.
 */

/** One `name: value` or `name = value` written on a line. */
export interface Setting {
  /** The name's words in lower case: `spring.redis.host` → spring, redis, host; `dbPassword` → db, password. */
  readonly words: readonly string[];
  readonly value: string;
  /** Whether the value stood in quotes (in source code an unquoted value is a variable). */
  readonly quoted: boolean;
}

/**
 * The text around a setting: its own line (or escaped-newline segment of it), and the other lines of its block: its
 * siblings and their children, and the keys beside its parent.
 */
export interface Block {
  readonly own: string;
  readonly neighbours: readonly string[];
}

/**
 * Splits a key name into lower-case words at `.`, `_`, `-` and camel-case humps (`serverAddr` → server, addr; `hostName`
 * → hostname).
 */
export function nameWords(name: string): string[] {
  return name
    // A list's index is no word (`cluster.nodes[0]`), and `host-name` is Redis clients' `hostname`.
    .replace(/\[\d*\]/g, '')
    .replace(/(host)[-_]?name/gi, '$1name')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s._$-]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** True when one list of words starts the other: `db` and `db.master`, or `` and anything. */
export function sharePrefix(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((w, i) => long[i] === w);
}

/**
 * A name (maybe a list's item, Spring's `nodes[0]`), then `:` or `=` (not `::`, `==`), or a PHP array's aligned `=>` (`'hostname'        => '47.…',`), then the
 * value up to a quote, a space or a separator.
 */
const settingPattern = /(?<![\w.$-])["']?([A-Za-z_$][\w.$-]{0,60}(?:\[\d{1,3}\])?)["']?(?:\s{0,4}(?::(?!:)|=(?![=>]))|\s{0,24}=>)\s{0,4}(["'\x60]?)([^\s"'\x60,;(){}<>]{1,300})(\(?)/g;

/**
 * Spring and compose defaults (`${DB_HOST:10.0.0.5}`, `${DB_HOST:-db}`) stand for their default value, and so do the
 * fallbacks of an environment lookup in code (`os.environ.get("MYSQL_ADDRESS", "sh-cynosdb….tencentcdb.com")`,
 * `env('DB_HOST', '…')`, `process.env.DB_HOST || '…'`), quoted as they were.
 */
function withDefaults(text: string): string {
  return text
    // Not bash's substring (`${PASSWORD:0:4}`, shown in a log line), which is no default.
    .replace(/\$\{[\w.-]{1,60}:(?!\d{1,4}(?::\d{1,4})?\})-?([^}\s]{0,253})\}/g, '$1')
    .replace(/(?:os\.environ\.get|os\.getenv|getenv|env|Env::get)\(\s{0,4}["'][\w.-]{1,60}["']\s{0,4},\s{0,4}(["'])([^"'\s]{0,253})\1\s{0,4}\)/g, '$1$2$1')
    .replace(/process\.env\.\w{1,60}\s{0,4}(?:\|\||\?\?)\s{0,4}(["'])([^"'\s]{0,253})\1/g, '$1$2$1');
}

/** A systemd unit's `Environment="DB_URL=…"` sets `DB_URL`, not `Environment`. */
function withoutSystemdEnvironment(text: string): string {
  return text.replace(/^(\s*)Environment=(["']?)(.*)\2\s*$/, '$1$3');
}

/** The settings written on a line, calls (`url = page.url()`) left out: a call's result is not a literal. */
export function settingsIn(text: string): Setting[] {
  const out: Setting[] = [];
  for (const m of withDefaults(withoutSystemdEnvironment(text)).matchAll(settingPattern)) {
    if (m[4] === '(') continue;
    out.push({ words: nameWords(m[1] ?? ''), value: m[3] ?? '', quoted: m[2] !== '' });
  }
  return out;
}

const commentLine = /^\s*(?:#|\/\/|\/?\*|<!--|--\s|;)/;

/** Columns before a line's key: spaces, tabs and YAML list dashes (`  - DB_HOST=db` sits with `  - DB_PASSWORD=…`). */
function indentOf(text: string): number {
  return /^(?:[ \t]|-[ \t])*/.exec(text)?.[0].length ?? 0;
}

/**
 * The lines of a block, walking away from a line at `indent` (`outward`: nearest first): first everything indented as
 * much or more (its siblings and their children), then, past the first line indented less (the parent: `auth: {`,
 * `mail:`), the lines at the parent's level (`host` beside `auth: {…}` in a mail transport), until a line indented
 * less still. Blank and comment lines are skipped. `parent` is the parent's level when already known; the walk returns
 * it.
 */
function walkBlock(indent: number, outward: readonly string[], parent?: number): { lines: string[]; parent?: number } {
  const lines: string[] = [];
  let inside = true;
  let level = parent;
  for (const text of outward) {
    if (text.trim() === '' || commentLine.test(text)) continue;
    const at = indentOf(text);
    if (inside && at >= indent) {
      lines.push(text);
      continue;
    }
    inside = false;
    if (level === undefined) level = at;
    else if (at < level) break;
    if (at === level) lines.push(text);
  }
  return level === undefined ? { lines } : { lines, parent: level };
}

/** Which of the segments a text was split into at its two-character `\n` escapes holds the text's `index`. */
function segmentAt(segments: readonly string[], index: number): number {
  let at = 0;
  let end = segments[0]?.length ?? 0;
  while (index > end && at < segments.length - 1) {
    at++;
    end += 2 + (segments[at]?.length ?? 0);
  }
  return at;
}

/**
 * The block a setting at `index` of the line belongs to, up to `radius` lines each way. A line holding a whole file
 * with escaped newlines (a config centre's SQL dump: `…spring:\n  redis:\n    host: …`) is split at them, and its
 * neighbouring lines, other rows, are not looked at.
 */
export function blockAround(line: LineView, index: number, radius: number): Block {
  const text = line.text;
  if ((text.match(/\\n/g)?.length ?? 0) >= 2) {
    const segments = text.split('\\n');
    const at = segmentAt(segments, index);
    const own = segments[at] ?? '';
    return { own, neighbours: around(indentOf(own), segments.slice(Math.max(0, at - radius), at).reverse(), segments.slice(at + 1, at + 1 + radius)) };
  }
  return {
    own: text.slice(Math.max(0, index - 400), index + 400),
    neighbours: around(indentOf(text), line.before(radius).reverse(), line.after(radius)),
  };
}

/** The block's lines above (nearest first) and below a line at `indent`; below, the parent's level is the one above. */
function around(indent: number, above: readonly string[], below: readonly string[]): string[] {
  const up = walkBlock(indent, above);
  // Without a parent in sight above, the block ends at the first line below indented less.
  return [...up.lines, ...walkBlock(indent, below, up.parent ?? indent).lines];
}
