import type { Dirent, Stats } from 'node:fs';
import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedFile } from './types.js';

/** A regular file the walk found (nothing has been opened yet; size is checked on the open descriptor). */
export interface WalkFile {
  abs: string;
  /** Relative to the scan root, posix separators. */
  rel: string;
}

export type WalkEntry = { kind: 'file'; file: WalkFile } | { kind: 'skipped'; skipped: SkippedFile };

interface Layer {
  /** Directory of the ignore file, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

const alwaysSkipped = new Set(['.git', 'node_modules']);
const ignoreFiles = ['.gitignore', '.goliveignore'];

function ignoredBy(layers: readonly Layer[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const sub = layer.base === '' ? rel : rel.slice(layer.base.length + 1);
    const result = layer.rules.test(isDir ? `${sub}/` : sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

async function layerFor(dirAbs: string, base: string): Promise<Layer | undefined> {
  const rules = ignore({ allowRelativePaths: true });
  let found = false;
  for (const name of ignoreFiles) {
    try {
      rules.add(await readFile(path.join(dirAbs, name), 'utf8'));
      found = true;
    } catch {
      // absent or unreadable ignore files change nothing
    }
  }
  return found ? { base, rules } : undefined;
}

/**
 * Walks a tree depth-first in name order, honouring nested .gitignore and .goliveignore files and extra patterns.
 * Never follows symbolic links and never opens anything but ignore files; what it leaves out for a reason
 * other than an ignore rule is yielded as `skipped`.
 */
export async function* walk(root: string, extraIgnores: readonly string[], signal?: AbortSignal): AsyncGenerator<WalkEntry> {
  const rootStat = await stat(root);
  if (rootStat.isFile()) {
    yield { kind: 'file', file: { abs: root, rel: path.basename(root) } };
    return;
  }
  const base: Layer[] = extraIgnores.length > 0 ? [{ base: '', rules: ignore({ allowRelativePaths: true }).add([...extraIgnores]) }] : [];
  yield* walkDir(root, '', base, signal);
}

async function* walkDir(dirAbs: string, dirRel: string, parentLayers: Layer[], signal?: AbortSignal): AsyncGenerator<WalkEntry> {
  signal?.throwIfAborted();
  let entries: Dirent[];
  try {
    entries = (await readdir(dirAbs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    yield { kind: 'skipped', skipped: { file: dirRel || '.', reason: 'unreadable', detail: `directory: ${(error as NodeJS.ErrnoException).code ?? 'error'}` } };
    return;
  }
  const own = await layerFor(dirAbs, dirRel);
  const layers = own === undefined ? parentLayers : [...parentLayers, own];
  for (const entry of entries) {
    const name = entry.name;
    if (alwaysSkipped.has(name)) continue;
    const abs = path.join(dirAbs, name);
    const rel = dirRel === '' ? name : `${dirRel}/${name}`;
    let info: Dirent | Stats = entry;
    if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
      try {
        info = await lstat(abs);
      } catch (error) {
        yield { kind: 'skipped', skipped: { file: rel, reason: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? 'error' } };
        continue;
      }
    }
    const isDir = info.isDirectory();
    if (ignoredBy(layers, rel, isDir)) continue;
    if (isDir) {
      yield* walkDir(abs, rel, layers, signal);
    } else if (info.isFile()) {
      yield { kind: 'file', file: { abs, rel } };
    } else if (info.isSymbolicLink()) {
      yield { kind: 'skipped', skipped: await describeLink(abs, rel) };
    } else {
      const what = info.isFIFO() ? 'named pipe (FIFO)' : info.isSocket() ? 'socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'device' : 'special file';
      yield { kind: 'skipped', skipped: { file: rel, reason: 'not-a-file', detail: `${what}; not opened` } };
    }
  }
}

async function describeLink(abs: string, rel: string): Promise<SkippedFile> {
  try {
    const target = await stat(abs);
    const what = target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'special file';
    return { file: rel, reason: 'not-a-file', detail: `symbolic link to a ${what}; links are not followed` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { file: rel, reason: 'symlink-loop', detail: 'symbolic link loop' };
    return { file: rel, reason: 'unreadable', detail: code === 'ENOENT' ? 'broken symbolic link' : (code ?? 'error') };
  }
}
