// The privacy notice and the terms of use: public pages, in the reader's language. Wallets show
// their links (the Open Badges API's discovery document) before a student connects one.
import { Router } from 'express';

export function policyPages(): Router {
  const router = Router();
  router.get('/privacy', (_req, res) => res.render('accounts/policy', { policy: 'privacy' }));
  router.get('/terms', (_req, res) => res.render('accounts/policy', { policy: 'terms' }));
  return router;
}
