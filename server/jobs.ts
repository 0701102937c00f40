import { deliverEmailJob } from '../mail';
import { issueAwardJob } from '../badges/awards/issue-award.job';
import { renderCertificateJob } from '../badges/certificates/render-certificate.job';
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
  renderCertificateJob,
] as unknown as JobDefinition<never>[];
