// Awards held while the student's email was unconfirmed (a badge names only a confirmed email):
// once it is confirmed, each of their level and specialization completions is issued again
// through the ordinary, idempotent award job (one award per student and badge, whatever runs).
import { Types } from 'mongoose';
import { CompletionModel } from '../../courses/completion/completion.model';
import type { JobDefinition } from '../../server/queue';
import { issueAwardJob } from './issue-award.job';

export const issueHeldAwardsJob: JobDefinition<{ userId: string; confirmationId: string }> = {
  name: 'issue-held-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ userId, confirmationId }, { logger, services }) {
    let queued = 0;
    for await (const completion of CompletionModel.find({
      student: new Types.ObjectId(userId),
      scope: { $ne: 'course' },
    })
      .select('_id')
      .lean()
      .cursor()) {
      // Not the completion event's job id: bull keeps that finished job (it held the award then).
      await services.jobs.enqueue(
        issueAwardJob,
        { completionId: String(completion._id) },
        `award:${completion._id}:confirmed:${confirmationId}`,
      );
      queued += 1;
    }
    logger.info({ userId, queued }, 'held awards queued after email confirmation');
  },
};
