// The public Bitstring status lists: machines fetch them to learn whether a credential still
// stands. Cached briefly by clients; the campus itself serves a revocation in the next answer.
import { Router } from 'express';
import type { Config } from '../../platform/config';
import { notFound } from '../../platform/errors';
import { statusListCredential } from './status-list.service';

/** Long enough to spare a verifier checking a batch, short enough that a revocation is seen. */
const clientCacheSeconds = 60;

export function statusListRoutes(config: Config): Router {
  const router = Router();
  router.get('/badges/status/:purpose/:list', async (req, res) => {
    const purpose = String(req.params.purpose);
    const list = /^\d{1,6}$/.test(String(req.params.list)) ? Number(req.params.list) : -1;
    if (purpose !== 'revocation' && purpose !== 'suspension') throw notFound('statusList');
    const credential = await statusListCredential(config, purpose, list);
    if (!credential) throw notFound('statusList');
    res
      .type('application/vc+ld+json')
      .set('Access-Control-Allow-Origin', '*')
      .set('Cache-Control', `public, max-age=${clientCacheSeconds}`)
      .send(JSON.stringify(credential));
  });
  return router;
}
