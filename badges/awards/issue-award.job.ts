// Hung on the completion event: a level or specialization completion becomes its award.
import type { JobDefinition } from '../../server/queue';
import { issueAwardForCompletion } from './award.service';

export const issueAwardJob: JobDefinition<{ completionId: string }> = {
  name: 'issue-award',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  concurrency: 2,
  async perform({ completionId }, { logger }) {
    const outcome = await issueAwardForCompletion(completionId);
    if (outcome.issued) logger.info({ completionId, award: outcome.publicId }, 'award issued');
    else if (outcome.reason === 'no-achievement')
      logger.warn({ completionId }, 'completion has no achievement defined yet: no award');
  },
};
