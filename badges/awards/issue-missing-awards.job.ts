// A badge defined after students already completed its level: each of them gets it now.
import type { JobDefinition } from '../../platform/queue';
import { AchievementModel } from '../achievements/achievement.model';
import { requeueAwardJobs } from './issue-award.job';

export const issueMissingAwardsJob: JobDefinition<{ achievementId: string }> = {
  name: 'issue-missing-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ achievementId }, { logger, services }) {
    const achievement = await AchievementModel.findById(achievementId).select('target').lean();
    if (!achievement) return;
    const queued = await requeueAwardJobs(
      services.jobs,
      { key: achievement.target },
      achievementId,
    );
    logger.info({ achievementId, queued }, 'awards queued for earlier completions');
  },
};
