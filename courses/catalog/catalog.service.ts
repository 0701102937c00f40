// Read side of the catalog: what visitors browse, as plain objects for pages and the API alike.
import type { Types } from 'mongoose';
import { findInstructorProfiles, type InstructorProfile } from '../../accounts';
import { inReaderLanguage, type Language, type Translations } from '../../i18n';
import {
  buildCatalogIndex,
  findInCatalog,
  suggestWords,
  type CatalogEntry,
  type CatalogIndex,
} from './catalog-search';
import { notFound } from '../../platform/errors';
import type { CourseFilter, CourseSearchInput } from './catalog.schemas';
import { findPublishedCoursesByIds } from './course-lookup';
import { courseImageUrls, type CourseImageUrls } from './course-images';
import { CourseModel, type Course } from './course.model';
import { SpecializationModel } from './specialization.model';
import { topics, type LevelKey, type Topic } from './topics';

export interface CourseCard {
  slug: string;
  /** Title and summary in the reader's language where translated, else the course's own. */
  title: string;
  summary: string;
  /** The language the title and summary are shown in (a page marks it where it differs). */
  contentLanguage: Language | null;
  /** The course's own language: what its lessons and sessions are given in. */
  language: Language;
  hours: number;
  topics: { key: Topic; label: string }[];
  placement: Placement | null;
  /** The uploaded picture, else the first topic's drawing. */
  image: CourseImageUrls;
}

export interface Placement {
  specialization: { slug: string; title: string };
  level: LevelKey;
}

export interface CourseDetail extends CourseCard {
  id: string;
  description: string;
  /** The language the description is shown in. */
  descriptionLanguage: Language | null;
  instructors: string[];
  /** Who teaches it, as students read about them (headline, photo, their public page). */
  instructorProfiles: InstructorProfile[];
  modules: { title: string; kind: string; minutes: number }[];
  liveSessions: {
    id: string;
    title: string;
    startsAt: string;
    durationMinutes: number;
    /** Attending it is part of completing the course. */
    required: boolean;
  }[];
  /** The published version: a calendar's events say it, so an edit replaces them. */
  version: number;
  /** Archived: out of the catalog, no new students; the page stays for those enrolled and links. */
  archived: boolean;
}

export interface LevelView {
  key: LevelKey;
  title: string;
  summary: string;
  hours: number;
  courses: CourseCard[];
}

export interface SpecializationView {
  slug: string;
  title: string;
  contentLanguage: Language | null;
  summary: string;
  description: string;
  levels: LevelView[];
}

export interface SpecializationCard {
  slug: string;
  title: string;
  summary: string;
  levels: { key: LevelKey; title: string; courseCount: number; hours: number }[];
}

type CourseRecord = Course & { _id: Types.ObjectId };

/** A card never needs the modules or the draft: leave them in the database. */
const cardFields = 'slug title summary language hours topics translations image';

function toCourseCard(
  course: CourseRecord,
  stored: StoredPlacement | null,
  reader: Language,
): CourseCard {
  const placement = placementIn(stored, reader);
  const texts = inReaderLanguage(course, ['title', 'summary'], reader);
  return {
    slug: course.slug,
    title: texts.title,
    summary: texts.summary,
    contentLanguage: texts.contentLanguage,
    language: course.language as Language,
    hours: course.hours,
    topics: (course.topics as Topic[]).map((key) => ({ key, label: topics[key] })),
    placement,
    image: courseImageUrls(course.slug, course.image, course.topics),
  };
}

interface StoredPlacement {
  specialization: { slug: string; title: string; translations?: Translations<'title'> | null };
  level: LevelKey;
}

/** Where each of these courses sits (specialization and level), in one query. */
async function findStoredPlacements(
  courseIds: Types.ObjectId[],
): Promise<Map<string, StoredPlacement>> {
  const specializations = await SpecializationModel.find({
    status: 'published',
    'levels.courses': { $in: courseIds },
  })
    .select('slug title translations levels.key levels.courses')
    .lean();
  const placements = new Map<string, StoredPlacement>();
  for (const specialization of specializations) {
    for (const level of specialization.levels) {
      for (const courseId of level.courses) {
        placements.set(String(courseId), {
          specialization: {
            slug: specialization.slug,
            title: specialization.title,
            translations: specialization.translations as Translations<'title'> | null,
          },
          level: level.key as LevelKey,
        });
      }
    }
  }
  return placements;
}

