import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import {
  authenticate,
  currentSessionEpoch,
  findUserForSession,
  toPublicUser,
  type PublicUser,
} from './accounts.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends PublicUser {}
  }
}

interface SessionUser {
  id: string;
  /** Sessions from before the last password change no longer resolve to a user. */
  epoch: number;
}

export function configurePassport(): typeof passport {
  // checkCredentials (session-login.ts) has validated and normalized the fields already.
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password' },
      (email, password, done) => {
        authenticate(email, password).then(
          (user) => done(null, toPublicUser(user)),
          (error: unknown) => done(error),
        );
      },
    ),
  );
  // One read per login (not per request): the epoch the session is valid for.
  passport.serializeUser<SessionUser>((user, done) => {
    currentSessionEpoch(user.id).then(
      (epoch) => done(null, { id: user.id, epoch }),
      (error: unknown) => done(error),
    );
  });
  passport.deserializeUser<SessionUser>((stored, done) => {
    findUserForSession(stored.id, stored.epoch).then(
      (user) => done(null, user ?? false),
      (error: unknown) => done(error),
    );
  });
  return passport;
}
