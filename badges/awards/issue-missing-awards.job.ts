// A badge defined after students already completed its level: each of them gets it now, through
// the ordinary, idempotent issuance (a retry after a failure issues nothing twice).
import { streamCompletionsOf } from '../../courses';
import type { JobDefinition } from '../../platform/queue';
import { AchievementModel } from '../achievements/achievement.model';
import { issueAward } from './issue-award';

export const issueMissingAwardsJob: JobDefinition<{ achievementId: string }> = {
  name: 'issue-missing-awards',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ achievementId }, context) {
    const achievement = await AchievementModel.findById(achievementId).select('target').lean();
    if (!achievement) return;
    let completions = 0;
    for await (const completion of streamCompletionsOf(achievement.target)) {
      await issueAward(context, completion.studentId, completion.key);
      completions += 1;
    }
    context.logger.info({ achievementId, completions }, 'earlier completions given their award');
  },
};
