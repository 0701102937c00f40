import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler } from 'express';

// Synchronizer tokens kept in the session: forms send `_csrf`, API clients the x-csrf-token header
// (GET /api/v1/auth/csrf hands one out).
// Multipart forms (file uploads) are parsed after this check, so their token rides in the query.
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) =>
    (req.headers['x-csrf-token'] as string | undefined) ??
    ((typeof req.body === 'object' && req.body !== null
      ? (req.body as Record<string, unknown>)._csrf
      : undefined) as string | undefined) ??
    (req.is('multipart/form-data') && typeof req.query._csrf === 'string'
      ? req.query._csrf
      : undefined),
});

/**
 * Endpoints that change nothing and read nothing of the caller's: a forged cross-site request
 * there gains an attacker nothing, while employers' scripts call them without a session.
 */
const sideEffectFreePosts = new Set(['/api/v1/verify']);

export const csrfProtection: RequestHandler = (req, res, next) =>
  req.method === 'POST' && sideEffectFreePosts.has(req.path)
    ? next()
    : csrfSynchronisedProtection(req, res, next);
export const csrfToken = (req: Request) => generateToken(req);
