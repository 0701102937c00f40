import { RedisStore } from 'connect-redis';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { Config, SessionLimit } from '../config';
import { AppError } from '../errors';
import { isApiRequest } from '../http';
import type { RedisClient } from '../redis';

const twoWeeksSeconds = 14 * 24 * 60 * 60;

declare module 'express-session' {
  interface SessionData {
    /** When the person logged in (ms): the absolute limit counts from here. */
    authenticatedAt?: number;
    /** Their latest request (ms, refreshed at most once a minute): the idle limit counts from here. */
    lastSeenAt?: number;
  }
}

/**
 * Sessions in Redis (FerretDB has no TTL indexes for a Mongo-backed store). Nothing is stored for
 * a visitor until there is something to keep (a login, a flash message): forms are protected by
 * double-submit CSRF tokens, not by a session (csrf.ts).
 */
export function sessions(config: Config, redis: RedisClient) {
  return session({
    name: 'campus.sid',
    store: new RedisStore({
      client: redis,
      prefix: `${config.redisPrefix}:sess:`,
      ttl: twoWeeksSeconds,
    }),
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.baseUrl.startsWith('https://'),
      maxAge: twoWeeksSeconds * 1000,
    },
  });
}

/** Called once the person is logged in: the session's clocks start (re-logins keep the first). */
export function stampLogin(req: Request, previousAuthenticatedAt?: number): void {
  const now = Date.now();
  req.session.authenticatedAt = previousAuthenticatedAt ?? now;
  req.session.lastSeenAt = now;
}

const touchEveryMs = 60_000;

/**
 * Staff sessions can change courses, badges and accounts: 2 hours idle, 12 hours in all (a working
 * day). Students' hold only their own learning and are often on their own device: 7 days idle,
 * 14 days in all. Enforced here from the session's own timestamps, not from the cookie (which the
 * client keeps or replays as it likes). Every answer to a logged-in request is `no-store`.
 */
export function sessionLimits(config: Config): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next();
    forceNoStore(res);
    const staff = req.user.roles.some((role) => role === 'admin' || role === 'instructor');
    const limit: SessionLimit = staff ? config.sessionLimits.staff : config.sessionLimits.student;
    const now = Date.now();
    const { authenticatedAt, lastSeenAt } = req.session;
    const expired =
      authenticatedAt === undefined ||
      lastSeenAt === undefined ||
      now - lastSeenAt > limit.idleMs ||
      now - authenticatedAt > limit.absoluteMs;
    if (!expired) {
      if (now - lastSeenAt >= touchEveryMs) req.session.lastSeenAt = now;
      return next();
    }
    req.logout((error) => {
      if (error) return next(error);
      if (isApiRequest(req))
        return next(new AppError('session_expired', 401, 'errors:sessionExpired'));
      // The next page says why; a GET comes back here after logging in again.
      req.session.flash = 'errors:sessionExpired';
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(`/login${back}`);
    });
  };
}

/** A route's own Cache-Control (a public badge, a download) must not make a private answer cacheable. */
function forceNoStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    this.setHeader('Cache-Control', 'no-store');
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