function placementIn(stored: StoredPlacement | null, reader: Language): Placement | null {
  if (!stored) return null;
  return {
    specialization: {
      slug: stored.specialization.slug,
      title: inReaderLanguage(stored.specialization, ['title'], reader).title,
    },
    level: stored.level,
  };
}

export async function listSpecializations(reader: Language): Promise<SpecializationCard[]> {
  const specializations = await SpecializationModel.find({ status: 'published' })
    .sort({ title: 1 })
    .populate<{
      levels: { key: string; title: string; translations?: object; courses: CourseRecord[] }[];
    }>({
      path: 'levels.courses',
      match: { status: 'published' },
      select: 'hours',
    })
    .lean();
  return specializations.map((specialization) => ({
    slug: specialization.slug,
    ...inReaderLanguage(specialization, ['title', 'summary'], reader),
    levels: specialization.levels.map((level) => ({
      key: level.key as LevelKey,
      title: inReaderLanguage(level, ['title'], reader).title,
      courseCount: level.courses.length,
      hours: sumHours(level.courses),
    })),
  }));
}

export async function getSpecialization(
  slug: string,
  reader: Language,
): Promise<SpecializationView> {
  const specialization = await SpecializationModel.findOne({ slug, status: 'published' })
    .populate<{
      levels: {
        key: string;
        title: string;
        summary: string;
        translations?: object;
        courses: CourseRecord[];
      }[];
    }>({
      path: 'levels.courses',
      match: { status: 'published' },
      select: cardFields,
    })
    .lean();
  if (!specialization) throw notFound('specialization');
  const texts = inReaderLanguage(specialization, ['title', 'summary', 'description'], reader);
  return {
    slug: specialization.slug,
    ...texts,
    levels: specialization.levels.map((level) => {
      const placement = {
        specialization: {
          slug,
          title: specialization.title,
          translations: specialization.translations as Translations<'title'> | null,
        },
        level: level.key as LevelKey,
      };
      const levelTexts = inReaderLanguage(level, ['title', 'summary'], reader);
      // populate keeps the level's order but leaves nulls where a course is unpublished.
      const courses = level.courses.filter(Boolean);
      return {
        key: level.key as LevelKey,
        title: levelTexts.title,
        summary: levelTexts.summary,
        hours: sumHours(courses),
        courses: courses.map((course) => toCourseCard(course, placement, reader)),
      };
    }),
  };
}

export async function getLevel(
  slug: string,
  levelKey: LevelKey,
  reader: Language,
): Promise<{ specialization: SpecializationView; level: LevelView }> {
  const specialization = await getSpecialization(slug, reader);
  const level = specialization.levels.find((candidate) => candidate.key === levelKey);
  if (!level) throw notFound('level');
  return { specialization, level };
}

// The catalog is read on every visit and changes only when staff publish, edit or place a course.
// Each web process keeps it, indexed for search, for 10 s (the process that made a change drops it
// at once): see catalog-search.ts for why the index is in the process, and docs/adr/0001.
interface CatalogSnapshot {
  index: CatalogIndex;
  placements: Map<string, StoredPlacement>;
}
let catalogSnapshot: { read: Promise<CatalogSnapshot>; at: number } | null = null;
const catalogLifetimeMs = 10_000;

export function forgetCatalogListings(): void {
  catalogSnapshot = null;
}

function currentCatalog(): Promise<CatalogSnapshot> {
  if (!catalogSnapshot || Date.now() - catalogSnapshot.at > catalogLifetimeMs) {
    const read = readCatalog();
    const snapshot = { read, at: Date.now() };
    catalogSnapshot = snapshot;
    read.catch(() => {
      if (catalogSnapshot === snapshot) catalogSnapshot = null;
    });
  }
  return catalogSnapshot.read;
}

async function readCatalog(): Promise<CatalogSnapshot> {
  const index = await buildCatalogIndex();
  const ids = [...index.entries.values()].map((entry) => entry.course._id);
  return { index, placements: await findStoredPlacements(ids) };
}

const cardsPerPage = 48;

