import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * WeChat's code-package limits for a mini-program: 2 MB for the main package and for each
 * subpackage, 20 MB for all of them together — what servicewechat.com's getattr answers for a
 * normal account (`MaxCodeSize`, `MaxSubpackageSubCodeSize`, `MaxSubpackageFullCodeSize`, in MB).
 */
export const wechatLimits = { main: 2 * 1024 * 1024, subpackage: 2 * 1024 * 1024, total: 20 * 1024 * 1024 } as const;

export interface PackageLimits {
  readonly main: number;
  readonly subpackage: number;
  readonly total: number;
}

export interface PackageSize {
  /** `__APP__` for the main package, else the subpackage root. */
  readonly name: string;
  readonly bytes: number;
  readonly limit: number;
}

export interface PackageSizes {
  readonly packages: readonly PackageSize[];
  readonly total: number;
  /** Packages over their limit, and `__FULL__` when the total is. */
  readonly over: readonly string[];
}

/** Files in the build output that are not uploaded: the private settings and source maps (miniprogram-ci leaves `.map` out of the size). */
const notShipped = /^project\.private\.config\.json$|\.map$/;

async function files(root: string, signal: AbortSignal): Promise<{ rel: string; bytes: number }[]> {
  const found: { rel: string; bytes: number }[] = [];
  async function walk(dir: string): Promise<void> {
    if (signal.aborted) throw signal.reason;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && !notShipped.test(entry.name)) found.push({ rel: relative(root, path).split(sep).join('/'), bytes: (await stat(path)).size });
    }
  }
  await walk(root);
  return found;
}

/** Sizes of the main package and each subpackage of a build output, against the limits. */
export async function packageSizes(outputDir: string, subpackageRoots: readonly string[], limits: PackageLimits, signal: AbortSignal): Promise<PackageSizes> {
  const roots = subpackageRoots.map((root) => root.replace(/^\.?\//, '').replace(/\/?$/, '/'));
  const sizes = new Map<string, number>([['__APP__', 0], ...roots.map((root) => [root.slice(0, -1), 0] as const)]);
  let total = 0;
  for (const file of await files(outputDir, signal)) {
    const owner = roots.find((root) => file.rel.startsWith(root))?.slice(0, -1) ?? '__APP__';
    sizes.set(owner, (sizes.get(owner) ?? 0) + file.bytes);
    total += file.bytes;
  }
  const packages = [...sizes].map(([name, bytes]) => ({ name, bytes, limit: name === '__APP__' ? limits.main : limits.subpackage }));
  const over = [...packages.filter((entry) => entry.bytes > entry.limit).map((entry) => entry.name), ...(total > limits.total ? ['__FULL__'] : [])];
  return { packages, total, over };
}
