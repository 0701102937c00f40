// Admins write specializations and their levels: the texts in the campus's own language (English)
// with their translations side by side, and publish a specialization once a level holds a course.
// Which course sits in which level is set on each course's page (setPlacement).
import { Error as MongooseError } from 'mongoose';
import {
  inReaderLanguage,
  languages,
  translatorFor,
  type Language,
  type Translations,
} from '../../i18n';
import { recordAudit } from '../../platform/audit/audit.service';
import {
  conflict,
  forbidden,
  isDuplicateKeyError,
  notFound,
  validationFailed,
} from '../../platform/errors';
import { forgetCatalogListings } from '../catalog/catalog.service';
import { CourseModel } from '../catalog/course.model';
import { CompletionModel } from '../completion/completion.model';
import { recheckLevels } from '../completion/recompute-level-completions.job';
import type { AppContext } from '../../platform/context';
import { SpecializationModel } from '../catalog/specialization.model';
import { levelKeys, type LevelKey } from '../catalog/topics';
import type {
  CreateSpecializationInput,
  LevelTextsInput,
  SpecializationTextsInput,
} from './authoring.schemas';
import { editableTranslations, type EditableTranslations } from './editable-translations';
import { isAdmin, type Actor } from './course-access';

/** The campus's own language: a specialization's texts are written in it first. */
export const specializationLanguage: Language = 'en';

export interface SpecializationSummary {
  slug: string;
  title: string;
  status: 'draft' | 'published';
  levels: { key: LevelKey; courseCount: number }[];
}

export interface EditableSpecialization {
  slug: string;
  status: 'draft' | 'published';
  title: string;
  summary: string;
  description: string;
  translations: EditableTranslations<'title' | 'summary' | 'description'>;
  levels: {
    key: LevelKey;
    summary: string;
    translations: EditableTranslations<'summary'>;
    courses: { slug: string; title: string; archived: boolean }[];
  }[];
}

function adminsOnly(actor: Actor): void {
  // A level's badge certifies its courses: only admins shape specializations.
  if (!isAdmin(actor)) throw forbidden();
}

async function loadSpecialization(actor: Actor, slug: string) {
  adminsOnly(actor);
  const specialization = await SpecializationModel.findOne({ slug });
  if (!specialization) throw notFound('specialization');
  return specialization;
}

/** Every specialization (drafts too) with its levels, named in the reader's language. */
export async function listSpecializationOutlines(
  reader: Language,
): Promise<SpecializationSummary[]> {
  const specializations = await SpecializationModel.find()
    .select('slug title translations status levels.key levels.courses')
    .sort({ title: 1 })
    .lean();
  return specializations.map((specialization) => ({
    slug: specialization.slug,
    title: inReaderLanguage(
      specialization as { title: string; translations?: Translations<'title'> | null },
      ['title'],
      reader,
    ).title,
    status: specialization.status as 'draft' | 'published',
    levels: specialization.levels.map((level) => ({
      key: level.key as LevelKey,
      courseCount: level.courses.length,
    })),
  }));
}

export async function listSpecializationsForStaff(
  actor: Actor,
  reader: Language,
): Promise<SpecializationSummary[]> {
  adminsOnly(actor);
  return listSpecializationOutlines(reader);
}

export async function getEditableSpecialization(
  actor: Actor,
  slug: string,
  reader: Language,
): Promise<EditableSpecialization> {
  const specialization = await loadSpecialization(actor, slug);
  const courseIds = specialization.levels.flatMap((level) => level.courses);
  const courses = await CourseModel.find({ _id: { $in: courseIds } })
    .select('slug title language translations archivedAt')
    .lean();
  const byId = new Map(courses.map((course) => [String(course._id), course]));
  return {
    slug: specialization.slug,
    status: specialization.status as 'draft' | 'published',
    title: specialization.title,
    summary: specialization.summary,
    description: specialization.description,
    translations: editableTranslations(specialization.translations, [
      'title',
      'summary',
      'description',
    ]),
    levels: specialization.levels.map((level) => ({
      key: level.key as LevelKey,
      summary: level.summary,
      translations: editableTranslations(level.translations, ['summary']),
      courses: level.courses.flatMap((id) => {
        const course = byId.get(String(id));
        if (!course) return [];
        return [
          {
            slug: course.slug,
            title: inReaderLanguage(course, ['title'], reader).title,
            archived: Boolean(course.archivedAt),
          },
        ];
      }),
    })),
  };
}

/**
 * A new specialization, as a draft with its three levels named in every language: admins then
 * place courses in its levels and publish it.
 */
