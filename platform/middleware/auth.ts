import type { NextFunction, Request, Response } from 'express';
import { forbidden, unauthenticated } from '../errors';
import { isApiRequest } from '../http';

/** The roles a user may hold; routes are guarded by them (accounts stores them on the user). */
export const roles = ['student', 'instructor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Pages send visitors to the login page and back; the API answers 401. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  if (isApiRequest(req)) return next(unauthenticated());
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
}

export function requireRole(...allowed: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.user) return requireUser(req, res, next);
    if (!req.user.roles.some((role) => allowed.includes(role))) return next(forbidden());
    next();
  };
}
