// Awards held while the student's email was unconfirmed (a badge names only a confirmed email):
// once it is confirmed, each of their level and specialization completions goes through the
// ordinary, idempotent award job again (one award per student and badge, whatever runs).
import { Types } from 'mongoose';
import type { JobDefinition } from '../../platform/queue';
import { requeueAwardJobs } from './issue-award.job';

export const issueHeldAwardsJob: JobDefinition<{ userId: string; confirmationId: string }> = {
  name: 'issue-held-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ userId, confirmationId }, { logger, services }) {
    const queued = await requeueAwardJobs(
      services.jobs,
      { student: new Types.ObjectId(userId), scope: { $ne: 'course' } },
      `confirmed:${confirmationId}`,
    );
    logger.info({ userId, queued }, 'held awards queued after email confirmation');
  },
};
