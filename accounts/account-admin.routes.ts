// An admin disables an account (a leaver, a compromised login) or enables it again: the page's
// buttons on the student record and the same action in the API.
import { Router } from 'express';
import { idOrNotFound } from '../platform/validation';
import { ApiRoutes } from '../platform/api-routes';
import { confirmedOrSentBack } from '../platform/http';
import { requireRole } from '../platform/middleware/auth';
import { setAccountDisabled } from './accounts.service';

export function accountAdminPages(): Router {
  const router = Router();
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    router.post(`/admin/students/:id/${action}`, requireRole('admin'), async (req, res) => {
      const id = idOrNotFound(req.params.id, 'account');
      // Disabling ends every session the person has: asked for a tick (enabling is not).
      if (disabled && !confirmedOrSentBack(req, res, `/admin/students/${id}`)) return;
      await setAccountDisabled(req.user!.id, id, disabled);
      req.session.flash = disabled ? 'learning:flash.disabled' : 'learning:flash.enabled';
      res.redirect(`/admin/students/${id}`);
    });
  }
  return router;
}

export function accountAdminApi(): ApiRoutes {
  const api = new ApiRoutes();
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    api.post(
      `/admin/users/:id/${action}`,
      {
        tag: 'admin',
        access: ['admin'],
        summary: disabled
          ? 'Disable an account: it cannot log in and every session it holds ends; audited'
          : 'Enable a disabled account again; audited',
        responses: { 204: 'Done', 404: 'Unknown account', 409: 'An admin disabling themselves' },
      },
      async (req, res) => {
        await setAccountDisabled(req.user!.id, idOrNotFound(req.params.id, 'account'), disabled);
        res.status(204).end();
      },
    );
  }
  return api;
}
