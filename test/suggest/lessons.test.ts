import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectorNames, detectors } from '../../src/suggest/detect/registry.js';
import { builtinLessonsDir, loadLessons } from '../../src/suggest/lessons/load.js';

describe('golive\'s lessons', () => {
  it('all load, one file per lesson named by its id, and every seed taught at least one', async () => {
    const files = (await readdir(builtinLessonsDir)).filter((name) => name.endsWith('.yaml')).sort();

    const lessons = await loadLessons('/nonexistent-project');

    expect(lessons.map((loaded) => `${loaded.lesson.id}.yaml`).sort()).toEqual(files);
    expect(new Set(lessons.map((loaded) => loaded.lesson.source.seed))).toEqual(new Set(['000', '001', '002', '003', '004']));
    for (const { lesson } of lessons) {
      expect(lesson.lesson.zh, lesson.id).toMatch(/[\u4e00-\u9fff]/);
      expect(lesson.lesson.en, lesson.id).toMatch(/seeds? 00\d/);
    }
  });
});

describe('detectors', () => {
  it('the registry lists every detector file of src/suggest/detect/', async () => {
    const dir = join(import.meta.dirname, '../../src/suggest/detect');
    const sources = (await readdir(dir)).filter((name) => name.endsWith('.ts') && !['detector.ts', 'registry.ts', 'domains.ts'].includes(name));

    const modules = await Promise.all(sources.map(async (name) => (await import(join(dir, name))) as Record<string, unknown>));
    const exported = modules.flatMap((module) => Object.entries(module).filter(([key]) => key.endsWith('Detector')).map(([, value]) => value));

    expect(new Set(exported)).toEqual(new Set(Object.values(detectors)));
    expect(Object.keys(detectors)).toEqual([...detectorNames]);
  });
});
