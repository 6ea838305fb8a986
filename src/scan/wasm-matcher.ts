import { matcherWasmBase64 } from './_matcher-wasm.generated.js';
import { fold, KeywordMatcher } from './prefilter.js';

/** Window starts per call: the file is copied into WebAssembly memory this many bytes at a time. */
const chunkBytes = 256 * 1024;
/** Hits per call; a fuller chunk is finished in further calls. */
const hitCapacity = 4096;
/** Size of the 4-byte prefix bitmap (20-bit hash). */
const quadBits = 1 << 20;

/** The part of the WebAssembly JS API used here (the project's TypeScript lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface MatcherExports {
  scan(
    shift: number,
    bstart: number,
    bent: number,
    pat: number,
    fold: number,
    quads: number,
    buf: number,
    n: number,
    limit: number,
    i: number,
    m: number,
    out: number,
    cap: number,
  ): number;
  scanQuads(
    bstart: number,
    bent: number,
    pat: number,
    fold: number,
    quads: number,
    buf: number,
    n: number,
    limit: number,
    i: number,
    m: number,
    out: number,
    cap: number,
  ): number;
  resume: { value: number };
}

/** Where each table sits in one matcher's memory (see src/scan/matcher.wat). */
interface Layout {
  shift: number;
  bstart: number;
  bent: number;
  pat: number;
  fold: number;
  quads: number;
  out: number;
  buf: number;
  cap: number;
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
 * The same keyword search as `KeywordMatcher`, with `scan` running the Wu–Manber loop in WebAssembly
 * (no bounds checks, no JS number boxing). Each matcher owns a small memory (~0.6 MB) for its tables and one chunk.
 */
export class WasmKeywordMatcher extends KeywordMatcher {
  private runtime: { exports: MatcherExports; memory: WasmMemory; layout: Layout } | null | undefined;
  private readonly longest: number;

  constructor(keywords: readonly string[]) {
    super(keywords);
    this.longest = Math.max(0, ...this.patterns.map((p) => p.length));
  }

  /** Same hits in the same order as `KeywordMatcher.scan` (the property test in wasm-matcher.test.ts holds it to that). */
  override scan(buf: Uint8Array, onHit: (offset: number, keyword: number) => void): void {
    if (this.patterns.length === 0) return;
    const runtime = (this.runtime ??= this.instantiate());
    if (runtime === null) {
      super.scan(buf, onHit);
      return;
    }
    const { exports, memory, layout } = runtime;
    const m = this.window;
    for (let c0 = 0; c0 < buf.length; c0 += chunkBytes) {
      const c1 = Math.min(buf.length, c0 + chunkBytes);
      // Keywords starting before c1 may run up to longest - 1 bytes past it.
      const n = Math.min(buf.length, c1 + this.longest - 1) - c0;
      const limit = Math.min(c1 - c0 + m - 1, n);
      new Uint8Array(memory.buffer, layout.buf, n).set(buf.subarray(c0, c0 + n));
      let i = m - 1;
      while (i !== -1) {
        const count =
          layout.quads === 0
            ? exports.scan(layout.shift, layout.bstart, layout.bent, layout.pat, layout.fold, 0, layout.buf, n, limit, i, m, layout.out, layout.cap)
            : exports.scanQuads(layout.bstart, layout.bent, layout.pat, layout.fold, layout.quads, layout.buf, n, limit, i, m, layout.out, layout.cap);
        i = exports.resume.value;
        // Copied out first, so a callback that scans again with this matcher cannot overwrite them.
        const hits = new Uint32Array(memory.buffer, layout.out, count * 2).slice();
        for (let h = 0; h < hits.length; h += 2) onHit(c0 + (hits[h] as number), hits[h + 1] as number);
      }
    }
  }

  private instantiate(): { exports: MatcherExports; memory: WasmMemory; layout: Layout } | null {
    const module = wasmModule();
    if (module === null || wasm === undefined) return null;
    // Tables in WebAssembly order: the 16-bit load at i - 1 reads b[i - 1] | b[i] << 8, the JS tables index b[i - 1] << 8 | b[i].
    const shift = new Uint8Array(65536);
    const bstart = new Uint32Array(65537);
    const entries: number[] = [];
    for (let g = 0; g < 65536; g++) {
      const js = ((g & 255) << 8) | (g >> 8);
      shift[g] = this.shift[js] as number;
      bstart[g] = entries.length;
      entries.push(...(this.buckets[js] ?? []));
    }
    bstart[65536] = entries.length;
    const patternBytes = this.patterns.reduce((sum, p) => sum + p.length, 0);
    const cap = Math.max(hitCapacity, this.patterns.length);
    const m = this.window;

    let top = 8;
    const place = (bytes: number): number => {
      const at = top;
      top += (bytes + 7) & ~7;
      return at;
    };
    const layout: Layout = {
      shift: place(shift.length),
      bstart: place(bstart.byteLength),
      bent: place(entries.length * 4),
      pat: place(this.patterns.length * 8),
      fold: place(256),
      quads: m >= 4 ? place(quadBits / 8) : 0,
      out: place(cap * 8),
      buf: 0,
      cap,
    };
    const bytes = place(patternBytes);
    layout.buf = place(chunkBytes + this.longest + 8);
    const memory = new wasm.Memory({ initial: Math.ceil(top / 65536) });
    const u8 = new Uint8Array(memory.buffer);
    const u32 = new Uint32Array(memory.buffer);
    u8.set(shift, layout.shift);
    u32.set(bstart, layout.bstart / 4);
    u32.set(entries, layout.bent / 4);
    u8.set(fold, layout.fold);
    let at = bytes;
    this.patterns.forEach((p, k) => {
      u8.set(p, at);
      u32[layout.pat / 4 + 2 * k] = at;
      u32[layout.pat / 4 + 2 * k + 1] = p.length;
      at += p.length;
    });
    if (layout.quads !== 0) {
      for (const p of this.patterns) {
        for (const quad of caseVariantsOf(p.subarray(0, 4))) {
          const h = Math.imul(quad, 0x9e3779b1) >>> 12;
          u8[layout.quads + (h >>> 3)] = (u8[layout.quads + (h >>> 3)] as number) | (1 << (h & 7));
        }
      }
    }
    try {
      const instance = new wasm.Instance(module, { env: { memory } });
      return { exports: instance.exports as unknown as MatcherExports, memory, layout };
    } catch {
      return null;
    }
  }
}

/** Every upper/lower-case spelling of 4 folded bytes, as little-endian 32-bit words (what `i32.load` reads). */
function caseVariantsOf(bytes: Uint8Array): number[] {
  let words = [0];
  for (let q = 0; q < 4; q++) {
    const b = bytes[q] as number;
    const variants = b >= 97 && b <= 122 ? [b, b - 32] : [b];
    words = words.flatMap((w) => variants.map((v) => (w | (v << (8 * q))) >>> 0));
  }
  return words;
}
