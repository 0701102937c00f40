// Published courses and specializations the demo seed loads. A course made by an earlier run is
// left alone: its module ids carry students' progress.
import { CourseModel } from './course.model';
import { SpecializationModel } from './specialization.model';

/** A course's published content, as the seed describes it (modules included). */
export type SeedCourse = { slug: string; [field: string]: unknown };

/** Publishes the course unless a course with this slug exists; returns its id. */
export async function ensurePublishedCourse(
  course: SeedCourse,
  instructorIds: string[],
): Promise<string> {
  const existing = await CourseModel.findOne({
    slug: course.slug,
    'draft.title': { $exists: true },
  })
    .select('_id')
    .lean();
  if (existing) return String(existing._id);
  const { slug, ...content } = course;
  const saved = await CourseModel.findOneAndReplace(
    { slug },
    {
      slug,
      status: 'published',
      instructors: instructorIds,
      version: 1,
      publishedAt: new Date(),
      hasUnpublishedChanges: false,
      draft: content,
      ...content,
    },
    { upsert: true, returnDocument: 'after', runValidators: true },
  );
  return String(saved!._id);
}

/** Publishes (or updates) the specialization, its levels naming their courses by id. */
export async function ensurePublishedSpecialization(
  specialization: {
    slug: string;
    levels: Array<{ courses: string[]; [field: string]: unknown }>;
  } & {
    [field: string]: unknown;
  },
): Promise<string> {
  const saved = await SpecializationModel.findOneAndUpdate(
    { slug: specialization.slug },
    { $set: { ...specialization, status: 'published' } },
    { upsert: true, returnDocument: 'after', runValidators: true },
  );
  return String(saved._id);
}
