import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

// Synchronizer tokens kept in the session: forms send `_csrf`, API clients the x-csrf-token header
// (GET /api/v1/auth/csrf hands one out).
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) =>
    (req.headers['x-csrf-token'] as string | undefined) ??
    ((typeof req.body === 'object' && req.body !== null
      ? (req.body as Record<string, unknown>)._csrf
      : undefined) as string | undefined),
});

export const csrfProtection = csrfSynchronisedProtection;
export const csrfToken = (req: Request) => generateToken(req);
