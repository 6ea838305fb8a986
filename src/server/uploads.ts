import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bi } from '../core/text.js';
import { apiError } from './errors.js';

/** Largest evidence file accepted (a phone photo fits). */
export const maxUploadBytes = 10 * 1024 * 1024;

/** Accepted kinds, recognised by their first bytes; what the browser claims is never trusted. */
const signatures = [
  { mediaType: 'image/png', test: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mediaType: 'image/jpeg', test: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mediaType: 'image/gif', test: (b: Buffer) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')) },
  { mediaType: 'image/webp', test: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { mediaType: 'application/pdf', test: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { mediaType: 'text/plain; charset=utf-8', test: isPlainText },
] as const;

// Markup is refused even as text: a file a browser might render as a page has no place in evidence.
const markup = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|img|a|meta|style|xml|\?xml)\b/i;

function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !markup.test(text);
}

/** The media type of accepted bytes, or a bilingual 415. */
export function sniffMediaType(bytes: Buffer): string {
  const found = signatures.find((signature) => signature.test(bytes));
  if (!found) {
    throw apiError('upload.type', bi('evidence files must be a PNG, JPEG, GIF or WebP image, a PDF or plain text (HTML, SVG and scripts are refused)', '证据文件必须是 PNG、JPEG、GIF、WebP 图片、PDF 或纯文本（不接受 HTML、SVG 和脚本）'));
  }
  return found.mediaType;
}

/** The name a person gave, reduced to a harmless label: last path segment, no control characters, at most 100 characters. */
export function safeFileName(given: string): string {
  const last = given.split(/[\\/]/).pop() ?? '';
  const printable = [...last].filter((char) => (char.codePointAt(0) ?? 0) >= 0x20 && char !== '\u007f').join('');
  const cleaned = printable.replace(/["<>|:*?]/g, '').replace(/^\.+/, '').trim().slice(0, 100);
  return cleaned || 'evidence';
}

/** Writes accepted bytes under a random name in the uploads folder; returns what the database keeps. */
export async function storeUpload(uploadsDir: string, bytes: Buffer, fileName: string): Promise<{ id: string; fileName: string; mediaType: string; size: number; sha256: string }> {
  const mediaType = sniffMediaType(bytes);
  const id = `f-${randomBytes(16).toString('hex')}`;
  await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  await writeFile(join(uploadsDir, id), bytes, { mode: 0o600, flag: 'wx' });
  return { id, fileName: safeFileName(fileName), mediaType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Evidence references of uploaded files, as stored with a manual result. */
export function uploadRef(id: string): string {
  return `upload:${id}`;
}
