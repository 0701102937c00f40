// A level or specialization completed: its award is issued, then announced (award.issued), whose
// listeners render the certificate and send the badge email. Safe to run twice: issuance is
// unique per (student, achievement), and a run that finds the award already stored announces it
// again (the run that stored it may have crashed before announcing; see the failpoint).
import type { JobContext } from '../../platform/queue';
import { failpoint } from '../../platform/failpoints';
import { issueAwardForCompletion } from './award.service';

export async function issueAward(
  { logger, services }: Pick<JobContext, 'logger' | 'services'>,
  studentId: string,
  completionKey: string,
): Promise<void> {
  const outcome = await issueAwardForCompletion(studentId, completionKey);
  if (!outcome.awarded) {
    if (outcome.reason === 'no-achievement')
      logger.warn({ studentId, completionKey }, 'completion has no achievement defined yet');
    if (outcome.reason === 'email-unconfirmed')
      logger.info(
        { studentId, completionKey },
        'award held until the student confirms their email',
      );
    return;
  }
  if (outcome.issued) logger.info({ studentId, award: outcome.publicId }, 'award issued');
  await failpoint('award.stored');
  // The award's id names the fact: a repeat announces nothing new while bull keeps the first.
  await services.events.publish('award.issued', outcome.awardId, {
    awardId: outcome.awardId,
    studentId,
    achievementId: outcome.achievementId,
  });
}
