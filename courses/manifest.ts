import { component } from '../platform/component';
import { dropCollectionIfPresent } from '../platform/db';
import { authoringApi } from './authoring/authoring.api';
import { authoringPages } from './authoring/authoring.routes';
import { specializationAuthoringApi } from './authoring/specialization-authoring.api';
import { specializationAuthoringPages } from './authoring/specialization-authoring.routes';
import { catalogApi } from './catalog/catalog.api';
import { catalogPages, coursePictureRoutes } from './catalog/catalog.routes';
import { enrollmentApi } from './enrollment/enrollment.api';
import { enrollmentPages } from './enrollment/enrollment.routes';
import { learningApi } from './progress/learning.api';
import { learningPages } from './progress/learning.routes';
import { CourseVersionModel } from './catalog/course-version.model';
import { CourseModel } from './catalog/course.model';
import { SpecializationModel } from './catalog/specialization.model';
import { cascadeCompletionJob } from './completion/cascade-completion.job';
import { CompletionModel } from './completion/completion.model';
import { completionSubscriptions } from './completion/completion.subscriptions';
import { recomputeCourseCompletionsJob } from './completion/recompute-course-completions.job';
import { recomputeLevelCompletionsJob } from './completion/recompute-level-completions.job';
import { AccessGrantModel } from './enrollment/access-grant.model';
import { EditionModel, EditionSeatModel } from './enrollment/edition.model';
import { EnrollmentModel } from './enrollment/enrollment.model';
import { ActivePeriodModel } from './progress/active-period.model';
import { ModuleProgressModel } from './progress/module-progress.model';
import { progressSubscriptions } from './progress/progress.subscriptions';
import { remindUpcomingSessionsJob } from './progress/remind-upcoming-sessions.job';
import { sweepUnusedCourseImagesJob } from './catalog/sweep-unused-course-images.job';
import { QuizAttemptModel } from './quizzes/quiz-attempt.model';

export const coursesComponent = component({
  name: 'courses',
  models: [
    SpecializationModel,
    CourseModel,
    CourseVersionModel,
    EditionModel,
    EditionSeatModel,
    AccessGrantModel,
    EnrollmentModel,
    ActivePeriodModel,
    ModuleProgressModel,
    CompletionModel,
    QuizAttemptModel,
  ],
  jobs: [
    cascadeCompletionJob,
    recomputeCourseCompletionsJob,
    recomputeLevelCompletionsJob,
    remindUpcomingSessionsJob,
    sweepUnusedCourseImagesJob,
  ],
  subscriptions: [...completionSubscriptions, ...progressSubscriptions],
  migrations: [
    // The per-student copy of the learning state of before (read by `_id` while the dev store
    // used no other index): the state is read from its own collections now.
    { name: 'drop-learner-records', run: () => dropCollectionIfPresent('learner_records') },
  ],
  web: (context) => ({
    beforeSessions: { routes: [coursePictureRoutes()] },
    pages: [
      catalogPages(context.config.baseUrl),
      enrollmentPages(context),
      learningPages(context),
      authoringPages(context),
      specializationAuthoringPages(context),
    ],
    api: [
      catalogApi(),
      enrollmentApi(context),
      learningApi(context),
      authoringApi(context),
      specializationAuthoringApi(context),
    ],
  }),
});
