import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { parseInput } from '../server/validation';
import { loginInput } from './accounts.schemas';
import {
  authenticate,
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

const epochs = new WeakMap<Express.User, number>();

export function configurePassport(): typeof passport {
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password' },
      (email, password, done) => {
        (async () => {
          const input = parseInput(loginInput, { email, password });
          const user = await authenticate(input.email, input.password);
          const publicUser = toPublicUser(user);
          epochs.set(publicUser, user.sessionEpoch);
          return publicUser;
        })().then(
          (user) => done(null, user),
          (error: unknown) => done(error),
        );
      },
    ),
  );
  passport.serializeUser<SessionUser>((user, done) =>
    done(null, { id: user.id, epoch: epochs.get(user) ?? 0 }),
  );
  passport.deserializeUser<SessionUser>((stored, done) => {
    findUserForSession(stored.id, stored.epoch).then(
      (user) => {
        if (user) epochs.set(user, stored.epoch);
        done(null, user ?? false);
      },
      (error: unknown) => done(error),
    );
  });
  return passport;
}
