// /api/v1 auth and profile: the same services and validation as the pages, JSON answers.
import { Router } from 'express';
import type { AccountRateLimits } from '../server/middleware/rate-limit';
import type { AppContext } from '../server/context';
import { requireUser } from '../server/middleware/auth';
import { csrfToken } from '../server/middleware/csrf';
import { parseInput } from '../server/validation';
import {
  passwordResetInput,
  passwordResetRequestInput,
  profileInput,
  registerInput,
} from './accounts.schemas';
import { getProfile, registerStudent, updateProfile } from './accounts.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';
import { checkCredentials, endSession, startSession } from './session-login';

export function accountApi(context: AppContext, rateLimits: AccountRateLimits): Router {
  const router = Router();

  router.get('/auth/csrf', (req, res) => res.json({ csrfToken: csrfToken(req) }));

  router.post('/auth/register', async (req, res) => {
    const user = await registerStudent(context, parseInput(registerInput, req.body));
    await startSession(req, user);
    res.status(201).json({ user, csrfToken: csrfToken(req) });
  });

  router.post('/auth/login', rateLimits.login, async (req, res) => {
    const user = await checkCredentials(req, res);
    await startSession(req, user);
    // The session was regenerated, so the client needs the new session's token.
    res.json({ user, csrfToken: csrfToken(req) });
  });

  router.post('/auth/logout', async (req, res) => {
    await endSession(req);
    res.status(204).end();
  });

  router.post('/auth/password-reset', rateLimits.passwordReset, async (req, res) => {
    const { email } = parseInput(passwordResetRequestInput, req.body);
    await requestPasswordReset(context, email);
    res.status(202).json({ message: 'If an account exists for this email, we sent a reset link.' });
  });

  router.post('/auth/password-reset/confirm', async (req, res) => {
    const input = parseInput(passwordResetInput, req.body);
    await resetPassword(input.token, input.password);
    res.status(204).end();
  });

  router.get('/me', requireUser, async (req, res) =>
    res.json({ user: await getProfile(req.user!.id) }),
  );
  router.patch('/me', requireUser, async (req, res) => {
    res.json({
      user: await updateProfile(req.user!.id, parseInput(profileInput.partial(), req.body)),
    });
  });

  return router;
}
