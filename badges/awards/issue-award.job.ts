// Hung on the completion event: a level or specialization completion becomes its award.
import type { JobDefinition } from '../../server/queue';
import { renderCertificateJob } from '../certificates/render-certificate.job';
import { issueAwardForCompletion } from './award.service';

export const issueAwardJob: JobDefinition<{ completionId: string }> = {
  name: 'issue-award',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  concurrency: 2,
  async perform({ completionId }, { logger, services }) {
    const outcome = await issueAwardForCompletion(completionId);
    if (outcome.issued) {
      logger.info({ completionId, award: outcome.publicId }, 'award issued');
      await services.jobs.enqueue(
        renderCertificateJob,
        { publicId: outcome.publicId },
        `certificate:${outcome.publicId}`,
      );
    } else if (outcome.reason === 'no-achievement')
      logger.warn({ completionId }, 'completion has no achievement defined yet: no award');
  },
};
