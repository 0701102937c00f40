// What the registrations component reads of courses: a published course and one of its editions
// by their slugs (as the events system names them), and a course's title for an invitation.
import { CourseModel } from '../catalog/course.model';
import { EditionModel } from './edition.model';

export interface CourseEditionView {
  courseId: string;
  title: string;
  /** The edition asked for, null when none was asked or the course has no such edition. */
  edition: { startsAt: Date } | null;
  /** Archived: it takes no new students (those enrolled keep it). */
  archived: boolean;
}

/** A published course by slug, with the edition of that slug if one is named; null if unpublished. */
export async function findPublishedCourseEdition(
  courseSlug: string,
  editionSlug?: string,
): Promise<CourseEditionView | null> {
  const course = await CourseModel.findOne({ slug: courseSlug, status: 'published' })
    .select('_id title archivedAt')
    .lean();
  if (!course) return null;
  const edition = editionSlug
    ? await EditionModel.findOne({ course: course._id, slug: editionSlug })
        .select('startsAt')
        .lean()
    : null;
  return {
    courseId: String(course._id),
    title: course.title,
    edition: edition ? { startsAt: edition.startsAt } : null,
    archived: Boolean(course.archivedAt),
  };
}

/** A course's title by slug, whatever its status; null for an unknown slug. */
export async function findCourseTitle(slug: string): Promise<string | null> {
  const course = await CourseModel.findOne({ slug }).select('title').lean();
  return course?.title ?? null;
}

/** The editions still running (not ended), with their course's slug: for staff choosing one. */
export async function listRunningEditions(): Promise<
  { courseId: string; slug: string; title: string; startsAt: Date }[]
> {
  const editions = await EditionModel.find({ endsAt: { $gt: new Date() } })
    .select('course slug title startsAt')
    .sort({ startsAt: 1 })
    .lean();
  return editions.map((edition) => ({
    courseId: String(edition.course),
    slug: edition.slug,
    title: edition.title,
    startsAt: edition.startsAt,
  }));
}