export async function createSpecialization(
  actor: Actor,
  input: CreateSpecializationInput,
): Promise<{ slug: string }> {
  adminsOnly(actor);
  const levels = levelKeys.map((key) => {
    const named = (language: Language) => {
      const t = translatorFor(language);
      return {
        title: t(`common:levels.${key}`),
        summary: t('authoring:specializations.levelSummary'),
      };
    };
    return {
      key,
      ...named(specializationLanguage),
      translations: Object.fromEntries(
        languages
          .filter((language) => language !== specializationLanguage)
          .map((language) => [language, named(language)]),
      ),
      courses: [],
    };
  });
  try {
    await SpecializationModel.create({ ...input, status: 'draft', levels });
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw validationFailed({ slug: 'authoring:errors.specializationAddressTaken' });
    throw error;
  }
  await recordAudit({
    actor: actor.id,
    action: 'specialization.created',
    details: { specialization: input.slug },
  });
  return { slug: input.slug };
}

export async function saveSpecializationTexts(
  actor: Actor,
  slug: string,
  input: SpecializationTextsInput,
): Promise<void> {
  const specialization = await loadSpecialization(actor, slug);
  specialization.set({
    title: input.title,
    summary: input.summary,
    description: input.description,
  });
  setTranslations(specialization, input.translations);
  await saveSpecialization(specialization);
}

/**
 * Writes the translations given, language by language: a language left out of a JSON body keeps
 * its stored texts. The campus's own language is the original texts, never a translation.
 */
function setTranslations(
  document: { set(path: string, value: unknown): unknown },
  translations: Partial<Record<Language, Record<string, string> | undefined>> | undefined,
) {
  for (const [language, texts] of Object.entries(translations ?? {})) {
    if (!texts || language === specializationLanguage) continue;
    for (const [field, text] of Object.entries(texts))
      document.set(`translations.${language}.${field}`, text);
  }
}

async function saveSpecialization(specialization: { save(): Promise<unknown> }): Promise<void> {
  try {
    await specialization.save();
  } catch (error) {
    // Another admin (or a placement) changed it meanwhile.
    if (error instanceof MongooseError.VersionError)
      throw conflict('authoring:errors.changedMeanwhile');
    throw error;
  }
  forgetCatalogListings();
}

export async function saveLevelTexts(
  actor: Actor,
  slug: string,
  levelKey: string,
  input: LevelTextsInput,
): Promise<void> {
  const specialization = await loadSpecialization(actor, slug);
  const level = specialization.levels.find((candidate) => candidate.key === levelKey);
  if (!level) throw notFound('level');
  level.set('summary', input.summary);
  setTranslations(level, input.translations);
  await saveSpecialization(specialization);
}

/**
 * Publishing shows it in the catalog; it needs a course in one of its levels to offer anything.
 * Levels complete only while published, so the students of its levels' courses are re-checked:
 * whoever finished a level meanwhile completes it now (and earns its badge).
 */
export async function publishSpecialization(
  context: Pick<AppContext, 'jobs'>,
  actor: Actor,
  slug: string,
): Promise<void> {
  const specialization = await loadSpecialization(actor, slug);
  if (specialization.status === 'published') return;
  const courseIds = specialization.levels.flatMap((level) => level.courses);
  const published = await CourseModel.exists({ _id: { $in: courseIds }, status: 'published' });
  if (!published) throw conflict('authoring:errors.specializationEmpty');
  specialization.status = 'published';
  await saveSpecialization(specialization);
  await recordAudit({
    actor: actor.id,
    action: 'specialization.published',
    details: { specialization: slug },
  });
  await recheckLevels(
    context.jobs,
    specialization.levels
      .filter((level) => level.courses.length > 0)
      .map((level) => ({ specializationId: String(specialization._id), level: level.key })),
  );
}

/**
 * Unpublishing takes it out of the catalog again (published too early, say); its courses stay
 * in the catalog on their own, and their students keep them. Its levels complete no more until
 * it is published again. Refused once a student has completed one of its levels: a badge
 * certifies that level, and the specialization stays where the badge's readers find it.
 */
export async function unpublishSpecialization(actor: Actor, slug: string): Promise<void> {
  const specialization = await loadSpecialization(actor, slug);
  if (specialization.status !== 'published') return;
  const completed = () => CompletionModel.exists({ specialization: specialization._id });
  if (await completed()) throw conflict('authoring:errors.specializationCompleted');
  specialization.status = 'draft';
  await saveSpecialization(specialization);
  // A level completed in the meantime (no transactions here): it is published again.
  if (await completed()) {
    await SpecializationModel.updateOne({ _id: specialization._id }, { status: 'published' });
    forgetCatalogListings();
    throw conflict('authoring:errors.specializationCompleted');
  }
  await recordAudit({
    actor: actor.id,
    action: 'specialization.unpublished',
    details: { specialization: slug },
  });
}
