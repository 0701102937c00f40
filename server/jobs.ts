import { deliverEmailJob } from '../mail';
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
] as unknown as JobDefinition<never>[];
