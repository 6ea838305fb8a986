import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { Detector } from './detect/detector.js';
import { detectors } from './detect/registry.js';
import { emptyFacts, type ProfileFacts, type ProjectProfile } from './profile.js';
import { listProjectFiles, readProjectFile } from './walk.js';

function merge(into: Record<string, unknown[]>, part: Partial<ProfileFacts>): void {
  for (const [key, values] of Object.entries(part)) (into[key] ??= []).push(...(values as unknown[]));
}

/** Reads a project folder into its profile: one walk, each file read once by the detectors that want it. */
export async function readProject(path: string): Promise<ProjectProfile> {
  const root = resolve(path);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new GoliveError('suggest.project', bi(`project folder not found: ${root}`, `找不到项目目录：${root}`));
  const files = await listProjectFiles(root);
  const wanted: { rel: string; name: string; by: Detector[] }[] = [];
  const all = Object.values(detectors) as Detector[];
  for (const rel of files) {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    const by = all.filter((detector) => detector.wants(rel, name));
    if (by.length > 0) wanted.push({ rel, name, by });
  }

  const collected: Record<string, unknown[]> = {};
  for (const entry of wanted) {
    const text = readProjectFile(root, entry.rel);
    if (text === undefined) continue;
    for (const detector of entry.by) merge(collected, detector.read({ rel: entry.rel, name: entry.name, text }));
  }

  const facts = { ...emptyFacts, ...collected } as ProfileFacts;
  return { ...facts, miniprograms: withFrameworks(facts), root, files };
}

/** A project.config.json next to a package.json that depends on Taro is a Taro project. */
function withFrameworks(facts: ProfileFacts): ProfileFacts['miniprograms'] {
  return facts.miniprograms.map((program) => {
    if (program.framework !== 'native') return program;
    const taro = facts.packages.some((pkg) => pkg.file === (program.dir === '' ? 'package.json' : `${program.dir}/package.json`) && pkg.dependencies.some((name) => name.startsWith('@tarojs/')));
    return taro ? { ...program, framework: 'taro' as const } : program;
  });
}
