import { z } from 'zod';
import { toBase, type Unit } from '../../expect/units.js';

const sizePattern = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)\s*$/;

/** A size: a number of bytes or `512KB`, `1MB`, `2GB` (1 KB = 1024 B, like conditions). */
export const sizeField = z
  .union([z.number().int().positive(), z.string().regex(sizePattern, 'expected a size such as 512KB, 1MB or 2GB (or a number of bytes)')])
  .describe('A size: 512KB, 1MB, 2GB (or a number of bytes)');

/** Bytes of a validated size field. */
export function sizeBytes(value: z.infer<typeof sizeField>): number {
  if (typeof value === 'number') return value;
  const [, amount, unit] = sizePattern.exec(value) ?? [];
  return Math.floor(toBase(Number(amount), unit as Unit));
}
