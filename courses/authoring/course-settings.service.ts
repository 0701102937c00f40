// The course details page saves in one go: the texts (into the draft), who may enroll and, for
// admins, where the course sits. Placement is checked first, since it is the part that can be
// refused after the form's own checks (an unknown specialization or level): a refusal then
// leaves everything as it was.
import {
  getEditableCourse,
  type AuthoringContext,
  setEnrollmentPolicy,
  setPlacement,
  updateCourseDetails,
  type EditableCourse,
} from './authoring.service';
import type { CourseDetailsInput, PlacementInput } from './authoring.schemas';
import { isAdmin, type Actor } from './course-access';

export interface CourseSettings {
  details: CourseDetailsInput;
  /** Absent: unchanged. */
  policy?: 'open' | 'restricted';
  /** Only an admin's form carries it; an instructor's placement is read-only. Absent: unchanged. */
  placement?: PlacementInput;
}

export async function saveCourseSettings(
  context: AuthoringContext,
  actor: Actor,
  slug: string,
  settings: CourseSettings,
): Promise<EditableCourse> {
  const current = await getEditableCourse(actor, slug);
  if (settings.placement && isAdmin(actor) && placementChanged(current, settings.placement))
    await setPlacement(context, actor, slug, settings.placement);
  if (settings.policy && settings.policy !== current.enrollmentPolicy)
    await setEnrollmentPolicy(actor, slug, settings.policy);
  return updateCourseDetails(actor, slug, settings.details);
}

function placementChanged(course: EditableCourse, wanted: PlacementInput): boolean {
  const now = course.placement;
  return (
    (now?.specialization ?? undefined) !== wanted.specialization ||
    (now?.level ?? undefined) !== wanted.level
  );
}
