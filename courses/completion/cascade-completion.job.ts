// The completion domain event: a course completion may complete its level, a level its
// specialization; levels and specializations earn an award. Safe to run twice: every check it
// makes records at most once, and issuance is unique per (student, achievement).
import { issueAwardJob } from '../../badges/awards/issue-award.job';
import type { JobDefinition } from '../../platform/queue';
import { CompletionModel } from './completion.model';
import {
  checkLevelCompletion,
  checkSpecializationCompletion,
  findLevelsOfCourse,
} from './completion.service';

export const cascadeCompletionJob: JobDefinition<{ completionId: string }> = {
  name: 'cascade-completion',
  options: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 5000 },
  concurrency: 4,
  async perform({ completionId }, { logger, services }) {
    const completion = await CompletionModel.findById(completionId).lean();
    if (!completion) {
      logger.warn({ completionId }, 'completion no longer exists');
      return;
    }
    const studentId = String(completion.student);
    const origin = { via: 'progress' as const };
    if (completion.scope === 'course') {
      for (const { specializationId, level } of await findLevelsOfCourse(
        String(completion.course),
      )) {
        await checkLevelCompletion(services, studentId, specializationId, level, origin);
      }
    } else {
      // Levels and specializations earn credentials (badges/awards/issue-award.job.ts).
      await services.jobs.enqueue(issueAwardJob, { completionId }, `award:${completionId}`);
      if (completion.scope === 'level')
        await checkSpecializationCompletion(
          services,
          studentId,
          String(completion.specialization),
          origin,
        );
    }
  },
};
