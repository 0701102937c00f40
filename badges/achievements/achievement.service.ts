// Admins define one achievement per level and per specialization; the public reads them.
import { z } from 'zod';
import { translationsInput } from '../../platform/validation';
import { inReaderLanguage, translatorFor, type Language, type Translations } from '../../i18n';
import { recordAudit } from '../../platform/audit/audit.service';
import {
  completionKeys,
  findSpecializationLevels,
  levelKeys,
  listPublishedCourseTitles,
  listSpecializationsByIds,
  topicKeys,
  topics,
  type Topic,
} from '../../courses';
import { conflict, isDuplicateKeyError, notFound, validationFailed } from '../../platform/errors';
import type { JobQueues } from '../../platform/queue';
import { issueMissingAwardsJob } from '../awards/issue-missing-awards.job';
import type { AchievementData } from '../open-badges/ob2';
import { AwardModel } from '../awards/award.model';
import { AchievementModel } from './achievement.model';
import { achievementNameIn } from './achievement-queries';
import { badgeImageOf, checkBadgeImage, type BadgeImage } from './achievement-image';
import { retireCachedVerifications } from '../verification/verification-cache';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const achievementInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'badges:validation.slug')
    .max(80),
  specialization: z.string().regex(/^[a-z0-9-]{1,80}$/, 'badges:errors.unknownSpecialization'),
  /** Empty: the achievement is for the whole specialization. */
  level: z.preprocess(emptyToUndefined, z.enum(levelKeys).optional()),
  name: z.string().trim().min(3, 'badges:validation.name').max(120),
  description: z.string().trim().min(10, 'badges:validation.description').max(2000),
  criteriaNarrative: z.string().trim().min(10, 'badges:validation.criteria').max(4000),
  tags: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
  alignment: z
    .array(z.enum(topicKeys, { error: 'authoring:validation.topic' }))
    .max(8)
    .default([]),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'badges:validation.color')
    .default('#1f7a4d'),
  validForMonths: z.coerce.number().int().min(1).max(240).optional(),
  /** The name, description and criteria in other languages, for the campus's pages. */
  translations: translationsInput({
    name: z.string().trim().max(120).optional().default(''),
    description: z.string().trim().max(2000).optional().default(''),
    criteriaNarrative: z.string().trim().max(4000).optional().default(''),
  }),
});
export type AchievementInput = z.infer<typeof achievementInput>;

/** What can change once a badge exists: not its address or its level (awards point at them). */
export const achievementChanges = achievementInput
  .omit({ slug: true, specialization: true, level: true })
  .partial()
  .extend({
    // An empty field clears the validity: awards from now on do not expire.
    validForMonths: z.preprocess(
      (value) => (value === '' ? null : value),
      z.coerce.number().int().min(1).max(240).nullable().optional(),
    ),
  });
export type AchievementChanges = z.infer<typeof achievementChanges>;

export async function createAchievement(
  context: { jobs: JobQueues },
  actorId: string,
  input: AchievementInput,
) {
  const specialization = await findSpecializationLevels(input.specialization);
  if (!specialization)
    throw validationFailed({ specialization: 'badges:errors.unknownSpecialization' });
  if (input.level && !specialization.levels.includes(input.level))
    throw validationFailed({ level: 'badges:errors.noSuchLevel' });
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
      throw conflict('badges:errors.badgeTaken', {
        slug: 'badges:errors.badgeTakenField',
      });
    throw error;
  }
}

/**
 * Edits a badge. Issued credentials are rebuilt from it when served, so a new name or description
 * shows on them too; a new validity applies to awards issued from now on. Audited.
 */
export async function updateAchievement(
  actorId: string,
  slug: string,
  changes: AchievementChanges,
) {
  const { validForMonths, ...fields } = changes;
  const update =
    validForMonths === null
      ? { $set: fields, $unset: { validForMonths: 1 } }
      : { $set: { ...fields, ...(validForMonths ? { validForMonths } : {}) } };
  const result = await AchievementModel.updateOne({ slug }, update);
  if (result.matchedCount === 0) throw notFound('badge');
  await retireCachedVerifications(); // answers show the badge's name and description
  await recordAudit({
    actor: actorId,
    action: 'achievement.updated',
    details: { slug, fields: Object.keys(changes) },
  });
}

/** How holders renew the badge; `offered: false` withdraws renewal (awards keep their expiry). */
export const renewalInput = z.object({
  offered: z.preprocess(
    (value) => value === true || value === 'on' || value === 'true',
    z.boolean(),
  ),
  courses: z.preprocess(
    (value) => (value === undefined || value === '' ? [] : ([] as unknown[]).concat(value)),
    z.array(z.string().regex(/^[0-9a-f]{24}$/, 'badges:validation.renewalCourse')).max(10),
  ),
  opensDaysBefore: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int()
      .min(1, 'badges:validation.renewalDays')
      .max(365, 'badges:validation.renewalDays')
      .default(90),
  ),
});
export type RenewalInput = z.infer<typeof renewalInput>;

/** Sets the badge's renewal conditions (published refresher courses only). Audited. */
export async function setAchievementRenewal(actorId: string, slug: string, input: RenewalInput) {
  const courses = input.offered ? await listPublishedCourseTitles(input.courses) : [];
  if (courses.length !== new Set(input.offered ? input.courses : []).size)
    throw validationFailed({ courses: 'badges:validation.renewalCourse' });
  const result = await AchievementModel.updateOne(
    { slug },
    input.offered
      ? {
          $set: {
            renewal: {
              courses: courses.map((course) => course._id),
              opensDaysBefore: input.opensDaysBefore,
            },
          },
        }
      : { $unset: { renewal: 1 } },
  );
  if (result.matchedCount === 0) throw notFound('badge');
  await recordAudit({
    actor: actorId,
    action: 'achievement.updated',
    details: { slug, fields: ['renewal'], courses: courses.map((course) => course.slug) },
  });
}

