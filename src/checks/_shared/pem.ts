import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';

/** Reads a PEM file named in a spec (relative to the plan); an unreadable file means the check cannot run. */
export async function readPemFile(planDir: string, file: string | undefined, field: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const path = resolve(planDir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ProbeError(bi(`cannot read ${field} file ${path} (${reason})`, `无法读取 ${field} 文件 ${path}（${reason}）`), { cause: error });
  }
}
