// Who may change a course: its instructors and admins. Every authoring, preview and attendance
// action goes through here, so the rule lives in one place.
import type { NextFunction, Request, Response } from 'express';
import type { Types } from 'mongoose';
import type { Role } from '../../platform/middleware/auth';
import { forbidden, notFound } from '../../platform/errors';
import { CourseModel, type CourseDocument } from '../catalog/course.model';

/** The logged-in person acting; routes pass `req.user`. */
export interface Actor {
  id: string;
  roles: Role[];
}

export const isAdmin = (actor: Actor) => actor.roles.includes('admin');

export function canEditCourse(actor: Actor, course: { instructors: Types.ObjectId[] }): boolean {
  return isAdmin(actor) || course.instructors.some((id) => String(id) === actor.id);
}

/** The course as a mongoose document, or 404 when unknown, or 403 when not the actor's. */
export async function loadEditableCourse(actor: Actor, slug: string): Promise<CourseDocument> {
  const course = await CourseModel.findOne({ slug });
  if (!course) throw notFound('course');
  if (!canEditCourse(actor, course)) throw forbidden();
  return course;
}

/**
 * `router.param('slug', courseStaffOnly)` on routers whose every `:slug` names a course only its
 * staff may touch: answers 404/403 before a body or file is read, so a stranger never learns which
 * fields a form wants. Without a user it lets the route's own role check answer (401 or login).
 */
export async function courseStaffOnly(
  req: Request,
  _res: Response,
  next: NextFunction,
  slug: string,
): Promise<void> {
  if (!req.user) return next();
  try {
    const course = await CourseModel.findOne({ slug }).select('instructors').lean();
    if (!course) return next(notFound('course'));
    next(canEditCourse(req.user, course) ? undefined : forbidden());
  } catch (error) {
    next(error);
  }
}
