import { matcherWasmBase64 } from './_matcher-wasm.generated.js';
import { fold, KeywordMatcher } from './prefilter.js';

/** The file is copied into WebAssembly memory this many bytes at a time, and scanned a chunk per call. */
const chunkBytes = 256 * 1024;
/** Hits per call; a fuller chunk is finished in further calls. */
const hitCapacity = 4096;
/** Entries of the 4-byte hash table (a 16-bit hash: the table is 64 KB at address 0). */
const quadTableSize = 1 << 16;
/** The SIMD loop reads 16 bytes at each block of eight positions: the chunk buffer has this much room past its end. */
const readSlack = 16;

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
// Through unknown: the DOM library (the dashboard's type check) declares WebAssembly with wider types.
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface MatcherExports {
  scan(shift: number, bstart: number, bent: number, pat: number, fold: number, buf: number, n: number, limit: number, i: number, m: number, out: number, cap: number): number;
  scanQuads(qstart: number, qent: number, pat: number, fold: number, buf: number, n: number, start: number, end: number, out: number, cap: number, hashes: number): number;
  countLines(from: number, to: number): number;
  resume: { value: number };
}

/**
 * Where each table sits in one matcher's memory (see src/scan/matcher.wat). With a shortest keyword of 4 bytes or more
 * (`quads`), the 4-byte hash table fills addresses 0..65535 and `starts`/`entries` index keywords by that hash; with a
 * shorter one, `shift` is the Wu–Manber shift table and `starts`/`entries` index keywords by their window's last bigram.
 */
interface Layout {
  quads: boolean;
  shift: number;
  starts: number;
  entries: number;
  pat: number;
  fold: number;
  out: number;
  /** 32 bytes of scratch for `scanQuads`. */
  hashes: number;
  buf: number;
  cap: number;
}

/** One matcher's instance, with views over its memory. */
interface Runtime {
  exports: MatcherExports;
  bytes: Uint8Array;
  words: Uint32Array;
  layout: Layout;
}

let compiled: object | null | undefined;

