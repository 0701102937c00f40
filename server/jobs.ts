import { deliverEmailJob } from '../mail';
import { issueAwardJob } from '../badges/awards/issue-award.job';
import {
  cascadeCompletionJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
} from '../courses';
import type { JobDefinition } from './queue';

/** Every job the worker runs. A new job is added here. */
export const allJobs = [
  deliverEmailJob,
  cascadeCompletionJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
  issueAwardJob,
] as unknown as JobDefinition<never>[];
