/**
 * Case-insensitive multi-keyword search over raw bytes (Wu–Manber with 2-byte blocks).
 * It skips ahead by up to `min keyword length - 1` bytes per step, so a file with no keyword
 * costs a fraction of a byte-by-byte pass, and no regular expression runs on it at all.
 * This is the reference implementation; `WasmKeywordMatcher` runs the same tables in WebAssembly.
 */
export class KeywordMatcher {
  /** Shortest keyword length in bytes: the window the shift table works with. */
  protected readonly window: number;
  protected readonly shift: Uint8Array;
  protected readonly buckets: (number[] | undefined)[];
  protected readonly patterns: Uint8Array[];
  /** The same keywords as UTF-16 strings, for `test` on JS strings without encoding them first. */
  private readonly texts: string[];
  private readonly wideTexts: string[];
  private readonly textWindow: number;
  private readonly textShift: Uint8Array;
  /** Indexed by two 7-bit units (anything above 127 counts as 127). */
  private readonly textBuckets: (number[] | null)[];

  constructor(keywords: readonly string[]) {
    this.patterns = keywords.map((k) => Uint8Array.from(Buffer.from(k.toLowerCase(), 'utf8'), (b) => fold[b] ?? b));
    const shortest = Math.min(...this.patterns.map((p) => p.length));
    if (this.patterns.length > 0 && shortest < 2) throw new Error(`keywords need at least 2 bytes: ${keywords.join(', ')}`);
    this.window = this.patterns.length === 0 ? 2 : shortest;
    const m = this.window;
    this.shift = new Uint8Array(65536).fill(Math.min(255, m - 1));
    this.buckets = new Array<number[] | undefined>(65536);
    this.patterns.forEach((p, index) => {
      for (let q = 0; q < m - 1; q++) {
        const s = m - 2 - q;
        for (const a of caseVariants(p[q] ?? 0)) {
          for (const b of caseVariants(p[q + 1] ?? 0)) {
            const bigram = (a << 8) | b;
            if (s < (this.shift[bigram] ?? 0)) this.shift[bigram] = s;
          }
        }
      }
      for (const a of caseVariants(p[m - 2] ?? 0)) {
        for (const b of caseVariants(p[m - 1] ?? 0)) (this.buckets[(a << 8) | b] ??= []).push(index);
      }
    });
    // String mode: ASCII keywords through the same kind of shift table (on UTF-16 units), others by `includes`
    // only when the text has a non-ASCII character at all, so two-character CJK keywords do not shrink the window.
    const texts = keywords.map((k) => k.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    this.texts = texts.filter((t) => !nonAscii.test(t));
    this.wideTexts = texts.filter((t) => nonAscii.test(t));
    this.textWindow = this.texts.length === 0 ? 2 : Math.min(...this.texts.map((t) => t.length));
    const w = this.textWindow;
    this.textShift = new Uint8Array(128 * 128).fill(Math.min(255, w - 1));
    this.textBuckets = new Array<number[] | null>(128 * 128).fill(null);
    this.texts.forEach((t, index) => {
      for (let q = 0; q < w - 1; q++) {
        for (const a of caseVariants(t.charCodeAt(q))) {
          for (const b of caseVariants(t.charCodeAt(q + 1))) {
            const bigram = (a << 7) | b;
            if (w - 2 - q < (this.textShift[bigram] ?? 0)) this.textShift[bigram] = w - 2 - q;
          }
        }
      }
      for (const a of caseVariants(t.charCodeAt(w - 2))) {
        for (const b of caseVariants(t.charCodeAt(w - 1))) (this.textBuckets[(a << 7) | b] ??= []).push(index);
      }
    });
  }

  /** True when any keyword occurs in `text` (same case folding as `scan`): a sub-microsecond gate for short strings. */
  test(text: string): boolean {
    const { textShift: shift, textBuckets: buckets, texts } = this;
    if (this.wideTexts.length > 0 && nonAscii.test(text)) {
      const lower = text.replace(/[A-Z]+/g, (c) => c.toLowerCase());
      if (this.wideTexts.some((t) => lower.includes(t))) return true;
    }
    if (texts.length === 0) return false;
    const m = this.textWindow;
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
    if (this.patterns.length === 0) return;
    const { shift, buckets, patterns } = this;
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
            onHit(start, index, line);
          }
        }
      }
      i++;
    }
  }
}

export const fold = new Uint8Array(256).map((_, i) => (i >= 65 && i <= 90 ? i + 32 : i));

const nonAscii = /[\u0080-\uffff]/;

function foldUnit(unit: number): number {
  return unit >= 65 && unit <= 90 ? unit + 32 : unit;
}

function caseVariants(byte: number): number[] {
  return byte >= 97 && byte <= 122 ? [byte, byte - 32] : [byte];
}
