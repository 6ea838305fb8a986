/**
 * Case-insensitive multi-keyword search over raw bytes (Wu–Manber with 2-byte blocks).
 * It skips ahead by up to `min keyword length - 1` bytes per step, so a file with no keyword
 * costs a fraction of a byte-by-byte pass, and no regular expression runs on it at all.
 */
export class KeywordMatcher {
  /** Shortest keyword length in bytes: the window the shift table works with. */
  private readonly window: number;
  private readonly shift: Uint8Array;
  private readonly buckets: (number[] | undefined)[];
  private readonly patterns: Uint8Array[];

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
  }

  /** Number of keywords. */
  get size(): number {
    return this.patterns.length;
  }

  /** Calls `onHit(offset, keywordIndex)` for each occurrence, by increasing offset. */
  scan(buf: Uint8Array, onHit: (offset: number, keyword: number) => void): void {
    if (this.patterns.length === 0) return;
    const { shift, buckets, patterns } = this;
    const m = this.window;
    const n = buf.length;
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
          if (k === p.length) onHit(start, index);
        }
      }
      i++;
    }
  }
}

const fold = new Uint8Array(256).map((_, i) => (i >= 65 && i <= 90 ? i + 32 : i));

function caseVariants(byte: number): number[] {
  return byte >= 97 && byte <= 122 ? [byte, byte - 32] : [byte];
}
