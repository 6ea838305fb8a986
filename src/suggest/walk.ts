import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders that hold dependencies, build output or tool state, never the project's own configuration. */
const skippedFolders = new Set(['.git', 'node_modules', 'miniprogram_npm', 'coverage', '.next', '.nuxt', '.vercel', '.golive', 'unpackage', 'dist', '.cache', '.turbo', '__pycache__', 'vendor', 'target']);

/** Bigger files are not configuration: they are left unread. */
export const maxReadBytes = 1024 * 1024;

/**
 * Lists the regular files under `root`, relative paths with forward slashes. Symbolic links are
 * never followed (neither to files nor to folders), so nothing outside the project is listed.
 */
export async function listProjectFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) below.push(walk(join(dir, entry.name), path));
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
    await Promise.all(below);
  }
  await walk(root, '');
  return files.sort();
}

/**
 * Reads a file the walk listed, refusing to follow a link that replaced it since (O_NOFOLLOW) and
 * anything larger than `maxReadBytes`. Undefined when it cannot or should not be read. Synchronous on
 * purpose: thousands of small files read ~20× faster than through fs/promises file handles (bench/suggest).
 */
export function readProjectFile(root: string, rel: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxReadBytes) return undefined;
    return readFileSync(fd, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
