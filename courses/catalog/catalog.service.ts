// Read side of the catalog: what visitors browse, as plain objects for pages and the API alike.
import { LRUCache } from 'lru-cache';
import type { Types } from 'mongoose';
import type { Language } from '../../i18n';
import { notFound } from '../../platform/errors';
import type { CourseFilter } from './catalog.schemas';
import { findPublishedCoursesByIds } from './course-lookup';
import { CourseModel, type Course } from './course.model';
import { SpecializationModel } from './specialization.model';
import { topics, type LevelKey, type Topic } from './topics';

export interface CourseCard {
  slug: string;
  title: string;
  summary: string;
  language: Language;
  hours: number;
  topics: { key: Topic; label: string }[];
  placement: Placement | null;
}

export interface Placement {
  specialization: { slug: string; title: string };
  level: LevelKey;
}

export interface CourseDetail extends CourseCard {
  id: string;
  description: string;
  instructors: string[];
  modules: { title: string; kind: string; minutes: number }[];
  liveSessions: { id: string; title: string; startsAt: string; durationMinutes: number }[];
  /** The published version: a calendar's events say it, so an edit replaces them. */
  version: number;
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
const cardFields = 'slug title summary language hours topics';

function toCourseCard(course: CourseRecord, placement: Placement | null): CourseCard {
  return {
    slug: course.slug,
    title: course.title,
    summary: course.summary,
    language: course.language as Language,
    hours: course.hours,
    topics: (course.topics as Topic[]).map((key) => ({ key, label: topics[key] })),
    placement,
  };
}

/** Where each of these courses sits (specialization and level), in one query. */
async function findPlacements(courseIds: Types.ObjectId[]): Promise<Map<string, Placement>> {
  const specializations = await SpecializationModel.find({
    status: 'published',
    'levels.courses': { $in: courseIds },
  })
    .select('slug title levels.key levels.courses')
    .lean();
  const placements = new Map<string, Placement>();
  for (const specialization of specializations) {
    for (const level of specialization.levels) {
      for (const courseId of level.courses) {
        placements.set(String(courseId), {
          specialization: { slug: specialization.slug, title: specialization.title },
          level: level.key as LevelKey,
        });
      }
    }
  }
  return placements;
}

export async function listSpecializations(): Promise<SpecializationCard[]> {
  const specializations = await SpecializationModel.find({ status: 'published' })
    .sort({ title: 1 })
    .populate<{ levels: { key: string; title: string; courses: CourseRecord[] }[] }>({
      path: 'levels.courses',
      match: { status: 'published' },
      select: 'hours',
    })
    .lean();
  return specializations.map((specialization) => ({
    slug: specialization.slug,
    title: specialization.title,
    summary: specialization.summary,
    levels: specialization.levels.map((level) => ({
      key: level.key as LevelKey,
      title: level.title,
      courseCount: level.courses.length,
      hours: sumHours(level.courses),
    })),
  }));
}

export async function getSpecialization(slug: string): Promise<SpecializationView> {
  const specialization = await SpecializationModel.findOne({ slug, status: 'published' })
    .populate<{
      levels: { key: string; title: string; summary: string; courses: CourseRecord[] }[];
    }>({
      path: 'levels.courses',
      match: { status: 'published' },
      select: cardFields,
    })
    .lean();
  if (!specialization) throw notFound('specialization');
  return {
    slug: specialization.slug,
    title: specialization.title,
    summary: specialization.summary,
    description: specialization.description,
    levels: specialization.levels.map((level) => {
      const placement = {
        specialization: { slug, title: specialization.title },
        level: level.key as LevelKey,
      };
      // populate keeps the level's order but leaves nulls where a course is unpublished.
      const courses = level.courses.filter(Boolean);
      return {
        key: level.key as LevelKey,
        title: level.title,
        summary: level.summary,
        hours: sumHours(courses),
        courses: courses.map((course) => toCourseCard(course, placement)),
      };
    }),
  };
}

export async function getLevel(
  slug: string,
  levelKey: LevelKey,
): Promise<{ specialization: SpecializationView; level: LevelView }> {
  const specialization = await getSpecialization(slug);
  const level = specialization.levels.find((candidate) => candidate.key === levelKey);
  if (!level) throw notFound('level');
  return { specialization, level };
}

// The catalog is read on every visit and changes only when staff publish, edit or place a course.
// Each web process keeps a listing for 10 s (the process that made a change drops it at once): a
// listing reads every published course and renders its card (figures in docs/adr/0001).
const catalogListings = new LRUCache<string, Promise<CourseCard[]>>({ max: 200, ttl: 10_000 });

export function forgetCatalogListings(): void {
  catalogListings.clear();
}

export function listCourses(filter: CourseFilter = {}): Promise<CourseCard[]> {
  const key = JSON.stringify([filter.topic ?? null, filter.language ?? null]);
  let listing = catalogListings.get(key);
  if (!listing) {
    listing = readCourseCards(filter);
    catalogListings.set(key, listing);
    listing.catch(() => catalogListings.delete(key));
  }
  return listing;
}

async function readCourseCards(filter: CourseFilter): Promise<CourseCard[]> {
  const courses = await CourseModel.find({
    status: 'published',
    ...(filter.topic ? { topics: filter.topic } : {}),
    ...(filter.language ? { language: filter.language } : {}),
  })
    .sort({ title: 1 })
    .select(cardFields)
    .lean<CourseRecord[]>();
  const placements = await findPlacements(courses.map((course) => course._id));
  return courses.map((course) => toCourseCard(course, placements.get(String(course._id)) ?? null));
}

/** Course cards by id (published courses only), for lists built elsewhere such as a dashboard. */
export async function listCoursesByIds(ids: Types.ObjectId[]): Promise<Map<string, CourseCard>> {
  const courses = await findPublishedCoursesByIds<CourseRecord>(ids, cardFields);
  const placements = await findPlacements(courses.map((course) => course._id));
  return new Map(
    courses.map((course) => [
      String(course._id),
      toCourseCard(course, placements.get(String(course._id)) ?? null),
    ]),
  );
}

export async function getCourse(slug: string): Promise<CourseDetail> {
  const course = await CourseModel.findOne({ slug, status: 'published' })
    .select('-draft')
    .populate<{ instructors: { displayName: string }[] }>('instructors', 'displayName')
    .lean();
  if (!course) throw notFound('course');
  const placements = await findPlacements([course._id]);
  return {
    ...toCourseCard(course as unknown as CourseRecord, placements.get(String(course._id)) ?? null),
    id: String(course._id),
    version: course.version ?? 0,
    description: course.description,
    instructors: course.instructors.map((instructor) => instructor.displayName),
    modules: course.modules.map((module) => ({
      title: module.title,
      kind: module.kind,
      minutes: module.minutes,
    })),
    liveSessions: course.modules.flatMap((module) =>
      module.kind === 'live_session' && module.liveSession
        ? [
            {
              id: String(module._id),
              title: module.title,
              startsAt: module.liveSession.startsAt.toISOString(),
              durationMinutes: module.liveSession.durationMinutes,
            },
          ]
        : [],
    ),
  };
}

function sumHours(courses: { hours: number }[]): number {
  return courses.reduce((total, course) => total + course.hours, 0);
}
