import type { JobDefinition } from '../../server/queue';
import { rebuildReportCounters } from './report-counters.service';

/** Recounts the report counters from their sources (daily): repairs any drift, fills history. */
export const rebuildReportCountersJob: JobDefinition<Record<string, never>> = {
  name: 'rebuild-report-counters',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 60_000 },
    removeOnComplete: 100,
    repeat: { every: 24 * 60 * 60 * 1000 },
  },
  async perform(_data, { logger }) {
    const started = Date.now();
    const result = await rebuildReportCounters();
    logger.info({ ...result, ms: Date.now() - started }, 'report counters rebuilt');
  },
};