export interface CourseSearchResult {
  /** This page's cards (every match when no page was asked). */
  courses: CourseCard[];
  /** How many courses match, over all pages. */
  total: number;
  /** The page shown and the last one, when paged. */
  page: number;
  pages: number;
  /** When nothing matched the words: close words the catalog knows. */
  suggestions: string[];
}

/** The catalog's courses the reader asked for, as cards in the reader's language. */
export async function searchCourses(
  input: CourseSearchInput,
  reader: Language,
): Promise<CourseSearchResult> {
  const { index, placements } = await currentCatalog();
  const cardOf = (entry: CatalogEntry) =>
    toCourseCard(entry.course, placements.get(entry.id) ?? null, reader);
  const titleOf = (entry: CatalogEntry) => inReaderLanguage(entry.course, ['title'], reader).title;
  const found = findInCatalog(index, input, (id) => placements.get(id)?.level ?? null, titleOf);
  const words = input.q?.trim();
  // A page renders at most this many cards (the catalog at 100 times is 1,100 courses).
  const pages = Math.max(1, Math.ceil(found.length / cardsPerPage));
  const page = Math.min(input.page ?? 1, pages);
  const shown = input.page ? found.slice((page - 1) * cardsPerPage, page * cardsPerPage) : found;
  return {
    courses: shown.map(cardOf),
    total: found.length,
    page,
    pages: input.page ? pages : 1,
    suggestions: found.length === 0 && words ? suggestWords(index, words) : [],
  };
}

/** Published courses, filtered, by title: the JSON API's listing. */
export async function listCourses(
  filter: CourseFilter = {},
  reader: Language = 'en',
): Promise<CourseCard[]> {
  return (await searchCourses(filter, reader)).courses;
}

/** Course cards by id (published courses only), for lists built elsewhere such as a dashboard. */
export async function listCoursesByIds(
  ids: Types.ObjectId[],
  reader: Language,
): Promise<Map<string, CourseCard>> {
  const courses = await findPublishedCoursesByIds<CourseRecord>(ids, cardFields);
  const placements = await findStoredPlacements(courses.map((course) => course._id));
  return new Map(
    courses.map((course) => [
      String(course._id),
      toCourseCard(course, placements.get(String(course._id)) ?? null, reader),
    ]),
  );
}

export async function getCourse(slug: string, reader: Language): Promise<CourseDetail> {
  const course = await CourseModel.findOne({ slug, status: 'published' })
    .select('-draft')
    .populate<{ instructors: { _id: Types.ObjectId; displayName: string }[] }>(
      'instructors',
      'displayName',
    )
    .lean();
  if (!course) throw notFound('course');
  const placements = await findStoredPlacements([course._id]);
  // A deleted account leaves a hole in the list: skip it.
  const instructors = course.instructors.filter((instructor) => instructor?.displayName);
  const profiles = await findInstructorProfiles(
    instructors.map((instructor) => instructor._id),
    reader,
  );
  const description = inReaderLanguage(course, ['description'], reader);
  const moduleTitle = (module: (typeof course.modules)[number]) =>
    inReaderLanguage({ ...module, language: course.language }, ['title'], reader).title;
  return {
    ...toCourseCard(
      course as unknown as CourseRecord,
      placements.get(String(course._id)) ?? null,
      reader,
    ),
    id: String(course._id),
    version: course.version ?? 0,
    archived: Boolean(course.archivedAt),
    description: description.description,
    descriptionLanguage: description.contentLanguage,
    instructors: instructors.map((instructor) => instructor.displayName),
    instructorProfiles: instructors.flatMap((instructor) => {
      const profile = profiles.get(String(instructor._id));
      return profile ? [profile] : [];
    }),
    modules: course.modules.map((module) => ({
      title: moduleTitle(module),
      kind: module.kind,
      minutes: module.minutes,
    })),
    liveSessions: course.modules.flatMap((module) =>
      module.kind === 'live_session' && module.liveSession
        ? [
            {
              id: String(module._id),
              title: moduleTitle(module),
              startsAt: module.liveSession.startsAt.toISOString(),
              durationMinutes: module.liveSession.durationMinutes,
              required: module.required,
            },
          ]
        : [],
    ),
  };
}

function sumHours(courses: { hours: number }[]): number {
  return courses.reduce((total, course) => total + course.hours, 0);
}
