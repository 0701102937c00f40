export { cascadeCompletionJob } from './cascade-completion.job';
export { recomputeCourseCompletionsJob } from './recompute-course-completions.job';
export { recomputeLevelCompletionsJob } from './recompute-level-completions.job';
export { CompletionModel } from './completion.model';
export {
  listCompletions,
  recomputeStudentCompletion,
  type CompletionView,
} from './completion.service';
