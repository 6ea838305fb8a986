import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

/** Script files a mini-program ships, and the single-file components Taro and uni-app sources hold; .wxml and styles carry no request code. */
const codeExtensions = new Set(['.js', '.mjs', '.cjs', '.ts', '.wxs', '.jsx', '.tsx', '.vue']);
/** Folders that are not uploaded (dependencies, tooling) or not run in production (tests). */
const skippedFolders = new Set(['node_modules', 'miniprogram_npm', 'test', 'tests', '__tests__', '__mocks__', 'coverage', 'typings']);
const testFile = /\.(test|spec)\.[cm]?[jt]s$/;
/** Big generated bundles are read up to this size; larger files are listed as skipped. */
const maxFileBytes = 1024 * 1024;
const maxFiles = 5000;

/** Where the API base URL usually lives (REFERENCE §2.3): folders and files under the source root. */
export const baseUrlFolders = ['config', 'configs', 'utils', 'util', 'api', 'apis', 'services', 'service', 'common', 'env', 'request', 'http', 'constants'];
export const baseUrlRootFiles = ['app.js', 'app.ts', 'config.js', 'config.ts', 'env.js', 'env.ts'];

/** One entry of project.config.json `packOptions.ignore`: files the devtools leave out of the upload. */
export interface PackIgnore {
  readonly type: string;
  readonly value: string;
}

export interface SourceFile {
  /** Absolute path. */
  readonly path: string;
  /** Path relative to the source root, with forward slashes. */
  readonly rel: string;
}

export interface SourceListing {
  readonly files: SourceFile[];
  /** Files left unread, with why (too large, file limit reached). */
  readonly skipped: string[];
}

function ignoredByPackOptions(rel: string, isFolder: boolean, ignores: readonly PackIgnore[]): boolean {
  const name = rel.split('/').at(-1) ?? rel;
  return ignores.some(({ type, value }) => {
    const normalized = value.replace(/^\.?\//, '').replace(/\/$/, '');
    switch (type) {
      case 'folder':
        return isFolder && (rel === normalized || rel.startsWith(`${normalized}/`));
      case 'file':
        return !isFolder && rel === normalized;
      case 'suffix':
        return !isFolder && name.endsWith(value);
      case 'prefix':
        return name.startsWith(value);
      case 'regexp':
        return safeRegex(value)?.test(rel) ?? false;
      default:
        return false;
    }
  });
}

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

/** Lists the script files under `root` that would be uploaded, skipping dependencies, tests and packOptions.ignore. */
export async function listSources(root: string, ignores: readonly PackIgnore[], signal: AbortSignal): Promise<SourceListing> {
  const files: SourceFile[] = [];
  const skipped: string[] = [];
  async function walk(dir: string): Promise<void> {
    if (signal.aborted) throw signal.reason;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || skippedFolders.has(entry.name) || ignoredByPackOptions(rel, true, ignores)) continue;
        await walk(path);
      } else if (entry.isFile() && codeExtensions.has(extname(entry.name)) && !testFile.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        if (ignoredByPackOptions(rel, false, ignores)) continue;
        if (files.length >= maxFiles) {
          skipped.push(`${rel} (more than ${maxFiles} files)`);
          continue;
        }
        files.push({ path, rel });
      }
    }
  }
  await walk(root);
  return { files, skipped };
}

/** Reads a source file as text, or undefined (with the reason in `skipped`) when it is too large or unreadable. */
export async function readSource(file: SourceFile, skipped: string[], signal: AbortSignal): Promise<string | undefined> {
  const info = await stat(file.path).catch(() => undefined);
  if (!info) return undefined;
  if (info.size > maxFileBytes) {
    skipped.push(`${file.rel} (larger than 1 MB)`);
    return undefined;
  }
  return readFile(file.path, { encoding: 'utf8', signal }).catch((error: unknown) => {
    if (signal.aborted) throw error;
    skipped.push(`${file.rel} (unreadable)`);
    return undefined;
  });
}

/** True when a file is where base-URL constants are looked for by default. */
export function isDefaultBaseUrlFile(rel: string): boolean {
  const [first, ...rest] = rel.split('/');
  return rest.length === 0 ? baseUrlRootFiles.includes(first ?? '') : baseUrlFolders.includes(first ?? '');
}
