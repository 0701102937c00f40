// An instructor's public page: who they are and the published courses they teach. Only someone
// who teaches a published course has one; anyone else's address is simply not found.
import { Types } from 'mongoose';
import { findInstructorProfiles, type InstructorProfile } from '../../accounts';
import type { Language } from '../../i18n';
import { notFound } from '../../platform/errors';
import { listCoursesByIds, type CourseCard } from './catalog.service';
import { CourseModel } from './course.model';

export interface InstructorPage {
  profile: InstructorProfile;
  courses: CourseCard[];
}

export async function getInstructorPage(id: string, reader: Language): Promise<InstructorPage> {
  if (!Types.ObjectId.isValid(id)) throw notFound('instructor');
  const taught = await CourseModel.find({
    status: 'published',
    archivedAt: { $exists: false },
    instructors: id,
  })
    .select('_id')
    .lean();
  const profile = taught.length ? (await findInstructorProfiles([id], reader)).get(id) : undefined;
  if (!profile) throw notFound('instructor');
  const cards = await listCoursesByIds(
    taught.map((course) => course._id),
    reader,
  );
  const courses = [...cards.values()].sort((a, b) => a.title.localeCompare(b.title, reader));
  return { profile, courses };
}
