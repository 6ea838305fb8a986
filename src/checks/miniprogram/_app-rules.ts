import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppJson } from './_project.js';

/** Page files the build must hold for each page app.json lists: a script (any of these) and a template. */
const scriptExtensions = ['.js', '.ts'];
const templateExtensions = ['.wxml'];
/** uni-app sources before a build: a page is one `.vue` (or `.nvue`) file. */
const singleFileExtensions = ['.vue', '.nvue'];

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}

async function anyOf(base: string, extensions: readonly string[]): Promise<boolean> {
  for (const extension of extensions) if (await exists(`${base}${extension}`)) return true;
  return false;
}

/** Every page path app.json declares, main package first, subpackage pages with their root. */
export function declaredPages(app: AppJson): string[] {
  const subpackages = app.subPackages ?? app.subpackages ?? [];
  return [...(app.pages ?? []), ...subpackages.flatMap((pkg) => (pkg.pages ?? []).map((page) => `${pkg.root.replace(/\/$/, '')}/${page}`))];
}

/** Pages app.json lists whose files are not in `root` (a script and a .wxml, or a single .vue file). */
export async function missingPages(root: string, app: AppJson): Promise<string[]> {
  const missing: string[] = [];
  for (const page of declaredPages(app)) {
    const base = join(root, page);
    const present = (await anyOf(base, scriptExtensions)) && (await anyOf(base, templateExtensions));
    if (!present && !(await anyOf(base, singleFileExtensions))) missing.push(page);
  }
  return missing;
}

/** `sitemapLocation` must name a JSON file in the package when set (WeChat refuses the build otherwise); unset means every page may be indexed. */
export async function sitemapProblem(root: string, app: AppJson): Promise<string | undefined> {
  const location = app.sitemapLocation;
  if (location === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(join(root, location), 'utf8');
  } catch {
    return `${location} (sitemapLocation) not found`;
  }
  try {
    const sitemap = JSON.parse(text) as { rules?: unknown };
    return Array.isArray(sitemap.rules) ? undefined : `${location} has no "rules" list`;
  } catch {
    return `${location} is not valid JSON`;
  }
}

/** WeChat refuses declaring the fuzzy location API together with a precise one. */
export function locationConflict(declared: readonly string[]): boolean {
  return declared.includes('getFuzzyLocation') && declared.some((api) => ['getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground'].includes(api));
}
