import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { SkippedFile } from './types.js';

export type ReadResult =
  | { ok: true; buf: Buffer; validUtf8: boolean }
  | { ok: false; skip: Omit<SkippedFile, 'file'> };

const binaryProbe = 8 * 1024;

/**
 * Reads one regular file once. Opens non-blocking so a FIFO swapped in after the walk cannot hang,
 * re-checks type and size on the open descriptor, and rejects binaries (NUL in the first 8 KB).
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
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, skip: { reason: 'not-a-file', detail: 'not a regular file' } };
    if (stat.size > maxBytes) return { ok: false, skip: { reason: 'too-large', detail: `${stat.size} bytes > limit ${maxBytes}` } };
    const buf = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const n = readSync(fd, buf, filled, stat.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    const data = filled === stat.size ? buf : buf.subarray(0, filled);
    if (data.subarray(0, binaryProbe).includes(0)) return { ok: false, skip: { reason: 'binary', detail: 'NUL byte in the first 8 KB' } };
    return { ok: true, buf: data, validUtf8: isUtf8(data) };
  } catch (error) {
    return { ok: false, skip: { reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'read error' } };
  } finally {
    closeSync(fd);
  }
}
