// /admin/badges/trusted-issuers: the issuers this campus knows (admins only). A thin page over
// trusted-issuers.service: list, add or update, remove.
import { Router } from 'express';
import type { AppContext } from '../../platform/context';
import { handleForm } from '../../platform/http';
import { requireRole } from '../../platform/middleware/auth';
import { parseInput } from '../../platform/validation';
import {
  listTrustedIssuers,
  removeTrustedIssuer,
  saveTrustedIssuer,
  trustedIssuerInput,
  trustedIssuerRemoval,
} from './trusted-issuers.service';

const page = '/admin/badges/trusted-issuers';
const view = 'badges/trusted-issuers';

export function trustedIssuerPages(_context: AppContext): Router {
  const router = Router();
  router.use(page, requireRole('admin'));
  const locals = async () => ({ issuers: await listTrustedIssuers(), values: {}, errors: {} });

  router.get(page, async (_req, res) => {
    res.render(view, await locals());
  });

  router.post(
    page,
    handleForm(
      view,
      async (req, res) => {
        const input = parseInput(trustedIssuerInput, req.body);
        await saveTrustedIssuer(req.user!.id, input);
        req.session.flash = { key: 'verify:trusted.flash.saved', values: { name: input.name } };
        res.redirect(page);
      },
      locals,
    ),
  );

  router.post(
    `${page}/remove`,
    handleForm(
      view,
      async (req, res) => {
        const { issuerId } = parseInput(trustedIssuerRemoval, req.body);
        await removeTrustedIssuer(req.user!.id, issuerId);
        req.session.flash = 'verify:trusted.flash.removed';
        res.redirect(page);
      },
      locals,
    ),
  );
  return router;
}
