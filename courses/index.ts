export { topics, topicKeys, levelKeys, type LevelKey, type Topic } from './catalog/topics';
export * as catalogSchemas from './catalog/catalog.schemas';
export {
  cascadeCompletionJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
} from './completion';
export { moduleProgressId } from './progress/progress.service';
export { coursesComponent } from './manifest';
export { ensurePublishedCourse, ensurePublishedSpecialization } from './catalog/catalog-seed';
export { renderLessonMarkdown } from './authoring/markdown';
export { completionKeys } from './completion/completion-rules';
export {
  findCompletion,
  findCompletionById,
  listCredentialCompletions,
  streamCompletionsOf,
  type RecordedCompletionView,
} from './completion/completion.queries';
export { findSessionProgress } from './progress/attendance-credit.service';
export {
  findCourseHours,
  listCourseEvidence,
  type CourseEvidence,
} from './completion/credential-evidence';
export { courseStaffOnly, type Actor } from './authoring/course-access';
export { listPlacementChoices } from './authoring/authoring.service';
export {
  findEditableCourse,
  findSpecializationLevels,
  isArchivedCourse,
  isPublishedCourse,
  listPublishedCourses,
  listPublishedCourseTitles,
  listPublishedLiveSessions,
  listPublishedSpecializations,
  listSpecializationsByIds,
  type LiveSessionModule,
  type PublishedCourseOutline,
  type SpecializationOutline,
} from './catalog/catalog-queries';
export {
  hasActiveEnrollment,
  listActiveStudentIds,
  streamEnrollments,
  type EnrollmentFact,
} from './enrollment/enrollment-queries';
export {
  enrollByStaff,
  enrollInLevel,
  enrollInSpecialization,
  findStudentsAlreadyIn,
  unenrollFromCourse,
  type EnrollmentResult,
  type StaffEnrollmentTarget,
} from './enrollment/enrollment.service';
export {
  findCourseTitle,
  findPublishedCourseEdition,
  listRunningEditions,
  type CourseEditionView,
} from './enrollment/edition-queries';
export { grantAllCoursesAccess } from './enrollment/access-grant.service';
export type { CompletionContext } from './completion/completion.service';
export {
  listSessionPresence,
  streamActivePeriods,
  streamCourseCompletions,
  type SessionPresence,
} from './insights/course-facts';
export { getCourseInsights, type CourseInsights } from './insights/course-insights.service';
