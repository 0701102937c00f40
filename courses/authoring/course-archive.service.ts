// Archiving a course takes it out of the catalog and closes it to new students; those enrolled
// keep it (content, progress, completions, badges). Restoring puts it back as it was.
import type { Types } from 'mongoose';
import { recordAudit } from '../../platform/audit/audit.service';
import { conflict } from '../../platform/errors';
import { SpecializationModel } from '../catalog/specialization.model';
import { saveCourse } from './authoring.service';
import { loadEditableCourse, type Actor } from './course-access';

const isPlaced = (courseId: Types.ObjectId) =>
  SpecializationModel.exists({ 'levels.courses': courseId }).then(Boolean);

export async function archiveCourse(actor: Actor, slug: string): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  if (course.status !== 'published') throw conflict('authoring:errors.archiveDraft');
  if (course.archivedAt) return;
  // A level's badge certifies its courses: a course leaves its level (an admin's choice) first.
  if (await isPlaced(course._id)) throw conflict('authoring:errors.archivePlaced');
  course.archivedAt = new Date();
  await saveCourse(course);
  // Checked again after the write: an admin placing it meanwhile checks `archivedAt` after theirs
  // (setPlacement), so of two such changes at once at least one sees the other and undoes itself.
  if (await isPlaced(course._id)) {
    course.set('archivedAt', undefined);
    await saveCourse(course);
    throw conflict('authoring:errors.archivePlaced');
  }
  await recordAudit({ actor: actor.id, action: 'course.archived', course: course._id });
}

export async function restoreCourse(actor: Actor, slug: string): Promise<void> {
  const course = await loadEditableCourse(actor, slug);
  if (!course.archivedAt) return;
  course.set('archivedAt', undefined);
  await saveCourse(course);
  await recordAudit({ actor: actor.id, action: 'course.restored', course: course._id });
}
