// What other components read of achievements, as plain views (reports' badge funnel).
import type { Types } from 'mongoose';
import { AchievementModel } from './achievement.model';

export interface AchievementOutline {
  _id: Types.ObjectId;
  name: string;
  level: string | null;
  specialization: Types.ObjectId;
}

/** The achievements of these specializations (their levels' and their own). */
export async function listAchievementsOfSpecializations(
  specializationIds: readonly (Types.ObjectId | string)[],
): Promise<AchievementOutline[]> {
  if (!specializationIds.length) return [];
  const achievements = await AchievementModel.find({
    specialization: { $in: specializationIds },
  })
    .select('name level specialization')
    .lean();
  return achievements.map((achievement) => ({
    _id: achievement._id,
    name: achievement.name,
    level: achievement.level ?? null,
    specialization: achievement.specialization,
  }));
}
