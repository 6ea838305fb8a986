import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
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
 * anything larger than `maxReadBytes`. Undefined when it cannot or should not be read.
 */
export async function readProjectFile(root: string, rel: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxReadBytes) return undefined;
    return (await handle.readFile({ encoding: 'utf8' })).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
