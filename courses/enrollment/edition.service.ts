// Editions of a course: instructors (of the course) and admins schedule them; everyone sees the
// running ones with their seats left.
import { z } from 'zod';
import { conflict, isDuplicateKeyError } from '../../platform/errors';
import { loadEditableCourse, type Actor } from '../authoring/course-access';
import { slugField } from '../authoring/authoring.schemas';
import { EditionModel, EditionSeatModel } from './edition.model';

export const editionInput = z
  .object({
    slug: slugField,
    title: z.string().trim().min(3, 'errors:validation.editionTitle').max(160),
    startsAt: z.coerce.date({ error: 'errors:validation.startDate' }),
    endsAt: z.coerce.date({ error: 'errors:validation.endDate' }),
    capacity: z.coerce
      .number({ error: 'errors:validation.number' })
      .int('errors:validation.wholeNumber')
      .min(0, 'errors:validation.capacity')
      .max(100000)
      .default(0),
  })
  .refine((edition) => edition.endsAt > edition.startsAt, {
    path: ['endsAt'],
    message: 'errors:validation.endAfterStart',
  });
export type EditionInput = z.infer<typeof editionInput>;

export interface EditionView {
  slug: string;
  title: string;
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  seatsLeft: number | null;
  full: boolean;
}

export async function createEdition(
  actor: Actor,
  courseSlug: string,
  input: EditionInput,
): Promise<EditionView> {
  const course = await loadEditableCourse(actor, courseSlug);
  try {
    const edition = await EditionModel.create({ ...input, course: course._id });
    return toView(edition, 0);
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw conflict('catalog:errors.editionAddressTaken', {
        slug: 'catalog:errors.editionAddressTakenField',
      });
    throw error;
  }
}

/** Editions not yet ended, soonest first. */
export async function listRunningEditions(courseId: string): Promise<EditionView[]> {
  const editions = await EditionModel.find({ course: courseId, endsAt: { $gt: new Date() } })
    .sort({ startsAt: 1 })
    .lean();
  return Promise.all(
    editions.map(async (edition) =>
      toView(
        edition,
        edition.capacity > 0 ? await EditionSeatModel.countDocuments({ edition: edition._id }) : 0,
      ),
    ),
  );
}

function toView(
  edition: { slug: string; title: string; startsAt: Date; endsAt: Date; capacity: number },
  seatsTaken: number,
): EditionView {
  const limited = edition.capacity > 0;
  const seatsLeft = limited ? Math.max(0, edition.capacity - seatsTaken) : null;
  return {
    slug: edition.slug,
    title: edition.title,
    startsAt: edition.startsAt.toISOString(),
    endsAt: edition.endsAt.toISOString(),
    capacity: limited ? edition.capacity : null,
    seatsLeft,
    full: seatsLeft === 0,
  };
}
