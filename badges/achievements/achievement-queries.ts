// What other components read of achievements, as plain views (reports' badge funnel).
import type { Types } from 'mongoose';
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import { AchievementModel } from './achievement.model';

export interface AchievementOutline {
  _id: Types.ObjectId;
  name: string;
  level: string | null;
  specialization: Types.ObjectId;
}

/**
 * The achievements of these specializations (their levels' and their own), each name in the
 * reader's language where one is written.
 */
export async function listAchievementsOfSpecializations(
  specializationIds: readonly (Types.ObjectId | string)[],
  reader: Language,
): Promise<AchievementOutline[]> {
  if (!specializationIds.length) return [];
  const achievements = await AchievementModel.find({
    specialization: { $in: specializationIds },
  })
    .select('name translations level specialization')
    .lean();
  return achievements.map((achievement) => ({
    _id: achievement._id,
    name: achievementNameIn(achievement, reader),
    level: achievement.level ?? null,
    specialization: achievement.specialization,
  }));
}

/** A badge's name in the reader's language where one is written, else as written. */
export function achievementNameIn(achievement: { name: string }, reader: Language): string {
  return inReaderLanguage(
    achievement as { name: string; translations?: Translations<'name'> | null },
    ['name'],
    reader,
  ).name;
}
