import { lstatSync, readFileSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
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

function layerFor(dirAbs: string, base: string, names: ReadonlySet<string>): Layer | undefined {
  const present = ignoreFiles.filter((name) => names.has(name));
  if (present.length === 0) return undefined;
  const rules = ignore({ allowRelativePaths: true });
  for (const name of present) {
    try {
      rules.add(readFileSync(path.join(dirAbs, name), 'utf8'));
    } catch {
      // an unreadable ignore file ignores nothing
    }
  }
  return { base, rules };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/**
 * Walks a tree depth-first in name order, honouring nested .gitignore and .goliveignore files and extra patterns.
 * Never follows symbolic links and never opens anything but ignore files; what it leaves out for a reason
 * other than an ignore rule is reported as `skipped`. Directory listing is synchronous: it is a small
 * share of a scan and far cheaper than one promise per entry.
 */
export function* walk(root: string, extraIgnores: readonly string[], signal?: AbortSignal): Generator<WalkEntry> {
  const rootStat = statSync(root);
  if (rootStat.isFile()) {
    yield { kind: 'file', file: { abs: root, rel: path.basename(root) } };
    return;
  }
  const base: Layer[] = extraIgnores.length > 0 ? [{ base: '', rules: ignore({ allowRelativePaths: true }).add([...extraIgnores]) }] : [];
  const stack: { abs: string; rel: string; layers: Layer[] }[] = [{ abs: root, rel: '', layers: base }];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop() as { abs: string; rel: string; layers: Layer[] };
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      yield { kind: 'skipped', skipped: { file: dir.rel || '.', reason: 'unreadable', detail: `directory: ${errorCode(error)}` } };
      continue;
    }
    const own = layerFor(dir.abs, dir.rel, new Set(entries.map((e) => e.name)));
    const layers = own === undefined ? dir.layers : [...dir.layers, own];
    const subdirs: { abs: string; rel: string; layers: Layer[] }[] = [];
    for (const entry of entries) {
      if (alwaysSkipped.has(entry.name)) continue;
      const abs = path.join(dir.abs, entry.name);
      const rel = dir.rel === '' ? entry.name : `${dir.rel}/${entry.name}`;
      let info: Dirent | Stats = entry;
      if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
        try {
          info = lstatSync(abs);
        } catch (error) {
          yield { kind: 'skipped', skipped: { file: rel, reason: 'unreadable', detail: errorCode(error) } };
          continue;
        }
      }
      const isDir = info.isDirectory();
      if (layers.length > 0 && ignoredBy(layers, rel, isDir)) continue;
      if (isDir) subdirs.push({ abs, rel, layers });
      else if (info.isFile()) yield { kind: 'file', file: { abs, rel } };
      else if (info.isSymbolicLink()) yield { kind: 'skipped', skipped: describeLink(abs, rel) };
      else {
        const what = info.isFIFO() ? 'named pipe (FIFO)' : info.isSocket() ? 'socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'device' : 'special file';
        yield { kind: 'skipped', skipped: { file: rel, reason: 'not-a-file', detail: `${what}; not opened` } };
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i] as { abs: string; rel: string; layers: Layer[] });
  }
}

function describeLink(abs: string, rel: string): SkippedFile {
  try {
    const target = statSync(abs);
    const what = target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'special file';
    return { file: rel, reason: 'not-a-file', detail: `symbolic link to a ${what}; links are not followed` };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return { file: rel, reason: 'symlink-loop', detail: 'symbolic link loop' };
    return { file: rel, reason: 'unreadable', detail: code === 'ENOENT' ? 'broken symbolic link' : code };
  }
}
