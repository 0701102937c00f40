import type { JobDefinition } from '../../server/queue';
import { rebuildAllLearnerRecords } from './learner-record.service';

/** Rebuilds the learner records from their sources (daily): repairs a record that missed a write. */
export const rebuildLearnerRecordsJob: JobDefinition<Record<string, never>> = {
  name: 'rebuild-learner-records',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: 100,
    repeat: { every: 24 * 60 * 60 * 1000 },
  },
  async perform(_data, { logger }) {
    const started = Date.now();
    const result = await rebuildAllLearnerRecords();
    logger.info({ ...result, ms: Date.now() - started }, 'learner records rebuilt');
  },
};
