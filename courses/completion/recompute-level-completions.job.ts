// After a course moves in or out of a level: students of the level's courses are re-checked.
import type { JobDefinition, JobQueues } from '../../platform/queue';
import { SpecializationModel } from '../catalog/specialization.model';
import { EnrollmentModel } from '../enrollment/enrollment.model';
import { checkLevelCompletion } from './completion.service';

export const recomputeLevelCompletionsJob: JobDefinition<{
  specializationId: string;
  level: string;
}> = {
  name: 'recompute-level-completions',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: 1000 },
  async perform({ specializationId, level }, { logger, services }) {
    const specialization = await SpecializationModel.findById(specializationId)
      .select('levels.key levels.courses')
      .lean();
    const courseIds = specialization?.levels.find((candidate) => candidate.key === level)?.courses;
    if (!courseIds?.length) return;
    const students = await EnrollmentModel.distinct('student', {
      course: { $in: courseIds },
      status: 'active',
    });
    let added = 0;
    const origin = { via: 'recompute' as const };
    for (const student of students) {
      const result = await checkLevelCompletion(
        services,
        String(student),
        specializationId,
        level,
        origin,
      );
      // A new level completion announces itself; its cascade checks the specialization.
      if (result?.isNew) added += 1;
    }
    logger.info({ specializationId, level, added }, 'level completions re-checked');
  },
};

/** Queues a re-check of these levels' students (one job per level, under an id of this moment). */
export async function recheckLevels(
  jobs: JobQueues,
  levels: { specializationId: string; level: string }[],
): Promise<void> {
  const when = Date.now();
  for (const { specializationId, level } of levels)
    await jobs.enqueue(
      recomputeLevelCompletionsJob,
      { specializationId, level },
      `recompute-level:${specializationId}:${level}:${when}`,
    );
}