/** The compiled module, once per thread; null when this runtime cannot run it (then the JS scan is used). */
function wasmModule(): object | null {
  if (compiled === undefined) {
    try {
      if (wasm === undefined) throw new Error('no WebAssembly');
      compiled = new wasm.Module(Buffer.from(matcherWasmBase64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * The same keyword search as `KeywordMatcher`, with `scan` running in WebAssembly: the SIMD quad scan when every
 * keyword has 4 bytes or more, else the same Wu–Manber loop. Each matcher owns a small memory (~0.6 MB) for its
 * tables and one chunk. A runtime without WebAssembly SIMD cannot compile the module and gets the JS scan.
 */
export class WasmKeywordMatcher extends KeywordMatcher {
  private runtime: Runtime | null | undefined;
  private readonly longest: number;
  /** Per keyword, the offset of the 4-byte piece the quad scan finds it by (its least common one). */
  private readonly pieces: number[];
  private readonly furthestPiece: number;

  constructor(keywords: readonly string[]) {
    super(keywords);
    this.longest = Math.max(0, ...this.patterns.map((p) => p.length));
    this.pieces = this.patterns.map(rarestPiece);
    this.furthestPiece = Math.max(0, ...this.pieces);
  }

  /** Same hits in the same order as `KeywordMatcher.hits` (the property test in wasm-matcher.test.ts holds it to that). */
  override hits(buf: Uint8Array): number[] {
    const out: number[] = [];
    if (this.patterns.length === 0) return out;
    const runtime = (this.runtime ??= this.instantiate());
    if (runtime === null) return super.hits(buf);
    const { exports, bytes, words, layout } = runtime;
    const m = this.window;
    // Newlines are counted up to `counted` (absolute), lazily: only where a hit needs its line number.
    let line = 1;
    let counted = 0;
    for (let c0 = 0; c0 < buf.length; c0 += chunkBytes) {
      const c1 = Math.min(buf.length, c0 + chunkBytes);
      // Keywords starting before c1 may run up to longest - 1 bytes past it.
      const n = Math.min(buf.length, c1 + this.longest - 1) - c0;
      bytes.set(buf.subarray(c0, c0 + n), layout.buf);
      // Starts and keywords of this chunk's hits, in pairs.
      const found: number[] = [];
      // Wu–Manber counts window ends (the first is m - 1); the quad scan counts positions from 0, and past the chunk
      // as far as a keyword starting in it can have its chosen piece (hits starting past it are the next chunk's).
      let next = layout.quads ? 0 : m - 1;
      while (next !== -1) {
        const count = layout.quads
          ? exports.scanQuads(layout.starts, layout.entries, layout.pat, layout.fold, layout.buf, n, next, Math.min(c1 - c0 + this.furthestPiece, n), layout.out, layout.cap, layout.hashes)
          : exports.scan(layout.shift, layout.starts, layout.entries, layout.pat, layout.fold, layout.buf, n, Math.min(c1 - c0 + m - 1, n), next, m, layout.out, layout.cap);
        next = exports.resume.value;
        for (let h = 0; h < count; h++) {
          const start = words[layout.out / 4 + 2 * h] as number;
          if (start < c1 - c0) found.push(start, words[layout.out / 4 + 2 * h + 1] as number);
        }
      }
      if (found.length > 0) {
        const order = found.length === 2 ? [0] : sortedPairs(found);
        for (const pair of order) {
          const offset = c0 + (found[pair] as number);
          line += exports.countLines(layout.buf + counted - c0, layout.buf + offset - c0);
          counted = offset;
          out.push(offset, found[pair + 1] as number, line);
        }
      }
      if (c1 < buf.length) {
        line += exports.countLines(layout.buf + counted - c0, layout.buf + c1 - c0);
        counted = c1;
      }
    }
    return out;
  }

  private instantiate(): Runtime | null {
    const module = wasmModule();
    if (module === null || wasm === undefined) return null;
    const m = this.window;
    const quads = m >= 4;
    const { starts, entries } = quads ? this.quadIndex() : this.bigramIndex();
    const patternBytes = this.patterns.reduce((sum, p) => sum + p.length, 0);
    const cap = Math.max(hitCapacity, this.patterns.length);

    let top = quads ? quadTableSize : 8;
    const place = (bytes: number): number => {
      const at = top;
      top += (bytes + 7) & ~7;
      return at;
    };
    const layout: Layout = {
      quads,
      shift: quads ? 0 : place(65536),
      starts: place(starts.byteLength),
      entries: place(entries.length * 4),
      pat: place(this.patterns.length * 8),
      fold: place(256),
      out: place(cap * 8),
      hashes: place(32),
      buf: 0,
      cap,
    };
    const bytes = place(patternBytes);
    layout.buf = place(chunkBytes + this.longest + readSlack);
    const memory = new wasm.Memory({ initial: Math.ceil(top / 65536) });
    const u8 = new Uint8Array(memory.buffer);
    const u32 = new Uint32Array(memory.buffer);
    if (quads) {
      // A hash with keywords gets a 1: set from the keywords' own hashes, not by a loop over the 64 K entries.
      this.patterns.forEach((p, k) => {
        const offset = this.pieces[k] as number;
        u8[quadHash(p.subarray(offset, offset + 4))] = 1;
      });
    } else {
      // The 16-bit load at i - 1 reads b[i - 1] | b[i] << 8; the JS shift table is indexed b[i - 1] << 8 | b[i].
      const { shift } = this.tables;
      for (let g = 0; g < 65536; g++) u8[layout.shift + g] = shift[((g & 255) << 8) | (g >> 8)] as number;
    }
    u32.set(starts, layout.starts / 4);
    u32.set(entries, layout.entries / 4);
    u8.set(fold, layout.fold);
    let at = bytes;
    this.patterns.forEach((p, k) => {
      u8.set(p, at);
      u32[layout.pat / 4 + 2 * k] = at;
      u32[layout.pat / 4 + 2 * k + 1] = p.length;
      at += p.length;
    });
    try {
      const instance = new wasm.Instance(module, { env: { memory } });
      // The memory never grows after this, so views over it stay valid.
      return { exports: instance.exports as unknown as MatcherExports, bytes: u8, words: u32, layout };
    } catch {
      return null;
    }
  }

  /** Keywords by the bigram that ends their window, in the order KeywordMatcher checks them (WebAssembly byte order). */
  private bigramIndex(): { starts: Uint32Array; entries: Uint32Array } {
    const pairs: [number, number][] = [];
    this.tables.buckets.forEach((bucket, js) => {
      for (const k of bucket ?? []) pairs.push([((js & 255) << 8) | (js >> 8), k]);
    });
    return bucketIndex(65536, pairs);
  }

  /** Keywords by the 16-bit hash of their chosen piece with ASCII letters OR 0x20 (the hash `scanQuads` computes), each entry the keyword index | the piece's offset << 24. */
  private quadIndex(): { starts: Uint32Array; entries: Uint32Array } {
    return bucketIndex(
      quadTableSize,
      this.patterns.map((p, k) => {
        const offset = this.pieces[k] as number;
        return [quadHash(p.subarray(offset, offset + 4)), (k | (offset << 24)) >>> 0];
      }),
    );
  }
}

/**
 * How common each byte is in source code and configuration, roughly (0 = rare): spaces, lower-case letters in
 * English-like frequency order, then digits and common punctuation. Only the order matters.
 */
const commonness = new Uint8Array(256).map((_, byte) => {
  const letters = 'etaoinsrlcdumhpfgbyvwkxqjz';
  const rank = letters.indexOf(String.fromCharCode(byte | 0x20));
  if (byte === 32) return 60;
  if (rank !== -1 && /[a-z]/i.test(String.fromCharCode(byte))) return 40 - rank;
  if (byte >= 48 && byte <= 57) return 12;
  return '()=;,."\'{}:/-_'.includes(String.fromCharCode(byte)) ? 10 : 4;
});

/** The offset of the keyword's 4-byte piece least common in text, so the quad scan wakes up on it rarely (`console.` → `ole.`). */
function rarestPiece(keyword: Uint8Array): number {
  let best = 0;
  let bestScore = Infinity;
  for (let offset = 0; offset + 4 <= keyword.length && offset < 256; offset++) {
    let score = 0;
    for (let q = 0; q < 4; q++) score += commonness[keyword[offset + q] as number] as number;
    if (score < bestScore) {
      bestScore = score;
      best = offset;
    }
  }
  return best;
}

/** Indices of the (start, keyword) pairs in `pairs`, ordered by start and then keyword, as KeywordMatcher reports them. */
function sortedPairs(pairs: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) order.push(i);
  return order.sort((a, b) => (pairs[a] as number) - (pairs[b] as number) || (pairs[a + 1] as number) - (pairs[b + 1] as number));
}

/**
 * A CSR index of (key, keyword) pairs: the keywords of key g are entries[starts[g] .. starts[g + 1]], in pair order.
 * `starts[g]` is the number of pairs with a key below g, so it is constant between two keys in use: filled by range
 * (a built-in), not by a loop over all 64 K keys, which a fresh thread would run in the interpreter.
 */
function bucketIndex(keys: number, pairs: readonly [number, number][]): { starts: Uint32Array; entries: Uint32Array } {
  const order = pairs.map((_, i) => i).sort((a, b) => (pairs[a] as [number, number])[0] - (pairs[b] as [number, number])[0] || a - b);
  const starts = new Uint32Array(keys + 1);
  const entries = new Uint32Array(pairs.length);
  let filled = 0;
  order.forEach((i, at) => {
    const [key, k] = pairs[i] as [number, number];
    entries[at] = k;
    if (key >= filled) {
      starts.fill(at, filled, key + 1);
      filled = key + 1;
    }
  });
  starts.fill(pairs.length, filled);
  return { starts, entries };
}

/** The hash `scanQuads` computes at a window start: the 4 bytes as a little-endian word, OR 0x20 on every byte. */
function quadHash(bytes: Uint8Array): number {
  const word = ((bytes[0] as number) | ((bytes[1] as number) << 8) | ((bytes[2] as number) << 16) | ((bytes[3] as number) << 24)) | 0x20202020;
  return Math.imul(word, 0x9e3779b1) >>> 16;
}
