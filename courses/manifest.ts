import { component } from '../platform/component';
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
import { LearnerRecordModel } from './progress/learner-record.model';
import { ModuleProgressModel } from './progress/module-progress.model';
import { progressSubscriptions } from './progress/progress.subscriptions';
import { rebuildLearnerRecordsJob } from './progress/rebuild-learner-records.job';
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
    LearnerRecordModel,
    CompletionModel,
    QuizAttemptModel,
  ],
  jobs: [
    cascadeCompletionJob,
    recomputeCourseCompletionsJob,
    recomputeLevelCompletionsJob,
    rebuildLearnerRecordsJob,
  ],
  subscriptions: [...completionSubscriptions, ...progressSubscriptions],
});
