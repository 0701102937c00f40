// The completion rules, as pure functions over ids: every edge case is a unit test here.

/** Course complete = every required module of the version the student is on is complete. */
export function isCourseComplete(
  modules: { id: string; required: boolean }[],
  completedModuleIds: ReadonlySet<string>,
): boolean {
  const required = modules.filter((module) => module.required);
  // A course with nothing required cannot be "completed" by doing nothing.
  return required.length > 0 && required.every((module) => completedModuleIds.has(module.id));
}

/** Level complete = every (published) course of the level complete; an empty level never is. */
export function isLevelComplete(
  levelCourseIds: string[],
  completedCourseIds: ReadonlySet<string>,
): boolean {
  return levelCourseIds.length > 0 && levelCourseIds.every((id) => completedCourseIds.has(id));
}

/**
 * Specialization complete = every level that has courses is complete. A level without (published)
 * courses has nothing to complete and does not block; a specialization with no courses at all
 * never completes.
 */
export function isSpecializationComplete(
  levels: { key: string; courseIds: string[] }[],
  completedLevelKeys: ReadonlySet<string>,
): boolean {
  const levelsWithCourses = levels.filter((level) => level.courseIds.length > 0);
  return (
    levelsWithCourses.length > 0 &&
    levelsWithCourses.every((level) => completedLevelKeys.has(level.key))
  );
}

export const completionKeys = {
  course: (courseId: string) => `course:${courseId}`,
  level: (specializationId: string, level: string) => `level:${specializationId}:${level}`,
  specialization: (specializationId: string) => `specialization:${specializationId}`,
};

/** What a completion key names. */
export function parseCompletionKey(key: string): {
  scope: 'course' | 'level' | 'specialization';
  course?: string;
  specialization?: string;
  level?: string;
} {
  const [scope, id, level] = key.split(':') as [string, string, string | undefined];
  if (scope === 'course') return { scope, course: id };
  if (scope === 'level') return { scope, specialization: id, level };
  return { scope: 'specialization', specialization: id };
}
