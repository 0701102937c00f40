// Instructors give their course a picture (or take it back to the topic's drawing). Like every
// other change it goes into the draft: students see it once the course is published again.
import { resizeUploadedImage, storeImage } from '../../platform/images';
import { courseImageBucket, courseImageSizes } from '../catalog/course-images';
import { saveCourse } from './authoring.service';
import { loadEditableCourse, type Actor } from './course-access';

export async function setCourseImage(
  actor: Actor,
  slug: string,
  upload: { buffer: Buffer } | undefined,
): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  const sizes = await resizeUploadedImage(upload, courseImageSizes);
  const metadata = { course: course._id, uploadedBy: actor.id };
  // The published course may still show the picture this replaces: a daily sweep deletes those no
  // course shows any more (sweep-unused-course-images.job.ts).
  const [card, wide] = await Promise.all([
    storeImage(courseImageBucket, sizes.card, { ...metadata, size: 'card' }),
    storeImage(courseImageBucket, sizes.wide, { ...metadata, size: 'wide' }),
  ]);
  course.set('draft.image', { card, wide });
  course.hasUnpublishedChanges = true;
  await saveCourse(course);
}

export async function removeCourseImage(actor: Actor, slug: string): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  if (!course.draft.image?.card) return;
  course.set('draft.image', undefined);
  course.hasUnpublishedChanges = true;
  await saveCourse(course);
}
