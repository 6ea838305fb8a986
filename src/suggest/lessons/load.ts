import { lstat, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { readProjectFile } from '../walk.js';
import { lessonSchema, type Lesson } from './schema.js';

/** golive's own lessons: `lessons/` at the package root (the same depth from src/ and dist/). */
export const builtinLessonsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../lessons');

/** Where a team keeps its own lessons, inside the project. */
export const teamLessonsFolder = '.golive/lessons';

/** A lesson and the file it came from. */
export interface LoadedLesson {
  readonly lesson: Lesson;
  readonly file: string;
  readonly origin: 'golive' | 'team';
}

/** Reads and validates every *.yaml in a folder; a missing folder has no lessons, a bad file is one clear error. */
async function readFolder(dir: string, origin: LoadedLesson['origin'], shownFrom: string): Promise<LoadedLesson[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name)).map((entry) => entry.name).sort();
  const lessons: LoadedLesson[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const shown = relative(shownFrom, path) || name;
    let data: unknown;
    try {
      const text = readProjectFile(dir, name);
      if (text === undefined) throw new Error('unreadable, a link, or larger than 1 MB');
      data = parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new GoliveError('suggest.lesson', bi(`lesson ${shown}: cannot read it as YAML: ${reason}`, `经验文件 ${shown}：无法按 YAML 读取：${reason}`));
    }
    const parsed = lessonSchema.safeParse(data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
      throw new GoliveError('suggest.lesson', bi(`lesson ${shown} is invalid: ${issues}`, `经验文件 ${shown} 无效：${issues}`));
    }
    lessons.push({ lesson: parsed.data, file: shown, origin });
  }
  return lessons;
}

/** golive's lessons with the team's (`.golive/lessons/` in the project) merged in; a team lesson with the same id replaces golive's. */
export async function loadLessons(projectRoot: string, options: { builtinDir?: string } = {}): Promise<LoadedLesson[]> {
  const builtin = await readFolder(options.builtinDir ?? builtinLessonsDir, 'golive', dirname(options.builtinDir ?? builtinLessonsDir));
  // A .golive or lessons folder that is a link could lead out of the project: it is not followed.
  const linked = await Promise.all(['.golive', teamLessonsFolder].map((part) => lstat(join(projectRoot, part)).then((info) => info.isSymbolicLink(), () => false)));
  const team = linked.some(Boolean) ? [] : await readFolder(join(projectRoot, teamLessonsFolder), 'team', projectRoot);
  const byId = new Map<string, LoadedLesson>();
  for (const loaded of [...builtin, ...team]) byId.set(loaded.lesson.id, loaded);
  return [...byId.values()];
}
