import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Folders where mini-program projects usually live, tried in order. */
const usualFolders = ['miniprogram', 'apps/miniprogram', 'weapp', 'mp', 'client', 'frontend', '.'];

async function hasProjectConfig(folder: string): Promise<boolean> {
  try {
    await access(join(folder, 'project.config.json'));
    return true;
  } catch {
    return false;
  }
}

/** The mini-program folder of a project (the one holding project.config.json), relative to cwd; undefined when none is found. */
export async function detectMiniprogramDir(cwd: string): Promise<string | undefined> {
  for (const folder of usualFolders) if (await hasProjectConfig(join(cwd, folder))) return folder;
  const entries = await readdir(cwd, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules' && (await hasProjectConfig(join(cwd, entry.name)))) return entry.name;
  }
  return undefined;
}