/** Replaces the badge's image with a checked upload, or (null) goes back to the generated one. */
export async function setAchievementImage(actorId: string, slug: string, upload: Buffer | null) {
  const image = upload ? checkBadgeImage(upload) : null;
  const result = await AchievementModel.updateOne(
    { slug },
    image ? { $set: { image } } : { $unset: { image: 1 } },
  );
  if (result.matchedCount === 0) throw notFound('badge');
  await recordAudit({
    actor: actorId,
    action: 'achievement.updated',
    details: { slug, fields: ['image'], contentType: image?.contentType ?? 'generated' },
  });
}

/** A badge's editable fields, for the admin's edit form. */
export async function getAchievementForEditing(slug: string) {
  const achievement = await AchievementModel.findOne({ slug })
    .select(
      'slug name description criteriaNarrative translations tags alignment color validForMonths renewal image.contentType',
    )
    .lean();
  if (!achievement) throw notFound('badge');
  return {
    slug: achievement.slug,
    name: achievement.name,
    description: achievement.description,
    criteriaNarrative: achievement.criteriaNarrative,
    translations: achievement.translations ?? {},
    tags: achievement.tags,
    alignment: achievement.alignment,
    color: achievement.color,
    validForMonths: achievement.validForMonths ?? null,
    renewal: achievement.renewal
      ? {
          courses: achievement.renewal.courses.map(String),
          opensDaysBefore: achievement.renewal.opensDaysBefore,
        }
      : null,
    uploadedImageType: achievement.image?.contentType ?? null,
  };
}

/**
 * The image the badge shows and bakes: the upload, or the generated one. The generated one names
 * the badge in the issuer's words (what credentials point at and baking embeds), or, for the
 * campus's own pages, in the reader's language where the name is translated.
 */
export async function getAchievementImage(slug: string, reader?: Language): Promise<BadgeImage> {
  // Not lean: the document gives the bytes as a Buffer (lean gives the driver's Binary).
  const achievement = await AchievementModel.findOne({ slug }).select('image');
  if (!achievement) throw notFound('badge');
  if (achievement.image?.data) {
    return {
      contentType: achievement.image.contentType as BadgeImage['contentType'],
      data: achievement.image.data,
    };
  }
  const data = await getAchievementData(slug, '', reader);
  return badgeImageOf(data);
}

/**
 * The achievement as the Open Badges builders and the public page need it. Without a reader, in
 * the issuer's own words (what signed credentials carry); with one, the campus's pages and
 * certificates show the reader's language where the texts are translated.
 */
export async function getAchievementData(
  slug: string,
  baseUrl: string,
  reader?: Language,
): Promise<
  AchievementData & {
    color: string;
    /** The level's key (basic, ...), for its name in the reader's language; null: all levels. */
    levelKey: string | null;
    specializationTitle: string;
    /** The language the name and description are shown in, when a reader asked and it is known. */
    textLanguage: Language | null;
  }
> {
  const achievement = await AchievementModel.findOne({ slug }).select('-image').lean();
  if (!achievement) throw notFound('badge');
  const [specialization] = await listSpecializationsByIds([achievement.specialization]);
  const levels = (specialization?.levels ?? []).filter(
    (level) => !achievement.level || level.key === achievement.level,
  );
  const courses = await listPublishedCourseTitles(levels.flatMap((level) => level.courses));
  const titleOf = (text: { title: string; translations?: Translations<'title'> | null }) =>
    reader ? inReaderLanguage(text, ['title'], reader).title : text.title;
  const texts = reader
    ? inReaderLanguage(
        achievement as typeof achievement & {
          translations?: Translations<'name' | 'description' | 'criteriaNarrative'> | null;
        },
        ['name', 'description', 'criteriaNarrative'],
        reader,
      )
    : { ...achievement, contentLanguage: null };
  return {
    slug: achievement.slug,
    name: texts.name,
    description: texts.description,
    criteriaNarrative: texts.criteriaNarrative,
    tags: achievement.tags,
    alignment: (achievement.alignment as Topic[]).map((topic) => ({
      // A reader's page names the topic in their language; a credential in the issuer's.
      name: reader ? translatorFor(reader)(`common:topics.${topic}`) : topics[topic],
      url: `${baseUrl}/courses?topic=${topic}`,
    })),
    courses: courses.map((course) => ({
      title: reader ? inReaderLanguage(course, ['title'], reader).title : course.title,
      url: `${baseUrl}/courses/${course.slug}`,
    })),
    color: achievement.color,
    levelKey: levels.length === 1 ? levels[0]!.key : null,
    specializationTitle: specialization ? titleOf(specialization) : '',
    textLanguage: texts.contentLanguage,
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

/** Every badge for the admin's list, named in the reader's language where translated. */
export async function listAchievements(reader: Language): Promise<AchievementSummary[]> {
  const achievements = await AchievementModel.find().sort({ createdAt: 1 }).lean();
  const specializations = await listSpecializationsByIds(
    achievements.map((achievement) => achievement.specialization),
  );
  const titleOf = new Map(
    specializations.map((each) => [
      String(each._id),
      inReaderLanguage(each, ['title'], reader).title,
    ]),
  );
  return Promise.all(
    achievements.map(async (achievement) => ({
      slug: achievement.slug,
      name: achievementNameIn(achievement, reader),
      scope: achievement.scope,
      level: achievement.level ?? null,
      specialization: titleOf.get(String(achievement.specialization)) ?? '',
      awarded: await AwardModel.countDocuments({ achievement: achievement._id }),
    })),
  );
}
