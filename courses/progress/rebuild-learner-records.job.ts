import { recomputeJob } from '../../platform/queue';
import { rebuildAllLearnerRecords } from './learner-record.service';

/** Rebuilds the learner records from their sources (daily): repairs a record that missed a write. */
export const rebuildLearnerRecordsJob = recomputeJob(
  'rebuild-learner-records',
  24 * 60 * 60 * 1000,
  rebuildAllLearnerRecords,
  'learner records rebuilt',
);
