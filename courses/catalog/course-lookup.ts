// Published courses by id and by slug, through the `_id` and unique slug indexes.
import type { Types } from 'mongoose';
import { CourseModel } from './course.model';

/** The published courses among these ids, in their order. `fields`: a mongoose inclusion list. */
export async function findPublishedCoursesByIds<T>(
  ids: readonly (Types.ObjectId | string)[],
  fields: string,
): Promise<T[]> {
  const unique = [...new Set(ids.map(String))];
  if (!unique.length) return [];
  const found = await CourseModel.find({ _id: { $in: unique }, status: 'published' })
    .select(fields)
    .lean();
  const byId = new Map(found.map((course) => [String(course._id), course]));
  return unique.flatMap((id) => (byId.has(id) ? [byId.get(id)] : [])) as T[];
}

/** A published course by its slug, or null. */
export async function findPublishedCourseBySlug<T>(
  slug: string,
  fields: string,
): Promise<T | null> {
  const course = await CourseModel.findOne({ slug, status: 'published' })
    .select(`${fields} slug`)
    .lean();
  return course as T | null;
}
