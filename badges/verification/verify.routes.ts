// Verification for anyone, without an account: the /verify page and /api/v1/verify.
import { Router } from 'express';
import { ApiRoutes } from '../../server/api-routes';
import type { Config } from '../../server/config';
import { handleForm } from '../../server/http';
import { parseInput } from '../../server/validation';
import { verifyCredential, verifyInput } from './verify.service';

export function verifyPages(config: Config): Router {
  const router = Router();
  router.get('/verify', async (req, res) => {
    // A shared link (/verify?credential=...) verifies at once.
    const credential = typeof req.query.credential === 'string' ? req.query.credential : '';
    const result = credential
      ? await verifyCredential(parseInput(verifyInput, { credential }), config.baseUrl)
      : null;
    res.render('badges/verify', { values: { credential }, errors: {}, result });
  });
  router.post(
    '/verify',
    handleForm(
      'badges/verify',
      async (req, res) => {
        const input = parseInput(verifyInput, req.body);
        res.render('badges/verify', {
          values: { credential: input.credential, email: input.email ?? '' },
          errors: {},
          result: await verifyCredential(input, config.baseUrl),
        });
      },
      () => ({ result: null }),
    ),
  );
  return router;
}

export function verifyApi(config: Config): ApiRoutes {
  const api = new ApiRoutes();
  const spec = {
    tag: 'verification',
    access: 'public' as const,
    summary:
      'Verify a badge of this campus: a hosted assertion URL, a signed badge (JWS) or a baked SVG, optionally for an email',
    responses: {
      200: '{ verdict: valid|revoked|expired|invalid, checks, badge }',
      422: 'Invalid field',
    },
  };
  api.get('/verify', { ...spec, query: verifyInput }, async (req, res) => {
    res.json(await verifyCredential(parseInput(verifyInput, req.query), config.baseUrl));
  });
  api.post('/verify', { ...spec, body: verifyInput }, async (req, res) => {
    res.json(await verifyCredential(parseInput(verifyInput, req.body), config.baseUrl));
  });
  return api;
}
