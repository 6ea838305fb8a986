import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

/** The person doing something: the name given (`--by`), then `git config user.name` in `cwd`, then the OS user. */
export function whoAmI(by: string | undefined, cwd: string): string {
  if (by && by.trim()) return by.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 2_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (name) return name;
  } catch {
    // No git, or no user.name: fall through to the OS user.
  }
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
