// Account pages: register, log in and out, password reset, profile, email confirmation and change.
import { Router } from 'express';
import {
  clientKey,
  redisRateLimit,
  type AccountRateLimits,
} from '../platform/middleware/rate-limit';
import { canonicalTimeZone, timeZoneChoices } from '../i18n';
import type { AppContext } from '../platform/context';
import { handleForm, safeNextPath } from '../platform/http';
import { requireUser } from '../platform/middleware/auth';
import { parseInput } from '../platform/validation';
import {
  emailChangeInput,
  emailConfirmationInput,
  passwordResetInput,
  passwordResetRequestInput,
  profileInput,
  registerInput,
} from './accounts.schemas';
import {
  confirmEmail,
  addressOfUsableConfirmation,
  requestEmailChange,
  resendEmailConfirmation,
} from './email-confirmation.service';
import { getProfile, registerStudent, updateProfile } from './accounts.service';
import { isResetTokenUsable, requestPasswordReset, resetPassword } from './password-reset.service';
import { beginPendingLogin, checkCredentials, endSession, startSession } from './session-login';

export function accountPages(context: AppContext, rateLimits: AccountRateLimits): Router {
  const router = Router();

  router.get('/register', (req, res) =>
    res.render('accounts/register', { values: {}, errors: {}, next: safeNextPath(req.query.next) }),
  );
  router.post(
    '/register',
    rateLimits.register,
    handleForm(
      'accounts/register',
      async (req, res) => {
        const input = parseInput(registerInput, req.body);
        // Without a choice in the form, the account keeps the language the visitor was reading.
        await registerStudent(context, { ...input, language: input.language ?? req.language });
        const next = safeNextPath(req.body?.next);
        // Only a page of its own: logging in leads to the dashboard anyway.
        if (next !== '/dashboard') req.session.signupNext = next;
        // The same page whether or not the email had an account: no session, the email says more.
        res.render('accounts/register-sent', { email: input.email });
      },
      (req) => ({ next: safeNextPath(req.body?.next) }),
    ),
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
    const profile = await getProfile(req.user!.id);
    // A zone saved before zones were stored as Intl spells them shows as its list entry.
    const values = { ...profile, timeZone: canonicalTimeZone(profile.timeZone) };
    res.render('accounts/profile', {
      values,
      errors: {},
      timeZones: timeZoneChoices(req.language!, values.timeZone),
    });
  });
  router.post(
    '/profile',
    requireUser,
    handleForm(
      'accounts/profile',
      async (req, res) => {
        await updateProfile(req.user!.id, parseInput(profileInput, req.body));
        req.session.flash = 'accounts:flash.profileSaved';
        res.redirect('/profile');
      },
      (req) => ({
        timeZones: timeZoneChoices(
          req.language!,
          canonicalTimeZone((req.body as Record<string, unknown>).timeZone),
        ),
      }),
    ),
  );

  router.get('/email/confirm/:token', async (req, res) => {
    // A page with a button, not a GET that confirms: mail scanners open links.
    const email = await addressOfUsableConfirmation(req.params.token);
    res.status(email ? 200 : 410).render('accounts/confirm-email', {
      token: req.params.token,
      usable: Boolean(email),
      email,
      values: {},
      errors: {},
    });
  });
  router.post(
    '/email/confirm/:token',
    handleForm(
      'accounts/confirm-email',
      async (req, res) => {
        const { token } = parseInput(emailConfirmationInput, { token: req.params.token });
        const outcome = await confirmEmail(context, token);
        req.session.flash =
          outcome === 'changed' ? 'accounts:flash.emailChanged' : 'accounts:flash.emailConfirmed';
        // Signed up in this browser from a page that asked to log in: back there after logging in.
        const next = req.session.signupNext;
        delete req.session.signupNext;
        res.redirect(
          req.user
            ? (next ?? '/dashboard')
            : next
              ? `/login?next=${encodeURIComponent(next)}`
              : '/login',
        );
      },
      (req) => ({ token: req.params.token, usable: false }),
    ),
  );
  router.post(
    '/email/confirm-resend',
    requireUser,
    confirmationResendLimit(context),
    async (req, res) => {
      await resendEmailConfirmation(context, req.user!.id);
      req.session.flash = {
        key: 'accounts:flash.confirmationResent',
        values: { email: req.user!.email },
      };
      res.redirect('/dashboard');
    },
  );

  router.get('/profile/email', requireUser, (req, res) =>
    res.render('accounts/change-email', { values: {}, errors: {} }),
  );
  router.post(
    '/profile/email',
    requireUser,
    currentPasswordLimit(context),
    handleForm('accounts/change-email', async (req, res) => {
      const input = parseInput(emailChangeInput, req.body);
      await requestEmailChange(context, req.user!.id, input);
      req.session.flash = { key: 'accounts:flash.emailChangeSent', values: { email: input.email } };
      res.redirect('/profile');
    }),
  );

  return router;
}

/** Confirmation links resent per account (or address): nobody floods an inbox with them. */
export function confirmationResendLimit(context: AppContext) {
  return redisRateLimit(context.config, context.redis, {
    name: 'confirmation-resend',
    limit: 3,
    key: (req) => req.user?.id ?? clientKey(req),
    message: 'errors:rateLimit.confirmationResend',
  });
}

/**
 * Wrong current passwords per account (an email move asks for it): a borrowed session must not
 * become a way to guess the password, nor to burn argon2 time without bound.
 */
export function currentPasswordLimit(context: AppContext) {
  return redisRateLimit(context.config, context.redis, {
    name: 'current-password',
    limit: 5,
    skipSuccessfulRequests: true,
    key: (req) => req.user?.id ?? clientKey(req),
    message: 'errors:rateLimit.currentPassword',
  });
}
