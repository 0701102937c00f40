// /api/v1 auth and profile: the same services and validation as the pages, JSON answers.
import { ApiRoutes } from '../platform/api-routes';
import type { AccountRateLimits } from '../platform/middleware/rate-limit';
import type { AppContext } from '../platform/context';
import { csrfToken } from '../platform/middleware/csrf';
import { parseInput } from '../platform/validation';
import { confirmationResendLimit, currentPasswordLimit } from './accounts.routes';
import {
  confirmEmail,
  requestEmailChange,
  resendEmailConfirmation,
} from './email-confirmation.service';
import {
  emailChangeInput,
  emailConfirmationInput,
  loginInput,
  passwordResetInput,
  passwordResetRequestInput,
  profileInput,
  registerInput,
} from './accounts.schemas';
import { getProfile, registerStudent, updateProfile } from './accounts.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';
import { beginPendingLogin, checkCredentials, endSession, startSession } from './session-login';

export function accountApi(context: AppContext, rateLimits: AccountRateLimits): ApiRoutes {
  const api = new ApiRoutes();
  const auth = 'auth';

  api.get(
    '/auth/csrf',
    {
      tag: auth,
      access: 'public',
      summary: 'A CSRF token for this session',
      responses: { 200: '{ csrfToken }' },
    },
    (req, res) => {
      res.json({ csrfToken: csrfToken(req) });
    },
  );

  api.post(
    '/auth/register',
    {
      tag: auth,
      access: 'public',
      summary:
        'Create a student account: the same answer whether or not the email has one (its owner is emailed either way); then confirm the email and log in',
      body: registerInput,
      responses: {
        202: '{ message } — check your email to continue',
        403: 'Self-registration is closed, or CSRF token missing',
        422: 'Invalid field (a common password, or one containing the email)',
        429: 'Too many registrations from this network, or campus-wide',
      },
    },
    rateLimits.register,
    async (req, res) => {
      const input = parseInput(registerInput, req.body);
      // Without a choice in the form, the account keeps the language the visitor was reading.
      await registerStudent(context, { ...input, language: input.language ?? req.language });
      res.status(202).json({
        message: req.t!('accounts:flash.checkEmail', { email: input.email }),
      });
    },
  );

  api.post(
    '/auth/email-confirmation',
    {
      tag: auth,
      access: 'public',
      summary:
        'Use an emailed confirmation link’s token: confirms the account’s email, or applies the email change it was sent for',
      body: emailConfirmationInput,
      responses: {
        200: '{ outcome: confirmed|changed }',
        400: 'Expired or used link',
        409: 'The new address has meanwhile become another account’s',
      },
    },
    async (req, res) => {
      const { token } = parseInput(emailConfirmationInput, req.body);
      res.json({ outcome: await confirmEmail(context, token) });
    },
  );

  api.post(
    '/auth/login',
    {
      tag: auth,
      access: 'public',
      summary: 'Log in',
      body: loginInput,
      responses: {
        200: '{ user, csrfToken } — use the new token from now on; or { twoFactorRequired, csrfToken }',
        401: 'Email or password is incorrect',
        429: 'Too many attempts',
      },
    },
    rateLimits.login,
    async (req, res) => {
      const user = await checkCredentials(req, res);
      if (user.twoFactorEnabled) {
        // Half logged in: POST /auth/login/2fa with a code finishes it.
        await beginPendingLogin(req, user, '/dashboard');
        return res.json({ twoFactorRequired: true, csrfToken: csrfToken(req) });
      }
      await startSession(req, user);
      // The session was regenerated, so the client needs the new session's token.
      res.json({ user, csrfToken: csrfToken(req) });
    },
  );

  api.post(
    '/auth/logout',
    { tag: auth, access: 'public', summary: 'Log out', responses: { 204: 'Logged out' } },
    async (req, res) => {
      await endSession(req);
      res.status(204).end();
    },
  );

  api.post(
    '/auth/password-reset',
    {
      tag: auth,
      access: 'public',
      summary: 'Email a password reset link (same answer whether or not the account exists)',
      body: passwordResetRequestInput,
      responses: { 202: 'Accepted', 422: 'Invalid email', 429: 'Too many requests' },
    },
    rateLimits.passwordReset,
    async (req, res) => {
      const { email } = parseInput(passwordResetRequestInput, req.body);
      await requestPasswordReset(context, email);
      res.status(202).json({ message: req.t!('errors:resetRequested') });
    },
  );

  api.post(
    '/auth/password-reset/confirm',
    {
      tag: auth,
      access: 'public',
      summary: 'Set a new password with the emailed token',
      body: passwordResetInput,
      responses: {
        204: 'Password changed; every session of the account is logged out',
        400: 'Expired or used token',
        422: 'Weak password',
      },
    },
    async (req, res) => {
      const input = parseInput(passwordResetInput, req.body);
      await resetPassword(input.token, input.password);
      res.status(204).end();
    },
  );

  api.get(
    '/me',
    { tag: 'profile', access: 'user', summary: 'My profile', responses: { 200: '{ user }' } },
    async (req, res) => {
      res.json({ user: await getProfile(req.user!.id) });
    },
  );
  api.patch(
    '/me',
    {
      tag: 'profile',
      access: 'user',
      summary: 'Change my profile',
      body: profileInput.partial(),
      responses: { 200: '{ user }', 422: 'Invalid field' },
    },
    async (req, res) => {
      res.json({
        user: await updateProfile(req.user!.id, parseInput(profileInput.partial(), req.body)),
      });
    },
  );

  api.post(
    '/me/email-confirmation',
    {
      tag: 'profile',
      access: 'user',
      summary: 'Send my email confirmation link again (nothing when already confirmed)',
      responses: { 202: 'Sent', 429: 'Too many requests' },
    },
    confirmationResendLimit(context),
    async (req, res) => {
      await resendEmailConfirmation(context, req.user!.id);
      res.status(202).end();
    },
  );
  api.post(
    '/me/email',
    {
      tag: 'profile',
      access: 'user',
      summary:
        'Move my account to another email: needs my current password; takes effect when the link sent to the new address is used; my current address is told',
      body: emailChangeInput,
      responses: {
        202: 'Link sent',
        422: 'Wrong current password, or invalid email',
        429: 'Too many wrong current passwords',
      },
    },
    currentPasswordLimit(context),
    async (req, res) => {
      await requestEmailChange(context, req.user!.id, parseInput(emailChangeInput, req.body));
      res.status(202).end();
    },
  );

  return api;
}
