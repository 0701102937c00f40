// A badge defined after students already completed its level: each of them gets it now.
import { CompletionModel } from '../../courses/completion/completion.model';
import type { JobDefinition } from '../../server/queue';
import { AchievementModel } from '../achievements/achievement.model';
import { issueAwardJob } from './issue-award.job';

export const issueMissingAwardsJob: JobDefinition<{ achievementId: string }> = {
  name: 'issue-missing-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ achievementId }, { logger, services }) {
    const achievement = await AchievementModel.findById(achievementId).select('target').lean();
    if (!achievement) return;
    let queued = 0;
    for await (const completion of CompletionModel.find({ key: achievement.target })
      .select('_id')
      .lean()
      .cursor()) {
      // Not the completion event's job id: bull keeps that finished job (it found no badge then),
      // and a repeated id would be dropped. Issuance itself is unique per (student, badge).
      await services.jobs.enqueue(
        issueAwardJob,
        { completionId: String(completion._id) },
        `award:${completion._id}:${achievementId}`,
      );
      queued += 1;
    }
    logger.info({ achievementId, queued }, 'awards queued for earlier completions');
  },
};
