// Hung on the completion event: a level or specialization completion becomes its award.
import type { JobDefinition, WorkerServices } from '../../platform/queue';
import type { QueryFilter } from 'mongoose';
import { CompletionModel, type Completion } from '../../courses/completion/completion.model';
import { sendEmail } from '../../mail';
import { renderCertificateJob } from '../certificates/render-certificate.job';
import { badgeUrls } from '../open-badges/ob2';
import { failpoint } from '../../platform/failpoints';
import { issueAwardForCompletion } from './award.service';

export const issueAwardJob: JobDefinition<{ completionId: string }> = {
  name: 'issue-award',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  concurrency: 2,
  async perform({ completionId }, { logger, services }) {
    const outcome = await issueAwardForCompletion(completionId);
    if (!outcome.awarded) {
      if (outcome.reason === 'no-achievement')
        logger.warn({ completionId }, 'completion has no achievement defined yet: no award');
      if (outcome.reason === 'email-unconfirmed')
        logger.info({ completionId }, 'award held until the student confirms their email');
      return;
    }
    if (outcome.issued) logger.info({ completionId, award: outcome.publicId }, 'award issued');
    // A crash here leaves the award stored and its certificate and email not yet asked for: the
    // retry finds the award and does both, each deduplicated by its own key.
    await failpoint('award.stored');
    await services.jobs.enqueue(
      renderCertificateJob,
      { publicId: outcome.publicId },
      `certificate:${outcome.publicId}`,
    );
    // One email per award, whatever the retries (the dedupe key).
    await sendEmail(services, {
      dedupeKey: `badge-earned:${outcome.publicId}`,
      to: outcome.recipient.email,
      language: outcome.recipient.language,
      template: 'badge-earned',
      data: {
        displayName: outcome.recipient.displayName,
        badgeName: outcome.achievementName,
        badgeUrl: badgeUrls(services.config.baseUrl).assertion(outcome.publicId),
      },
    });
  },
};

/**
 * Runs the award job again for each completion the filter finds, as when a badge is defined after
 * its level was completed or an email is confirmed after. Not the completion event's job id: bull
 * keeps that finished job (it issued nothing then) and drops an add under a kept id; `reason`
 * makes the id new. Issuance itself is unique per (student, badge), so a repeat issues nothing.
 */
export async function requeueAwardJobs(
  jobs: WorkerServices['jobs'],
  completions: QueryFilter<Completion>,
  reason: string,
): Promise<number> {
  let queued = 0;
  for await (const completion of CompletionModel.find(completions).select('_id').lean().cursor()) {
    await jobs.enqueue(
      issueAwardJob,
      { completionId: String(completion._id) },
      `award:${completion._id}:${reason}`,
    );
    queued += 1;
  }
  return queued;
}
