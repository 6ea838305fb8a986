import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** What git says about a tree before it is walked: whether its .gitignore files apply, and what they must not hide. */
export interface GitView {
  /** Apply .gitignore files (to what git does not track, in a work tree). */
  gitignore: boolean;
  /**
   * Files git tracks although a .gitignore pattern matches them (`git add -f`, or added before the pattern), relative
   * to the root, sorted (a repository that committed its node_modules has tens of thousands: see `trackedUnder`).
   */
  tracked: string[];
}

/**
 * A repository's .gitignore decides what git leaves out of commits, not what was committed: a file committed before
 * its pattern was added, or with `git add -f` (a `production.env`, a `*.key`), is in every clone and must be scanned.
 * So inside a work tree the scan asks git which tracked files .gitignore matches. Outside one nothing tells a deployed
 * folder (whose .env is meant to be there) from an export of a repository (where every file was committed):
 * .gitignore is honoured there unless `honour` is false (`--no-gitignore`, `scan.gitignore: false`). Without a usable
 * git (not installed, a repository it refuses to read) .gitignore applies to every file.
 */
export async function gitView(root: string, honour = true): Promise<GitView> {
  if (!honour) return { gitignore: false, tracked: [] };
  if (!insideWorkTree(root)) return { gitignore: true, tracked: [] };
  return new Promise((resolve) => {
    execFile('git', ['-C', root, 'ls-files', '-z', '--cached', '--ignored', '--exclude-standard'], { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 }, (error, stdout) => {
      if (error) resolve({ gitignore: true, tracked: [] });
      else resolve({ gitignore: true, tracked: stdout.split('\0').filter((file) => file !== '').sort() });
    });
  });
}

/** A `.git` directory (or a worktree's `.git` file) in the root or a directory above it. */
function insideWorkTree(root: string): boolean {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** The first index in sorted `files` whose path is not below `text` in string order. */
function lowerBound(files: readonly string[], text: string): number {
  let low = 0;
  let high = files.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((files[middle] as string) < text) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The tracked files below directory `dir` (relative to the root): one contiguous run of the sorted list. */
export function trackedUnder(tracked: readonly string[], dir: string): readonly string[] {
  if (tracked.length === 0) return tracked;
  // Every path that starts with `dir/` sorts at or after `dir/` and before `dir0` ('0' follows '/').
  return tracked.slice(lowerBound(tracked, `${dir}/`), lowerBound(tracked, `${dir}0`));
}

/** Whether git tracks the file `rel`. */
export function isTracked(tracked: readonly string[], rel: string): boolean {
  return tracked[lowerBound(tracked, rel)] === rel;
}
