import { recomputeJob } from '../../platform/queue';
import { refreshTopicShares } from './reports.service';

/** Recounts the per-topic shares (all time, each year, each course language); hourly. */
export const refreshTopicSharesJob = recomputeJob(
  'refresh-topic-shares',
  60 * 60 * 1000,
  async () => ({ written: await refreshTopicShares() }),
  'topic shares refreshed',
);
