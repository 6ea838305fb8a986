/** Placeholders people leave in checklists (`<API_DOMAIN>`, `your-bucket`, `https://yourdomain.com`) become plan variables. */

export interface VariableUse {
  readonly name: string;
  /** What the document wrote, e.g. `<API_DOMAIN>`. */
  readonly placeholder: string;
  readonly example: string;
  /** Lines where the document uses it. */
  readonly lines: number[];
}

interface PlaceholderRule {
  readonly pattern: RegExp;
  readonly name: (match: RegExpExecArray) => string;
}

const rules: readonly PlaceholderRule[] = [
  // <API_DOMAIN>, <release-tag>, <CLOUD_MYSQL_HOST>; not <至少32位随机字符串> (a constraint, read elsewhere).
  { pattern: /<([A-Za-z][A-Za-z0-9_-]{1,40})>/g, name: (m) => (m[1] ?? '').toUpperCase().replace(/-/g, '_') },
  { pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, name: (m) => m[1] ?? '' },
  { pattern: /(?:[a-z0-9-]+\.)*your-?domain\.com/gi, name: (m) => (/^admin\./i.test(m[0]) ? 'ADMIN_DOMAIN' : 'DOMAIN') },
  // Documentation domains (RFC 2606): shop.example.com → ${SHOP_DOMAIN}, api.example.com → ${API_DOMAIN}, www.example.com → ${DOMAIN}.
  { pattern: /(?<![\w.-])(?:([a-z0-9-]+)\.)?example\.(?:com|org|net)\b/gi, name: (m) => (m[1] === undefined || /^www$/i.test(m[1]) ? 'DOMAIN' : `${m[1].toUpperCase().replace(/-/g, '_')}_DOMAIN`) },
  { pattern: /your-?bucket/gi, name: () => 'OSS_BUCKET' },
  { pattern: /\/path\/to\/[A-Za-z0-9._/-]*/g, name: () => 'REPO_DIR' },
];

const examples: readonly (readonly [RegExp, string])[] = [
  [/ADMIN_DOMAIN/, 'admin.example.com'],
  [/DOMAIN/, 'api.example.com'],
  [/HOST|ADDR/, '10.0.0.12'],
  [/(^|_)IP$/, '203.0.113.10'],
  [/TAG|VERSION/, 'v1.2.3'],
  [/BUCKET/, 'prod-bucket'],
  [/DIR|PATH/, '/srv/app'],
  [/PORT/, '3306'],
  [/URL/, 'https://api.example.com'],
];

/** Collects variables while the importer rewrites targets; the order of first use is kept. */
export class Variables {
  private readonly byName = new Map<string, { name: string; placeholder: string; example: string; lines: number[] }>();

  /** Rewrites every placeholder in `text` as `${NAME}` and records the use. */
  rewrite(text: string, line: number): string {
    let out = text;
    for (const rule of rules) {
      out = out.replace(rule.pattern, (...args) => {
        const match = Object.assign([...args.slice(0, -2)] as unknown as RegExpExecArray, { index: 0, input: '' });
        const name = rule.name(match);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return match[0];
        this.use(name, match[0], line);
        return `\${${name}}`;
      });
    }
    return out;
  }

  /** Records a variable the importer introduces itself (a server IP the document only describes). */
  use(name: string, placeholder: string, line: number, example?: string): string {
    const entry = this.byName.get(name);
    if (entry === undefined) {
      this.byName.set(name, { name, placeholder, example: example ?? exampleFor(name, placeholder), lines: [line] });
    } else if (!entry.lines.includes(line)) {
      entry.lines.push(line);
    }
    return `\${${name}}`;
  }

  /** True when the text still holds a placeholder that was not rewritten. */
  static hasPlaceholder(text: string): boolean {
    return /<[^<>\n]{1,60}>|xxx|your-?(domain|bucket)|example\.com|\/path\/to\//i.test(text);
  }

  list(): VariableUse[] {
    return [...this.byName.values()].map((entry) => ({ ...entry, lines: [...entry.lines].sort((a, b) => a - b) }));
  }

  /** Names used in any of the given strings. */
  static namesIn(text: string): string[] {
    return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? '');
  }
}

function exampleFor(name: string, placeholder: string): string {
  if (/^rm-x+/i.test(placeholder)) return placeholder;
  return examples.find(([pattern]) => pattern.test(name))?.[1] ?? 'value';
}
