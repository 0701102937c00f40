// The privacy notice and the terms of use: public pages, in the reader's language. Wallets show
// their links (the Open Badges API's discovery document) before a student connects one.
import { Router } from 'express';
import { translateList } from '../i18n';

export function policyPages(): Router {
  const router = Router();
  for (const policy of ['privacy', 'terms'] as const)
    router.get(`/${policy}`, (req, res) =>
      res.render('accounts/policy', {
        policy,
        paragraphs: translateList(req.language!, `accounts:policy.${policy}.paragraphs`),
      }),
    );
  return router;
}
