// The public Bitstring status lists: machines fetch them to learn whether a credential still
// stands. Cached briefly by clients; the campus itself serves a revocation in the next answer.
import { Router } from 'express';
import type { Config } from '../../platform/config';
import { notFound } from '../../platform/errors';
import { statusListCredential, statusListTtlMs } from './status-list.service';

export function statusListRoutes(config: Config): Router {
  const router = Router();
  router.get('/badges/status/:purpose/:list', async (req, res) => {
    const purpose = String(req.params.purpose);
    const list = /^\d{1,6}$/.test(String(req.params.list)) ? Number(req.params.list) : -1;
    if (purpose !== 'revocation' && purpose !== 'suspension') throw notFound('statusList');
    const credential = await statusListCredential(config, purpose, list);
    if (!credential) throw notFound('statusList');
    res
      // VC Data Model 2.0's media type; the list's own `ttl` says the same as max-age.
      .type('application/vc')
      .set('Access-Control-Allow-Origin', '*')
      .set('Cache-Control', `public, max-age=${statusListTtlMs / 1000}`)
      .send(JSON.stringify(credential));
  });
  return router;
}
