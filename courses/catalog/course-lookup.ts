// Published courses by id and by slug, as indexed `_id` lookups. FerretDB (dev and test) uses no
// index for `$in` or for a slug: it decodes every course document, modules and lesson text
// included, so the dashboard's "these five courses" cost as much as the whole catalog. A student's
// handful of courses are read one `_id` each instead (fast on MongoDB too), and a slug's id is
// remembered, then checked against the document read.
import { LRUCache } from 'lru-cache';
import type { Types } from 'mongoose';
import { CourseModel } from './course.model';

const idOfSlug = new LRUCache<string, Types.ObjectId>({ max: 5000 });

/** The published courses among these ids, in their order. `fields`: a mongoose inclusion list. */
export async function findPublishedCoursesByIds<T>(
  ids: readonly (Types.ObjectId | string)[],
  fields: string,
): Promise<T[]> {
  const courses = await Promise.all(
    [...new Set(ids.map(String))].map((id) =>
      CourseModel.findById(id).select(`${fields} status`).lean(),
    ),
  );
  return courses.filter((course) => course?.status === 'published') as T[];
}

/** A published course by its slug, or null. */
export async function findPublishedCourseBySlug<T>(
  slug: string,
  fields: string,
): Promise<T | null> {
  const remembered = idOfSlug.get(slug);
  if (remembered) {
    const course = await CourseModel.findById(remembered).select(`${fields} slug status`).lean();
    if (course?.slug === slug && course.status === 'published') return course as T;
    idOfSlug.delete(slug);
  }
  const found = await CourseModel.findOne({ slug, status: 'published' }).select('_id').lean();
  if (!found) return null;
  idOfSlug.set(slug, found._id);
  const course = await CourseModel.findById(found._id).select(`${fields} slug status`).lean();
  return course?.status === 'published' ? (course as T) : null;
}
