// A course's picture: the one its instructors uploaded (two sizes, in GridFS bucket
// `courseImages`), else its topic's drawing. Addresses carry the stored file's id, so a new upload
// is a new address and browsers may keep an old one for long.
import { Types } from 'mongoose';
import { openStoredImage, type ImageSize, type StoredImage } from '../../platform/images';
import { CourseModel } from './course.model';
import { defaultImageTopic } from './default-course-image';

export const courseImageBucket = 'courseImages';
/** 16:9 everywhere: a card in the catalog, the wide one on the course page. */
export const courseImageSizes = {
  card: { width: 640, height: 360 },
  wide: { width: 1280, height: 720 },
} satisfies Record<string, ImageSize>;

export interface StoredCourseImage {
  card?: Types.ObjectId | null;
  wide?: Types.ObjectId | null;
}

export interface CourseImageUrls {
  card: string;
  wide: string;
  /** True when the course has no upload and shows its topic's drawing. */
  isDefault: boolean;
}

/**
 * Where a page finds a course's picture. `from` is the published course (public addresses) or
 * the draft an instructor edits (addresses under /teach, for its staff only).
 */
export function courseImageUrls(
  slug: string,
  image: StoredCourseImage | null | undefined,
  topics: readonly string[],
  from: 'published' | 'draft' = 'published',
): CourseImageUrls {
  if (image?.card && image.wide) {
    const base = from === 'published' ? `/courses/${slug}/images` : `/teach/courses/${slug}/images`;
    return { card: `${base}/${image.card}`, wide: `${base}/${image.wide}`, isDefault: false };
  }
  const drawing = `/course-images/${defaultImageTopic(topics)}.svg`;
  return { card: drawing, wide: drawing, isDefault: true };
}

function holds(image: StoredCourseImage | null | undefined, fileId: Types.ObjectId): boolean {
  return Boolean(image && [image.card, image.wide].some((id) => id && id.equals(fileId)));
}

/** A picture of a published course, only while it is that course's published picture. */
export async function openPublishedCourseImage(
  slug: string,
  fileId: string,
): Promise<StoredImage | null> {
  if (!Types.ObjectId.isValid(fileId)) return null;
  const id = new Types.ObjectId(fileId);
  const course = await CourseModel.findOne({ slug, status: 'published' }).select('image').lean();
  if (!course || !holds(course.image, id)) return null;
  return openStoredImage(courseImageBucket, id);
}

/** A picture of a course's draft (its staff's preview; the caller has checked who asks). */
export async function openDraftCourseImage(
  slug: string,
  fileId: string,
): Promise<StoredImage | null> {
  if (!Types.ObjectId.isValid(fileId)) return null;
  const id = new Types.ObjectId(fileId);
  const course = await CourseModel.findOne({ slug }).select('draft.image image').lean();
  if (!course || !(holds(course.draft?.image, id) || holds(course.image, id))) return null;
  return openStoredImage(courseImageBucket, id);
}
