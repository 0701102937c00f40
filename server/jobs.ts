import { deliverEmailJob } from '../mail';
import { issueAwardJob } from '../badges/awards/issue-award.job';
import { renderCertificateJob } from '../badges/certificates/render-certificate.job';
import { issueMissingAwardsJob } from '../badges/awards/issue-missing-awards.job';
import { issueHeldAwardsJob } from '../badges/awards/issue-held-awards.job';
import {
  cascadeCompletionJob,
  rebuildLearnerRecordsJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
} from '../courses';
import {
  registerZoomRegistrantsJob,
  sweepLiveSessionsJob,
  syncLiveSessionJob,
} from '../attendance';
import { sendInvitationJob } from '../registrations';
import { rebuildReportCountersJob, refreshTopicSharesJob } from '../admin';
import type { JobDefinition } from '../platform/queue';

/** Every job the worker runs. A new job is added here. */
export const allJobs = [
  deliverEmailJob,
  cascadeCompletionJob,
  recomputeCourseCompletionsJob,
  recomputeLevelCompletionsJob,
  issueAwardJob,
  renderCertificateJob,
  issueMissingAwardsJob,
  issueHeldAwardsJob,
  syncLiveSessionJob,
  sweepLiveSessionsJob,
  sendInvitationJob,
  registerZoomRegistrantsJob,
  refreshTopicSharesJob,
  rebuildReportCountersJob,
  rebuildLearnerRecordsJob,
] as unknown as JobDefinition<never>[];

/** Jobs that run on a schedule (their options carry `repeat`); the worker schedules them. */
export const repeatingJobs = [
  sweepLiveSessionsJob,
  registerZoomRegistrantsJob,
  refreshTopicSharesJob,
  rebuildReportCountersJob,
  rebuildLearnerRecordsJob,
] as unknown as JobDefinition<object>[];
