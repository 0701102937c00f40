// What other components may read of the catalog, as plain views: they ask here instead of
// reading the course and specialization tables, so the catalog stays their one writer.
import type { Types } from 'mongoose';
import { inReaderLanguage, languages, type Language, type Translations } from '../../i18n';
import { forbidden, notFound } from '../../platform/errors';
import { canEditCourse, type Actor } from '../authoring/course-access';
import { findPublishedCoursesByIds } from './course-lookup';
import { CourseModel } from './course.model';
import { SpecializationModel } from './specialization.model';

export interface LiveSessionModule {
  course: { _id: Types.ObjectId; slug: string; title: string };
  module: {
    _id: Types.ObjectId;
    title: string;
    liveSession: {
      startsAt: Date;
      durationMinutes: number;
      meetingId: string | null;
      meetingKind: 'meeting' | 'webinar' | 'checkin_list' | null;
      attendanceThreshold: number | null;
    };
  };
}

/** Which live sessions: one module, one meeting id, or those starting in a window. */
export type LiveSessionFilter =
  | { moduleId: string | Types.ObjectId }
  | { meetingId: string }
  | { startsBetween: { from: Date; until: Date } }
  | { all: true };

interface StoredModule {
  _id: Types.ObjectId;
  kind: string;
  title: string;
  translations?: object | null;
  liveSession?: LiveSessionModule['module']['liveSession'] | null;
}

/**
 * The live-session modules of published courses the filter selects. A window selects sessions
 * whose start falls in it; the caller narrows further (by end time) on the result.
 */
export async function listPublishedLiveSessions(
  filter: LiveSessionFilter,
  /** Titles in this reader's language where written (else as the author wrote them). */
  reader?: Language,
): Promise<LiveSessionModule[]> {
  const where =
    'moduleId' in filter
      ? { 'modules._id': filter.moduleId }
      : 'meetingId' in filter
        ? { 'modules.liveSession.meetingId': filter.meetingId }
        : 'startsBetween' in filter
          ? {
              'modules.liveSession.startsAt': {
                $gte: filter.startsBetween.from,
                $lte: filter.startsBetween.until,
              },
            }
          : { 'modules.kind': 'live_session' as const };
  const courses = await CourseModel.find({ status: 'published', ...where })
    .select(
      [
        'slug title modules._id modules.kind modules.title modules.liveSession',
        ...(reader
          ? [
              'language',
              ...translatedTitles('translations'),
              ...translatedTitles('modules.translations'),
            ]
          : []),
      ].join(' '),
    )
    .lean();
  const titleOf = (texts: { title: string; translations?: object | null }, language?: string) =>
    reader
      ? inReaderLanguage(
          { ...texts, language, translations: texts.translations as Translations<'title'> },
          ['title'],
          reader,
        ).title
      : texts.title;
  return courses.flatMap((course) =>
    (course.modules as StoredModule[])
      .filter((module) => module.kind === 'live_session' && module.liveSession)
      .filter((module) => {
        const live = module.liveSession!;
        if ('moduleId' in filter) return String(module._id) === String(filter.moduleId);
        if ('meetingId' in filter) return live.meetingId === filter.meetingId;
        if ('startsBetween' in filter)
          return (
            live.startsAt >= filter.startsBetween.from &&
            live.startsAt <= filter.startsBetween.until
          );
        return true;
      })
      .map((module) => ({
        course: { _id: course._id, slug: course.slug, title: titleOf(course, course.language) },
        module: {
          _id: module._id,
          title: titleOf(module, course.language),
          liveSession: {
            startsAt: module.liveSession!.startsAt,
            durationMinutes: module.liveSession!.durationMinutes,
            meetingId: module.liveSession!.meetingId ?? null,
            meetingKind: module.liveSession!.meetingKind ?? null,
            attendanceThreshold: module.liveSession!.attendanceThreshold ?? null,
          },
        },
      })),
  );
}

/** A course the actor may edit, as a plain view: 404 when unknown, 403 when not theirs. */
export async function findEditableCourse(
  actor: Actor,
  slug: string,
): Promise<{ _id: Types.ObjectId; slug: string; title: string }> {
  const course = await CourseModel.findOne({ slug }).select('slug title instructors').lean();
  if (!course) throw notFound('course');
  if (!canEditCourse(actor, course)) throw forbidden();
  return { _id: course._id, slug: course.slug, title: course.title };
}

/** A specialization's id and level keys by slug (to place a badge on it), or null. */
export async function findSpecializationLevels(
  slug: string,
): Promise<{ _id: Types.ObjectId; published: boolean; levels: string[] } | null> {
  const specialization = await SpecializationModel.findOne({ slug })
    .select('_id status levels.key')
    .lean();
  if (!specialization) return null;
  return {
    _id: specialization._id,
    published: specialization.status === 'published',
    levels: specialization.levels.map((level) => level.key),
  };
}

export interface SpecializationOutline {
  _id: Types.ObjectId;
  slug: string;
  title: string;
  translations: Translations<'title'> | null;
  status: string;
  levels: Array<{
    key: string;
    title: string;
    translations: Translations<'title'> | null;
    courses: Types.ObjectId[];
  }>;
}

