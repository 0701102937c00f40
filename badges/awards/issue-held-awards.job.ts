// Awards held while the student's email was unconfirmed (a badge names only a confirmed email):
// once it is confirmed, each of their level and specialization completions goes through the
// ordinary, idempotent issuance again (one award per student and badge, whatever runs).
import type { JobContext, JobDefinition } from '../../platform/queue';
import { listCredentialCompletions } from '../../courses';
import { issueAward } from './issue-award';

export async function issueHeldAwards(
  context: Pick<JobContext, 'logger' | 'services'>,
  userId: string,
): Promise<void> {
  const completions = await listCredentialCompletions(userId);
  for (const completion of completions) await issueAward(context, userId, completion.key);
  context.logger.info({ userId, completions: completions.length }, 'held awards issued');
}

/** Jobs queued before this was a reaction to email.confirmed; remove once none are left. */
export const issueHeldAwardsJob: JobDefinition<{ userId: string; confirmationId: string }> = {
  name: 'issue-held-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ userId }, context) {
    await issueHeldAwards(context, userId);
  },
};
