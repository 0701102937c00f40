export { catalogPages } from './catalog/catalog.routes';
export { catalogApi } from './catalog/catalog.api';
export { CourseModel } from './catalog/course.model';
export { SpecializationModel } from './catalog/specialization.model';
export { topics, topicKeys, levelKeys, type LevelKey, type Topic } from './catalog/topics';
export * as catalogSchemas from './catalog/catalog.schemas';
export { enrollmentPages, enrollmentApi, EnrollmentModel } from './enrollment';
export {
  cascadeCompletionJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
} from './completion';
export { authoringApi } from './authoring/authoring.api';
export { learningApi } from './progress/learning.api';
export { CourseVersionModel } from './catalog/course-version.model';
export { CompletionModel } from './completion/completion.model';
export { ModuleProgressModel } from './progress/module-progress.model';
export { QuizAttemptModel } from './quizzes/quiz-attempt.model';
export { learningPages } from './progress/learning.routes';
export { authoringPages } from './authoring/authoring.routes';
export { EditionModel, EditionSeatModel } from './enrollment/edition.model';
export { AccessGrantModel } from './enrollment/access-grant.model';
export { ActivePeriodModel, periodsOf } from './progress/active-period.model';
export { createLearnerRecord, noteInLearnerRecord } from './progress/learner-record.service';
export { moduleProgressId } from './progress/progress.service';
export { rebuildLearnerRecordsJob } from './progress/rebuild-learner-records.job';
export { coursesComponent } from './manifest';
export { ensurePublishedCourse, ensurePublishedSpecialization } from './catalog/catalog-seed';
export { renderLessonMarkdown } from './authoring/markdown';
export { completionKeys } from './completion/completion-rules';
