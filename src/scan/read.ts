import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { pycSource } from './pyc.js';
import type { SkippedFile } from './types.js';

export type ReadResult =
  /** `buf` holds UTF-8 (a GB18030 file transcoded) or, when `validUtf8` is false, bytes that are neither; `size` is the file's. */
  | { ok: true; buf: Buffer; validUtf8: boolean; size: number }
  | { ok: false; skip: Omit<SkippedFile, 'file'> };

const binaryProbe = 8 * 1024;
const firstScratchBytes = 1024 * 1024;

const gb18030 = new TextDecoder('gb18030', { fatal: true });
const hanzi = /[\u4e00-\u9fff]/;

/**
 * A text file saved on Chinese Windows (Notepad's default before 2019: GBK, which GB18030 extends) as UTF-8, so its
 * labels (`密码：`, `秘钥`) wake the rules like any other file's; undefined for bytes that are not such text (Latin-1,
 * a binary without a NUL early on), which are scanned as they are.
 */
function fromGb18030(data: Buffer): Buffer | undefined {
  try {
    const text = gb18030.decode(data);
    return hanzi.test(text) ? Buffer.from(text, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One buffer per thread that every file is read into: a scan reads tens of thousands of files, and a fresh
 * Buffer for each costs allocation and garbage collection.
 */
let scratch = Buffer.allocUnsafe(firstScratchBytes);

/**
 * Reads one regular file once. Opens non-blocking so a FIFO swapped in after the walk cannot hang, and rejects
 * binaries (NUL in the first 8 KB) except Python bytecode, which comes back as its listing. The returned buffer is only
 * valid until the next call: it is the shared scratch.
 *
 * Only three system calls for a file that fits the scratch (open, read, close): a read that comes back short of
 * the buffer reached the end of the file. A read that fills it, or fails, is followed by `fstat` on the descriptor
 * to learn the size or what the file has become (a device or FIFO swapped in after the walk is a `not-a-file`).
 */
export function readCandidate(abs: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') return { ok: false, skip: { reason: 'symlink-loop', detail: 'symbolic link; not followed' } };
    return { ok: false, skip: { reason: 'unreadable', detail: code } };
  }
  try {
    let filled = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, scratch, filled, scratch.length - filled, filled);
      } catch (error) {
        return { ok: false, skip: classify(fd, maxBytes) ?? { reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'read error' } };
      }
      filled += n;
      if (n === 0 || filled < scratch.length) break;
      const full = classify(fd, maxBytes);
      if (full !== undefined) return { ok: false, skip: full };
      if (scratch.length >= maxBytes + 1) break;
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, scratch.length * 4));
      scratch.copy(grown, 0, 0, filled);
      scratch = grown;
    }
    if (filled > maxBytes) return { ok: false, skip: { reason: 'too-large', detail: `over ${maxBytes} bytes (limit)` } };
    const data = scratch.subarray(0, filled);
    // Python bytecode is read as the listing of what it stores (pyc.ts): a cleaned source's secrets live on in it.
    if (abs.endsWith('.pyc')) {
      const listing = pycSource(data);
      return listing === undefined ? { ok: false, skip: { reason: 'binary', detail: 'Python bytecode of an unsupported version' } } : { ok: true, buf: listing, validUtf8: true, size: filled };
    }
    if (data.subarray(0, binaryProbe).includes(0)) return { ok: false, skip: { reason: 'binary', detail: 'NUL byte in the first 8 KB' } };
    lineFeedsForCarriageReturns(data);
    if (isUtf8(data)) return { ok: true, buf: data, validUtf8: true, size: filled };
    const transcoded = fromGb18030(data);
    return transcoded === undefined ? { ok: true, buf: data, validUtf8: false, size: filled } : { ok: true, buf: transcoded, validUtf8: true, size: filled };
  } finally {
    closeSync(fd);
  }
}

/**
 * A file saved with the old Mac line ends (`\r` alone, a `.env` edited on one) is one line to every rule, and its
 * settings run together (`PASSWORD = …HOSTPORT = 3306`): its `\r`s become line feeds, in place, so lines and their
 * numbers are those an editor shows. A file with any line feed is left as it is (Windows' `\r\n` among them).
 */
function lineFeedsForCarriageReturns(data: Buffer): void {
  if (data.indexOf(10) !== -1) return;
  for (let at = data.indexOf(13); at !== -1; at = data.indexOf(13, at + 1)) data[at] = 10;
}

/** Why an open descriptor is not scanned (not a regular file, or over the limit), or undefined when it may be. */
function classify(fd: number, maxBytes: number): Omit<SkippedFile, 'file'> | undefined {
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { reason: 'not-a-file', detail: 'not a regular file' };
    if (stat.size > maxBytes) return { reason: 'too-large', detail: `${stat.size} bytes > limit ${maxBytes}` };
    return undefined;
  } catch (error) {
    return { reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'fstat error' };
  }
}
