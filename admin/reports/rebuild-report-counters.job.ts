import { recomputeJob } from '../../platform/queue';
import { rebuildReportCounters } from './report-counters.service';

/** Recounts the report counters from their sources (daily): repairs any drift, fills history. */
export const rebuildReportCountersJob = recomputeJob(
  'rebuild-report-counters',
  24 * 60 * 60 * 1000,
  rebuildReportCounters,
  'report counters rebuilt',
);