/** Specializations by id, with their levels and the ids of each level's courses. */
export async function listSpecializationsByIds(
  ids: readonly (Types.ObjectId | string)[],
): Promise<SpecializationOutline[]> {
  if (!ids.length) return [];
  const specializations = await SpecializationModel.find({
    _id: { $in: [...new Set(ids.map(String))] },
  })
    .select(outlineFields)
    .lean();
  return specializations.map(toOutline);
}

/** Published specializations, all or the one of this slug, by title. */
export async function listPublishedSpecializations(
  slug?: string,
): Promise<SpecializationOutline[]> {
  const specializations = await SpecializationModel.find({
    status: 'published',
    ...(slug ? { slug } : {}),
  })
    .select(outlineFields)
    .sort({ title: 1 })
    .lean();
  return specializations.map(toOutline);
}

const outlineFields =
  'slug title translations status levels.key levels.title levels.translations levels.courses';

function toOutline(specialization: {
  _id: Types.ObjectId;
  slug: string;
  title: string;
  translations?: object | null;
  status?: string | null;
  levels: Array<{
    key: string;
    title: string;
    translations?: object | null;
    courses: Types.ObjectId[];
  }>;
}): SpecializationOutline {
  return {
    _id: specialization._id,
    slug: specialization.slug,
    title: specialization.title,
    translations: (specialization.translations as Translations<'title'>) ?? null,
    status: specialization.status ?? 'draft',
    levels: specialization.levels.map((level) => ({
      key: level.key,
      title: level.title,
      translations: (level.translations as Translations<'title'>) ?? null,
      courses: level.courses,
    })),
  };
}

/** The published courses among these ids (slug and title, with its translations), in order. */
export function listPublishedCourseTitles(ids: readonly (Types.ObjectId | string)[]): Promise<
  Array<{
    _id: Types.ObjectId;
    slug: string;
    title: string;
    language: string;
    translations?: Translations<'title'> | null;
  }>
> {
  return findPublishedCoursesByIds(ids, 'slug title language translations');
}

export interface PublishedCourseOutline {
  _id: Types.ObjectId;
  slug: string;
  /** In the reader's language when one is asked for and written; else as the author wrote it. */
  title: string;
  language: string;
  topics: string[];
  /** Only with `withLiveSessions`: the course's live-session modules. */
  liveSessions: Array<{ _id: Types.ObjectId; title: string; startsAt: Date }>;
}

const translatedTitles = (path: string) => languages.map((language) => `${path}.${language}.title`);

/**
 * Published courses by title: all, or those among these ids, of this slug, in this language.
 * With a reader, titles (the course's and its live sessions') are in the reader's language where
 * written, and the order follows those titles.
 */
export async function listPublishedCourses(
  where: {
    ids?: readonly (Types.ObjectId | string)[];
    slug?: string;
    language?: string;
    withLiveSessions?: boolean;
    reader?: Language;
  } = {},
): Promise<PublishedCourseOutline[]> {
  const courses = await CourseModel.find({
    status: 'published',
    ...(where.ids ? { _id: { $in: where.ids } } : {}),
    ...(where.slug ? { slug: where.slug } : {}),
    ...(where.language ? { language: where.language as Language } : {}),
  })
    .select(
      [
        'slug title language topics',
        // Only the titles of the translations: a lesson's translated text can be long.
        ...translatedTitles('translations'),
        ...(where.withLiveSessions
          ? [
              'modules._id modules.kind modules.title modules.liveSession',
              ...translatedTitles('modules.translations'),
            ]
          : []),
      ].join(' '),
    )
    .sort({ title: 1 })
    .lean();
  const titleOf = (texts: {
    title: string;
    language?: string | null;
    translations?: object | null;
  }) =>
    where.reader
      ? inReaderLanguage(
          texts as { title: string; translations?: Translations<'title'> | null },
          ['title'],
          where.reader,
        ).title
      : texts.title;
  const outlines = courses.map((course) => ({
    _id: course._id,
    slug: course.slug,
    title: titleOf(course),
    language: course.language,
    topics: course.topics,
    liveSessions: ((course.modules ?? []) as StoredModule[])
      .filter((module) => module.kind === 'live_session' && module.liveSession)
      .map((module) => ({
        _id: module._id,
        title: titleOf({ ...module, language: course.language }),
        startsAt: module.liveSession!.startsAt,
      })),
  }));
  return where.reader
    ? outlines.sort((a, b) => a.title.localeCompare(b.title, where.reader))
    : outlines;
}

/** Whether a published course has this slug. */
export async function isPublishedCourse(slug: string): Promise<boolean> {
  return Boolean(await CourseModel.exists({ status: 'published', slug }));
}

/** Whether a published course of this slug is archived (it takes no new students). */
export async function isArchivedCourse(slug: string): Promise<boolean> {
  return Boolean(
    await CourseModel.exists({ status: 'published', slug, archivedAt: { $exists: true } }),
  );
}
