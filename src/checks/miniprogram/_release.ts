import { git } from '../_shared/git.js';

/** `1.4.0` / `v1.4.0` / `1.4.0-rc.1` → [1, 4, 0]; undefined when it is not a version. */
export function versionParts(text: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** Positive when a is newer than b. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The newest release tag matching `pattern` in the repository holding `dir`, by version order; undefined without tags or git. */
export async function lastReleaseTag(dir: string, pattern: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    const output = await git(['tag', '--list', pattern], dir, signal);
    if (output.code !== 0) return undefined;
    const tags = output.stdout.split('\n').map((tag) => tag.trim()).filter((tag) => versionParts(tag) !== undefined);
    return tags.sort((a, b) => compareVersions(versionParts(b) ?? [], versionParts(a) ?? []))[0];
  } catch (error) {
    if (signal.aborted) throw error;
    return undefined;
  }
}
