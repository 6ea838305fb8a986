/**
 * Case-insensitive multi-keyword search over raw bytes (Wu–Manber with 2-byte blocks).
 * It skips ahead by up to `min keyword length - 1` bytes per step, so a file with no keyword
 * costs a fraction of a byte-by-byte pass, and no regular expression runs on it at all.
 * This is the reference implementation; `WasmKeywordMatcher` runs the same tables in WebAssembly.
 */
export class KeywordMatcher {
  /** Shortest keyword length in bytes: the window the shift table works with. */
  protected readonly window: number;
  protected readonly patterns: Uint8Array[];
  private readonly keywords: readonly string[];
  /**
   * The byte tables (Wu–Manber shift and buckets) and the string tables, each built on first use: a thread builds a
   * matcher per rule subset, and the WebAssembly quad scan needs neither, nor does any matcher but redaction's use `test`.
   */
  private byteTables: { shift: Uint8Array; buckets: (number[] | undefined)[] } | undefined;
  private textTables: TextTables | undefined;

  constructor(keywords: readonly string[]) {
    this.keywords = keywords;
    this.patterns = keywords.map((k) => Uint8Array.from(Buffer.from(k.toLowerCase(), 'utf8'), (b) => fold[b] ?? b));
    const shortest = Math.min(...this.patterns.map((p) => p.length));
    if (this.patterns.length > 0 && shortest < 2) throw new Error(`keywords need at least 2 bytes: ${keywords.join(', ')}`);
    this.window = this.patterns.length === 0 ? 2 : shortest;
  }

  /** The Wu–Manber tables over bytes: shift by the bigram ending the window, and the keywords whose window ends with it. */
  protected get tables(): { shift: Uint8Array; buckets: (number[] | undefined)[] } {
    if (this.byteTables !== undefined) return this.byteTables;
    const m = this.window;
    const shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
    const buckets = new Array<number[] | undefined>(65536);
    this.patterns.forEach((p, index) => {
      for (let q = 0; q < m - 1; q++) {
        const s = m - 2 - q;
        for (const a of caseVariants(p[q] ?? 0)) {
          for (const b of caseVariants(p[q + 1] ?? 0)) {
            const bigram = (a << 8) | b;
            if (s < (shift[bigram] ?? 0)) shift[bigram] = s;
          }
        }
      }
      for (const a of caseVariants(p[m - 2] ?? 0)) {
        for (const b of caseVariants(p[m - 1] ?? 0)) (buckets[(a << 8) | b] ??= []).push(index);
      }
    });
    this.byteTables = { shift, buckets };
    return this.byteTables;
  }

  /**
   * String mode: ASCII keywords through the same kind of shift table (on UTF-16 units), others by `includes` only when
   * the text has a non-ASCII character at all, so two-character CJK keywords do not shrink the window.
   */
  private get text(): TextTables {
    if (this.textTables !== undefined) return this.textTables;
    const all = this.keywords.map((k) => k.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    const texts = all.filter((t) => !nonAscii.test(t));
    const wideTexts = all.filter((t) => nonAscii.test(t));
    const w = texts.length === 0 ? 2 : Math.min(...texts.map((t) => t.length));
    const shift = new Uint8Array(128 * 128).fill(Math.min(255, w - 1));
    const buckets = new Array<number[] | null>(128 * 128).fill(null);
    texts.forEach((t, index) => {
      for (let q = 0; q < w - 1; q++) {
        for (const a of caseVariants(t.charCodeAt(q))) {
          for (const b of caseVariants(t.charCodeAt(q + 1))) {
            const bigram = (a << 7) | b;
            if (w - 2 - q < (shift[bigram] ?? 0)) shift[bigram] = w - 2 - q;
          }
        }
      }
      for (const a of caseVariants(t.charCodeAt(w - 2))) {
        for (const b of caseVariants(t.charCodeAt(w - 1))) (buckets[(a << 7) | b] ??= []).push(index);
      }
    });
    this.textTables = { texts, wideTexts, window: w, shift, buckets };
    return this.textTables;
  }

  /** True when any keyword occurs in `text` (same case folding as `scan`): a sub-microsecond gate for short strings. */
  test(text: string): boolean {
    const { shift, buckets, texts, wideTexts, window: m } = this.text;
    if (wideTexts.length > 0 && nonAscii.test(text)) {
      const lower = text.replace(/[A-Z]+/g, (c) => c.toLowerCase());
      if (wideTexts.some((t) => lower.includes(t))) return true;
    }
    if (texts.length === 0) return false;
    const n = text.length;
    let i = m - 1;
    while (i < n) {
      const a = text.charCodeAt(i - 1);
      const b = text.charCodeAt(i);
      const bigram = ((a > 127 ? 127 : a) << 7) | (b > 127 ? 127 : b);
      const s = shift[bigram] as number;
      if (s !== 0) {
        i += s;
        continue;
      }
      const start = i - m + 1;
      const candidates = buckets[bigram];
      if (candidates !== null && candidates !== undefined) {
        for (let c = 0; c < candidates.length; c++) {
          const t = texts[candidates[c] as number] as string;
          if (start + t.length > n) continue;
          let k = 0;
          while (k < t.length && foldUnit(text.charCodeAt(start + k)) === t.charCodeAt(k)) k++;
          if (k === t.length) return true;
        }
      }
      i++;
    }
    return false;
  }

  /** Number of keywords. */
  get size(): number {
    return this.patterns.length;
  }

  /** Calls `onHit(offset, keywordIndex, line)` for each occurrence, by increasing offset; `line` is 1-based. */
  scan(buf: Uint8Array, onHit: (offset: number, keyword: number, line: number) => void): void {
    const found = this.hits(buf);
    for (let h = 0; h < found.length; h += 3) onHit(found[h] as number, found[h + 1] as number, found[h + 2] as number);
  }

  /**
   * Every occurrence as a flat list of (offset, keywordIndex, line) triples, by increasing offset (then keyword);
   * `line` is 1-based. Collected before any caller code runs, so a caller may scan again with the same matcher.
   */
  hits(buf: Uint8Array): number[] {
    const out: number[] = [];
    if (this.patterns.length === 0) return out;
    const { shift, buckets } = this.tables;
    const patterns = this.patterns;
    const m = this.window;
    const n = buf.length;
    let line = 1;
    let counted = 0;
    let i = m - 1;
    while (i < n) {
      const bigram = ((buf[i - 1] as number) << 8) | (buf[i] as number);
      const s = shift[bigram] as number;
      if (s !== 0) {
        i += s;
        continue;
      }
      const start = i - m + 1;
      const candidates = buckets[bigram];
      if (candidates !== undefined) {
        for (const index of candidates) {
          const p = patterns[index] as Uint8Array;
          if (start + p.length > n) continue;
          let k = 0;
          while (k < p.length && fold[buf[start + k] as number] === p[k]) k++;
          if (k === p.length) {
            for (; counted < start; counted++) if (buf[counted] === 10) line++;
            out.push(start, index, line);
          }
        }
      }
      i++;
    }
    return out;
  }
}

/** The string-mode tables: shift and buckets indexed by two 7-bit units (anything above 127 counts as 127). */
interface TextTables {
  texts: string[];
  wideTexts: string[];
  window: number;
  shift: Uint8Array;
  buckets: (number[] | null)[];
}

export const fold = new Uint8Array(256).map((_, i) => (i >= 65 && i <= 90 ? i + 32 : i));

const nonAscii = /[\u0080-\uffff]/;

function foldUnit(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

function caseVariants(byte: number): number[] {
  return byte >= 97 && byte <= 122 ? [byte, byte - 32] : [byte];
}
