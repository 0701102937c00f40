// The demo seed's badges: one per level and one for the whole specialization.
import { completionKeys } from '../../courses';
import { AchievementModel } from './achievement.model';

/** Creates each achievement that does not exist yet; existing ones are left as they are. */
export async function ensureSpecializationAchievements(
  specializationId: string,
  achievements: ReadonlyArray<{ level?: string; [field: string]: unknown }>,
): Promise<void> {
  for (const badge of achievements) {
    const target = badge.level
      ? completionKeys.level(specializationId, badge.level)
      : completionKeys.specialization(specializationId);
    await AchievementModel.updateOne(
      { target },
      {
        $setOnInsert: {
          ...badge,
          target,
          scope: badge.level ? 'level' : 'specialization',
          specialization: specializationId,
        },
      },
      { upsert: true },
    );
  }
}
