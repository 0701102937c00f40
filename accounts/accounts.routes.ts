// Account pages: register, log in and out, password reset, profile.
import { Router } from 'express';
import type { AccountRateLimits } from '../server/middleware/rate-limit';
import type { AppContext } from '../server/context';
import { handleForm, safeNextPath } from '../server/http';
import { requireUser } from '../server/middleware/auth';
import { parseInput } from '../server/validation';
import {
  passwordResetInput,
  passwordResetRequestInput,
  profileInput,
  registerInput,
} from './accounts.schemas';
import { getProfile, registerStudent, updateProfile } from './accounts.service';
import { isResetTokenUsable, requestPasswordReset, resetPassword } from './password-reset.service';
import { beginPendingLogin, checkCredentials, endSession, startSession } from './session-login';

export function accountPages(context: AppContext, rateLimits: AccountRateLimits): Router {
  const router = Router();

  router.get('/register', (_req, res) =>
    res.render('accounts/register', { values: {}, errors: {} }),
  );
  router.post(
    '/register',
    handleForm('accounts/register', async (req, res) => {
      const input = parseInput(registerInput, req.body);
      // Without a choice in the form, the account keeps the language the visitor was reading.
      const user = await registerStudent(context, {
        ...input,
        language: input.language ?? req.language,
      });
      await startSession(req, user);
      req.session.flash = {
        key: 'accounts:flash.welcome',
        values: { name: user.displayName, email: user.email },
      };
      res.redirect('/dashboard');
    }),
  );

  router.get('/login', (req, res) =>
    res.render('accounts/login', { values: {}, errors: {}, next: safeNextPath(req.query.next) }),
  );
  router.post(
    '/login',
    rateLimits.login,
    handleForm(
      'accounts/login',
      async (req, res) => {
        const next = safeNextPath(req.body?.next);
        const user = await checkCredentials(req, res);
        if (user.twoFactorEnabled) {
          await beginPendingLogin(req, user, next);
          return res.redirect('/login/2fa');
        }
        await startSession(req, user);
        res.redirect(next);
      },
      (req) => ({ next: safeNextPath(req.body?.next) }),
    ),
  );

  router.post('/logout', async (req, res) => {
    await endSession(req);
    res.redirect('/');
  });

  router.get('/password/forgot', (_req, res) =>
    res.render('accounts/forgot-password', { values: {}, errors: {} }),
  );
  router.post(
    '/password/forgot',
    rateLimits.passwordReset,
    handleForm('accounts/forgot-password', async (req, res) => {
      const { email } = parseInput(passwordResetRequestInput, req.body);
      await requestPasswordReset(context, email);
      res.render('accounts/reset-sent', { email });
    }),
  );

  router.get('/password/reset/:token', async (req, res) => {
    const usable = await isResetTokenUsable(req.params.token);
    res.status(usable ? 200 : 410).render('accounts/reset-password', {
      token: req.params.token,
      usable,
      values: {},
      errors: {},
    });
  });
  router.post(
    '/password/reset/:token',
    handleForm(
      'accounts/reset-password',
      async (req, res) => {
        const input = parseInput(passwordResetInput, {
          token: req.params.token,
          password: req.body?.password,
        });
        await resetPassword(input.token, input.password);
        req.session.flash = 'accounts:flash.passwordChanged';
        res.redirect('/login');
      },
      (req) => ({ token: req.params.token, usable: true }),
    ),
  );

  router.get('/profile', requireUser, async (req, res) => {
    res.render('accounts/profile', { values: await getProfile(req.user!.id), errors: {} });
  });
  router.post(
    '/profile',
    requireUser,
    handleForm('accounts/profile', async (req, res) => {
      await updateProfile(req.user!.id, parseInput(profileInput, req.body));
      req.session.flash = 'accounts:flash.profileSaved';
      res.redirect('/profile');
    }),
  );

  return router;
}
