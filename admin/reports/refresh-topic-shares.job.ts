import type { JobDefinition } from '../../server/queue';
import { refreshTopicShares } from './reports.service';

/** Recounts the per-topic shares (all time, each year, each course language); hourly. */
export const refreshTopicSharesJob: JobDefinition<Record<string, never>> = {
  name: 'refresh-topic-shares',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: 100,
    repeat: { every: 60 * 60 * 1000 },
  },
  async perform(_data, { logger }) {
    const started = Date.now();
    const written = await refreshTopicShares();
    logger.info({ written, ms: Date.now() - started }, 'topic shares refreshed');
  },
};
