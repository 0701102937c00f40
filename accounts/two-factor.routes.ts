// Two-factor pages and API: the second step of logging in, enrolment (QR code, first code,
// recovery codes shown once), and the rule that staff turn it on before they work.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { idOrNotFound } from '../platform/validation';
import { ApiRoutes } from '../platform/api-routes';
import type { AppContext } from '../platform/context';
import { AppError } from '../platform/errors';
import { handleForm, isApiRequest, safeNextPath } from '../platform/http';
import { csrfToken } from '../platform/middleware/csrf';
import type { AccountRateLimits } from '../platform/middleware/rate-limit';
import { requireRole, requireUser } from '../platform/middleware/auth';
import { parseInput } from '../platform/validation';
import { findUserForLogin } from './accounts.service';
import { pendingLoginOf, startSession } from './session-login';
import {
  beginTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  pendingTwoFactorEnrolment,
  recoveryCodesLeft,
  resetTwoFactor,
  verifySecondFactor,
} from './two-factor.service';

const codeInput = z.object({
  code: z.string().trim().min(6, 'errors:validation.twoFactorCode').max(20),
});

const isStaff = (user: Express.User) => user.roles.some((role) => role !== 'student');

/** Where a staff member without two-factor authentication may still go: to turn it on. */
const openWithoutTwoFactor = /^\/(account\/2fa|logout|api\/v1\/(me\/2fa|auth\/)|public\/|healthz)/;

/** Instructors and admins work only once their second factor is on (STAFF_TWO_FACTOR). */
export function enforceStaffTwoFactor(context: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = req.user;
    if (!context.config.staffTwoFactor || !user || user.twoFactorEnabled || !isStaff(user))
      return next();
    if (openWithoutTwoFactor.test(req.path)) return next();
    if (isApiRequest(req))
      return next(new AppError('two_factor_required', 403, 'errors:twoFactor.setUpFirst'));
    req.session.flash = 'accounts:flash.staffNeedTwoFactor';
    res.redirect('/account/2fa');
  };
}

/** The second step: the pending login's code, then the real session (a new id again). */
async function completeLogin(context: AppContext, req: Request, code: string) {
  const pending = pendingLoginOf(req);
  if (!pending) throw new AppError('unauthenticated', 401, 'errors:twoFactor.firstStepExpired');
  await verifySecondFactor(context.config, pending.userId, code);
  const user = await findUserForLogin(pending.userId);
  delete req.session.pendingLogin;
  await startSession(req, user);
  return { user, next: pending.next };
}

export function twoFactorPages(context: AppContext, limits: AccountRateLimits): Router {
  const router = Router();
  router.get('/login/2fa', (req, res) => {
    if (!pendingLoginOf(req)) return res.redirect('/login');
    res.render('accounts/login-2fa', { values: {}, errors: {} });
  });
  router.post(
    '/login/2fa',
    limits.twoFactor,
    handleForm('accounts/login-2fa', async (req, res) => {
      const { code } = parseInput(codeInput, req.body);
      const { next } = await completeLogin(context, req, code);
      res.redirect(safeNextPath(next));
    }),
  );

  router.get('/account/2fa', requireUser, async (req, res) => {
    res.render('accounts/two-factor', {
      enabled: req.user!.twoFactorEnabled,
      codesLeft: req.user!.twoFactorEnabled ? await recoveryCodesLeft(req.user!.id) : 0,
      enrolment: null,
      recoveryCodes: null,
      values: {},
      errors: {},
    });
  });
  router.post('/account/2fa/begin', requireUser, async (req, res) => {
    res.render('accounts/two-factor', {
      enabled: false,
      enrolment: await beginTwoFactorEnrolment(context.config, req.user!.id),
      recoveryCodes: null,
      values: {},
      errors: {},
    });
  });
  router.post(
    '/account/2fa/confirm',
    requireUser,
    limits.twoFactor,
    handleForm(
      'accounts/two-factor',
      async (req, res) => {
        const { code } = parseInput(codeInput, req.body);
        const recoveryCodes = await confirmTwoFactorEnrolment(context.config, req.user!.id, code);
        // A new session id now that the account is better protected.
        await startSession(req, await findUserForLogin(req.user!.id));
        res.render('accounts/two-factor', {
          enabled: true,
          codesLeft: recoveryCodes.length,
          enrolment: null,
          recoveryCodes,
          values: {},
          errors: {},
        });
      },
      async (req) => ({
        enabled: false,
        // The same secret again: the person already scanned it.
        enrolment: await pendingTwoFactorEnrolment(context.config, req.user!.id),
        recoveryCodes: null,
        codesLeft: 0,
      }),
    ),
  );

  router.post('/admin/students/:id/2fa/reset', requireRole('admin'), async (req, res) => {
    const id = idOrNotFound(req.params.id, 'account');
    await resetTwoFactor(req.user!.id, id);
    req.session.flash = 'accounts:flash.twoFactorReset';
    res.redirect(`/admin/students/${id}`);
  });
  return router;
}

export function twoFactorApi(context: AppContext, limits: AccountRateLimits): ApiRoutes {
  const api = new ApiRoutes();
  api.post(
    '/auth/login/2fa',
    {
      tag: 'auth',
      access: 'public',
      summary:
        'Second step of a login that answered { twoFactorRequired: true }: a TOTP or recovery code',
      body: codeInput,
      responses: {
        200: '{ user, csrfToken }',
        401: 'Wrong, reused or expired code',
        429: 'Too many wrong codes',
      },
    },
    limits.twoFactor,
    async (req, res) => {
      const { user } = await completeLogin(context, req, parseInput(codeInput, req.body).code);
      res.json({ user, csrfToken: csrfToken(req) });
    },
  );
  api.post(
    '/me/2fa',
    {
      tag: 'auth',
      access: 'user',
      summary:
        'Start two-factor enrolment: an otpauth:// URI (and its key) for an authenticator app',
      responses: { 200: '{ uri, manualKey }', 409: 'Already on' },
    },
    async (req, res) => {
      const { uri, manualKey } = await beginTwoFactorEnrolment(context.config, req.user!.id);
      res.json({ uri, manualKey });
    },
  );
  api.post(
    '/me/2fa/confirm',
    {
      tag: 'auth',
      access: 'user',
      summary:
        'Turn two-factor authentication on with a first code; answers the ten recovery codes, once',
      body: codeInput,
      responses: { 200: '{ recoveryCodes, csrfToken }', 422: 'Wrong code' },
    },
    limits.twoFactor,
    async (req, res) => {
      const recoveryCodes = await confirmTwoFactorEnrolment(
        context.config,
        req.user!.id,
        parseInput(codeInput, req.body).code,
      );
      await startSession(req, await findUserForLogin(req.user!.id));
      res.json({ recoveryCodes, csrfToken: csrfToken(req) });
    },
  );
  api.post(
    '/admin/users/:id/2fa/reset',
    {
      tag: 'admin',
      access: ['admin'],
      summary: 'Reset a user’s two-factor authentication (a lost phone); audited',
      responses: { 204: 'Reset', 404: 'Unknown account' },
    },
    async (req, res) => {
      const id = idOrNotFound(req.params.id, 'account');
      await resetTwoFactor(req.user!.id, id);
      res.status(204).end();
    },
  );
  return api;
}
