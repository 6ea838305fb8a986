import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { GoliveError, exitCodes } from '../core/errors.js';
import { bi } from '../core/text.js';

/** Writes the starter plan; refuses to replace an existing file unless `force`. Returns the absolute path. */
export async function writeStarterPlan(cwd: string, output: string, text: string, force: boolean): Promise<string> {
  const path = resolve(cwd, output);
  await mkdir(dirname(path), { recursive: true });
  try {
    // `wx` refuses in the same system call that creates the file: no window between a check and the write.
    await writeFile(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    const shown = relative(cwd, path) || path;
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new GoliveError('init.exists', bi(`${shown} already exists; pass --force to overwrite it, or -o to write another file`, `${shown} 已存在；使用 --force 覆盖，或用 -o 写到其他文件`), {
        exitCode: exitCodes.usage,
        cause: error,
      });
    }
    throw new GoliveError('init.write', bi(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, `无法写入 ${shown}：${(error as NodeJS.ErrnoException).code ?? String(error)}`), {
      cause: error,
    });
  }
  return path;
}
