import { comparePlan, type PlanComparison } from './compare.js';
import { lessonView, type LessonView } from './derive.js';
import { loadLessons, type LoadedLesson } from './lessons/load.js';
import type { ProjectProfile } from './profile.js';
import { suggestFor, type Suggestion } from './propose.js';
import { readProject } from './read-project.js';

export type { PlanComparison, StaleEntry } from './compare.js';
export type { Suggestion } from './propose.js';
export { mergeIntoPlan, rebaseSuggestions } from './merge.js';

/** Everything `golive suggest` found for one project. */
export interface SuggestResult {
  readonly profile: ProjectProfile;
  readonly view: LessonView;
  readonly lessons: readonly LoadedLesson[];
  readonly suggestions: readonly Suggestion[];
}

/** Reads a project and proposes what its launch must check, from golive's lessons and the team's own. */
export async function suggestProject(root: string, options: { lessonsDir?: string } = {}): Promise<SuggestResult> {
  const profile = await readProject(root);
  const lessons = await loadLessons(profile.root, options.lessonsDir ? { builtinDir: options.lessonsDir } : {});
  const view = lessonView(profile);
  return { profile, view, lessons, suggestions: suggestFor(lessons, view) };
}

/** Compares a plan's data with the suggestions of a project; `planFolder` is the plan's folder relative to the project root. */
export function compareWithPlan(result: SuggestResult, planData: unknown, planFolder = ''): PlanComparison {
  return comparePlan(planData, result.suggestions, result.view, planFolder);
}
