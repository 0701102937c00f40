// Admins define one achievement per level and per specialization; the public reads them.
import { z } from 'zod';
import { recordAudit } from '../../admin/audit.service';
import { CourseModel } from '../../courses/catalog/course.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import { levelKeys, topicKeys, topics, type Topic } from '../../courses/catalog/topics';
import { completionKeys } from '../../courses/completion/completion-rules';
import { conflict, isDuplicateKeyError, notFound, validationFailed } from '../../server/errors';
import type { JobQueues } from '../../server/queue';
import { issueMissingAwardsJob } from '../awards/issue-missing-awards.job';
import type { AchievementData } from '../open-badges/ob2';
import { AwardModel } from '../awards/award.model';
import { AchievementModel } from './achievement.model';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const achievementInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and hyphens.')
    .max(80),
  specialization: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Unknown specialization.'),
  /** Empty: the achievement is for the whole specialization. */
  level: z.preprocess(emptyToUndefined, z.enum(levelKeys).optional()),
  name: z.string().trim().min(3, 'Name the badge.').max(120),
  description: z.string().trim().min(10, 'Describe what the badge certifies.').max(2000),
  criteriaNarrative: z.string().trim().min(10, 'Say how the badge is earned.').max(4000),
  tags: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  alignment: z
    .array(z.enum(topicKeys, { error: 'Unknown topic.' }))
    .max(8)
    .default([]),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1f7a4d.')
    .default('#1f7a4d'),
  validForMonths: z.coerce.number().int().min(1).max(240).optional(),
});
export type AchievementInput = z.infer<typeof achievementInput>;

export async function createAchievement(
  context: { jobs: JobQueues },
  actorId: string,
  input: AchievementInput,
) {
  const specialization = await SpecializationModel.findOne({ slug: input.specialization })
    .select('_id levels.key')
    .lean();
  if (!specialization) throw validationFailed({ specialization: 'Unknown specialization.' });
  if (input.level && !specialization.levels.some((level) => level.key === input.level))
    throw validationFailed({ level: 'This specialization has no such level.' });
  const id = String(specialization._id);
  const target = input.level
    ? completionKeys.level(id, input.level)
    : completionKeys.specialization(id);
  try {
    const achievement = await AchievementModel.create({
      ...input,
      specialization: specialization._id,
      scope: input.level ? 'level' : 'specialization',
      target,
    });
    await recordAudit({
      actor: actorId,
      action: 'achievement.created',
      details: { slug: input.slug, target },
    });
    // Students who already completed the level get the new badge too.
    await context.jobs.enqueue(issueMissingAwardsJob, { achievementId: String(achievement._id) });
    return { slug: achievement.slug, target };
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw conflict('This address or this level already has a badge.', {
        slug: 'Choose another address, or edit the badge this level already has.',
      });
    throw error;
  }
}

/** The achievement as the Open Badges builders and the public page need it. */
export async function getAchievementData(
  slug: string,
  baseUrl: string,
): Promise<AchievementData & { color: string; levelTitle: string; specializationTitle: string }> {
  const achievement = await AchievementModel.findOne({ slug }).lean();
  if (!achievement) throw notFound('Badge');
  const specialization = await SpecializationModel.findById(achievement.specialization)
    .select('slug title levels.key levels.title levels.courses')
    .lean();
  const levels = (specialization?.levels ?? []).filter(
    (level) => !achievement.level || level.key === achievement.level,
  );
  const courses = await CourseModel.find({
    _id: { $in: levels.flatMap((level) => level.courses) },
    status: 'published',
  })
    .select('slug title')
    .lean();
  return {
    slug: achievement.slug,
    name: achievement.name,
    description: achievement.description,
    criteriaNarrative: achievement.criteriaNarrative,
    tags: achievement.tags,
    alignment: (achievement.alignment as Topic[]).map((topic) => ({
      name: topics[topic],
      url: `${baseUrl}/courses?topic=${topic}`,
    })),
    courses: courses.map((course) => ({
      title: course.title,
      url: `${baseUrl}/courses/${course.slug}`,
    })),
    color: achievement.color,
    levelTitle: levels.length === 1 ? levels[0]!.title : 'Specialization',
    specializationTitle: specialization?.title ?? '',
  };
}

export interface AchievementSummary {
  slug: string;
  name: string;
  scope: string;
  level: string | null;
  specialization: string;
  awarded: number;
}

/** Every badge with how many times it was awarded, for the admin page. */
export async function listAchievements(): Promise<AchievementSummary[]> {
  const achievements = await AchievementModel.find()
    .sort({ createdAt: 1 })
    .populate<{ specialization: { title: string } }>('specialization', 'title')
    .lean();
  return Promise.all(
    achievements.map(async (achievement) => ({
      slug: achievement.slug,
      name: achievement.name,
      scope: achievement.scope,
      level: achievement.level ?? null,
      specialization: achievement.specialization?.title ?? '',
      awarded: await AwardModel.countDocuments({ achievement: achievement._id }),
    })),
  );
}
