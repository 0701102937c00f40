// Course pictures no course shows any more (replaced or removed, in the draft and the published
// course alike) are deleted once a day. Only the current draft's and the published course's
// pictures are ever served (course-images.ts), so nothing else can reach an older one. A picture
// stored in the last day is left alone: its upload may still be saving the course that names it.
import { deleteStoredImage, listStoredImagesBefore } from '../../platform/images';
import { recomputeJob } from '../../platform/queue';
import { courseImageBucket } from './course-images';
import { CourseModel } from './course.model';

const day = 24 * 60 * 60 * 1000;

export async function deleteUnusedCourseImages(
  storedBefore = new Date(Date.now() - day),
): Promise<{ removed: number }> {
  const candidates = await listStoredImagesBefore(courseImageBucket, storedBefore);
  if (!candidates.length) return { removed: 0 };
  const courses = await CourseModel.find({
    $or: [{ 'image.card': { $exists: true } }, { 'draft.image.card': { $exists: true } }],
  })
    .select('image draft.image')
    .lean();
  const shown = new Set(
    courses.flatMap((course) =>
      [course.image, course.draft?.image].flatMap((image) =>
        image ? [image.card, image.wide].filter(Boolean).map(String) : [],
      ),
    ),
  );
  let removed = 0;
  for (const id of candidates) {
    if (shown.has(String(id))) continue;
    await deleteStoredImage(courseImageBucket, id);
    removed += 1;
  }
  return { removed };
}

export const sweepUnusedCourseImagesJob = recomputeJob(
  'sweep-unused-course-images',
  day,
  () => deleteUnusedCourseImages(),
  'unused course pictures deleted',
);
