// Passport's callback API wrapped as promises, so routes read as plain steps.
import type { Request, Response } from 'express';
import passport from 'passport';
import { AppError } from '../platform/errors';
import { csrfToken } from '../platform/middleware/csrf';
import { stampLogin } from '../platform/middleware/session';
import { parseInput } from '../platform/validation';
import { loginInput } from './accounts.schemas';

/** Checks the credentials with passport's local strategy; field errors come first. */
export function checkCredentials(req: Request, res: Response): Promise<Express.User> {
  req.body = parseInput(loginInput, req.body);
  return new Promise((resolve, reject) => {
    passport.authenticate(
      'local',
      { session: false },
      (error: unknown, user: Express.User | false) => {
        if (error) return reject(error);
        if (!user)
          return reject(
            new AppError('invalid_credentials', 401, 'errors:accounts.invalidCredentials'),
          );
        resolve(user);
      },
    )(req, res, reject);
  });
}

declare module 'express-session' {
  interface SessionData {
    /** Password checked, second factor awaited: who, where to go next, until when. */
    pendingLogin?: { userId: string; next: string; expiresAt: number };
    /**
     * Where someone who signed up was going (the course page that sent them to log in): their
     * email confirmation, in the same browser, leads to logging in on the way there.
     */
    signupNext?: string;
  }
}

const pendingLoginMs = 5 * 60_000;

/**
 * The password was right and the account has two-factor authentication: a new session id (so a
 * session fixed before cannot ride on it) that only remembers who is half-way through logging in.
 */
export async function beginPendingLogin(req: Request, user: Express.User, next: string) {
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((error) => (error ? reject(error) : resolve())),
  );
  req.session.pendingLogin = { userId: user.id, next, expiresAt: Date.now() + pendingLoginMs };
}

/** The login waiting for its second factor, if it has not expired. */
export function pendingLoginOf(req: Request) {
  const pending = req.session.pendingLogin;
  return pending && pending.expiresAt > Date.now() ? pending : null;
}

/**
 * Starts a session for the user; passport regenerates the session id (no fixation). Its idle and
 * absolute limits count from here; a re-login of the same person (after turning on two-factor)
 * keeps the first login's time.
 */
export async function startSession(req: Request, user: Express.User): Promise<void> {
  const previous = req.user?.id === user.id ? req.session.authenticatedAt : undefined;
  await new Promise<void>((resolve, reject) =>
    req.login(user, (error) => (error ? reject(error) : resolve())),
  );
  stampLogin(req, previous);
}

/**
 * Ends the session; the browser gets a visitor's CSRF token at once (the session's no longer
 * holds), so a client that asks for a token next gets the one its cookie already carries.
 */
export async function endSession(req: Request): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.logout((error) => (error ? reject(error) : resolve())),
  );
  csrfToken(req);
}
