// Verification for anyone, without an account: the /verify page and /api/v1/verify. Both take a
// pasted credential or an uploaded baked image, and share one rate limit per client, with a
// tighter one on email checks so the verifier cannot be used to find out who holds a badge.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError, forbidden, wordError } from '../../platform/errors';
import { ApiRoutes } from '../../platform/api-routes';
import type { AppContext } from '../../platform/context';
import { handleForm, runMiddleware } from '../../platform/http';
import { clientKey, redisRateLimit, spendRateBudget } from '../../platform/middleware/rate-limit';
import { singleFileUpload } from '../../platform/middleware/upload';
import { parseInput } from '../../platform/validation';
import { badgeUrls } from '../open-badges/ob2';
import { wordReport } from './verification-report';
import { verifyCredential, verifyInput, type VerifierContext } from './verify.service';
import {
  batchVerifyInput,
  credentialsFrom,
  maxBatchCredentials,
  verifyBatch,
} from './verify-batch';

const maxUploadBytes = 2 * 1024 * 1024;

export interface VerifyRateLimits {
  verifications: RequestHandler;
  recipientChecks: RequestHandler;
}

export function verifyRateLimits(context: AppContext): VerifyRateLimits {
  const { config, redis } = context;
  const hasEmail = (req: Request) =>
    typeof (req.body?.email ?? req.query.email) === 'string' &&
    String(req.body?.email ?? req.query.email).trim() !== '';
  return {
    verifications: redisRateLimit(config, redis, {
      name: 'verify',
      limit: config.verifyRateLimit,
      key: clientKey,
      message: 'errors:rateLimit.verify',
    }),
    recipientChecks: redisRateLimit(config, redis, {
      name: 'verify-recipient',
      limit: config.verifyRecipientRateLimit,
      key: clientKey,
      skip: (req) => !hasEmail(req),
      message: 'errors:rateLimit.verifyRecipient',
    }),
  };
}

/**
 * Batches have their own budget, spent per credential: five times the single verification limit
 * (an employer's list of 100 goes through), so one address gets at most that many batch
 * verifications, besides its single ones, in 15 minutes.
 */
async function spendBatchBudget(context: AppContext, req: Request, credentials: number) {
  await spendRateBudget(context.config, context.redis, {
    name: 'verify-batch',
    key: clientKey(req),
    cost: credentials,
    limit: context.config.verifyRateLimit * 5,
    message: 'errors:rateLimit.verifyBatch',
  });
}

async function answerBatch(
  context: AppContext,
  verifier: VerifierContext,
  req: Request,
  res: Response,
  credentials: string[],
) {
  // Another site's page may not spend a visitor's budget on its own list: browsers say where a
  // request comes from, and the API answers JSON bodies only (a cross-site form cannot send one).
  if (req.get('sec-fetch-site') === 'cross-site') throw forbidden();
  await spendBatchBudget(context, req, credentials.length);
  // A client that went away (a proxy's timeout, a closed tab) starts no more verifications.
  let clientGone = false;
  res.once('close', () => (clientGone = !res.writableFinished));
  const answers = await verifyBatch(credentials, verifier, () => !clientGone);
  return {
    summary: {
      total: answers.length,
      valid: answers.filter(({ result }) => result.verdict === 'valid').length,
    },
    results: answers.map(({ given, result }) => ({ given, ...wordReport(req.t!, result) })),
  };
}

const unsupportedBatchBody = () => new AppError('unsupported_file', 415, 'verify:batch.jsonOnly');

function verifierContext(context: AppContext): VerifierContext {
  return {
    baseUrl: context.config.baseUrl,
    issuerId: badgeUrls(context.config.baseUrl).issuer,
    fetch: context.remoteFetch,
  };
}

export function verifyPages(context: AppContext, limits: VerifyRateLimits): Router {
  const router = Router();
  const verifier = verifierContext(context);
  router.get('/verify', async (req, res, next) => {
    // A shared link (/verify?credential=...) verifies at once.
    const credential = typeof req.query.credential === 'string' ? req.query.credential : '';
    if (!credential)
      return res.render('badges/verify', { values: { credential }, errors: {}, result: null });
    limits.verifications(req, res, async (error?: unknown) => {
      // Refused: the form, with the shared credential still in it and the real wait.
      if (error instanceof AppError && error.expected)
        return res.status(error.status).render('badges/verify', {
          values: { credential },
          errors: {},
          formError: wordError(req.language ?? 'en', error).message,
          result: null,
        });
      if (error) return next(error);
      try {
        const input = parseInput(verifyInput, { credential });
        res.render('badges/verify', {
          values: { credential },
          errors: {},
          result: wordReport(req.t!, await verifyCredential(input, verifier)),
        });
      } catch (failure) {
        next(failure);
      }
    });
  });
  const emptyBatch = { values: {}, errors: {}, batch: null, max: maxBatchCredentials };
  router.get('/verify/batch', (_req, res) => res.render('badges/verify-batch', emptyBatch));
  const csvUpload = singleFileUpload('file', maxUploadBytes);
  router.post(
    '/verify/batch',
    limits.verifications,
    handleForm(
      'badges/verify-batch',
      async (req, res) => {
        await runMiddleware(csvUpload, req, res);
        const body = req.body as Record<string, unknown>;
        const credentials = credentialsFrom(
          req.file ? { csv: req.file.buffer } : { text: body.credentials },
        );
        res.render('badges/verify-batch', {
          ...emptyBatch,
          values: { credentials: req.file ? '' : String(body.credentials ?? '') },
          batch: await answerBatch(context, verifier, req, res, credentials),
        });
      },
      () => emptyBatch,
    ),
  );
  const upload = singleFileUpload('file', maxUploadBytes);
  router.post(
    '/verify',
    handleForm(
      'badges/verify',
      async (req, res) => {
        // Parsed here, so a file that is too large is shown on the form like any other error;
        // and before the limits, so a refused employer finds what they entered still there.
        await runMiddleware(upload, req, res);
        await runMiddleware(limits.verifications, req, res);
        await runMiddleware(limits.recipientChecks, req, res);
        const input = parseInput(verifyInput, req.body);
        res.render('badges/verify', {
          values: { credential: input.credential ?? '', email: input.email ?? '' },
          errors: {},
          result: wordReport(
            req.t!,
            await verifyCredential({ ...input, file: req.file?.buffer }, verifier),
          ),
        });
      },
      () => ({ result: null }),
    ),
  );
  return router;
}

export function verifyApi(context: AppContext, limits: VerifyRateLimits): ApiRoutes {
  const api = new ApiRoutes();
  const verifier = verifierContext(context);
  const spec = {
    tag: 'verification',
    access: 'public' as const,
    summary:
      'Verify a badge (this campus’s or another issuer’s): a credential or certificate id, a badge URL, a signed badge or VC-JWT, its JSON, or a baked PNG/SVG upload; optionally for an email',
    responses: {
      200: '{ verdict: valid|unverified-issuer|unconfirmed|expired|revoked|suspended|tampered|compromised|unknown-issuer|unknown|wrong-recipient|invalid|unreadable, issuerTrust: this-campus|known-to-campus|domain-bound|unverified, checks, badge } — unverified-issuer: the signature (or hosted copy) checks out, but nothing binds the issuer to the id it claims (its profile or keys were served from another origin, or it is a did:key no admin listed); domain-bound: issued by the holder of the domain its id names (badge.issuer.domain); known-to-campus: listed by this campus’s admins with the key or origins it used',
      413: 'Upload too large',
      422: 'Invalid field',
      429: 'Too many verifications',
    },
  };
  api.get(
    '/verify',
    { ...spec, query: verifyInput },
    limits.verifications,
    limits.recipientChecks,
    async (req, res) => {
      const result = await verifyCredential(parseInput(verifyInput, req.query), verifier);
      res.json(wordReport(req.t!, result));
    },
  );
  api.post(
    '/verify',
    {
      ...spec,
      body: verifyInput,
      upload: { field: 'file', description: 'A baked badge image (PNG or SVG)' },
    },
    // Counted before the upload is read: a refused client costs no parsing.
    limits.verifications,
    singleFileUpload('file', maxUploadBytes),
    limits.recipientChecks,
    async (req, res) => {
      const input = parseInput(verifyInput, req.body);
      const result = await verifyCredential({ ...input, file: req.file?.buffer }, verifier);
      res.json(wordReport(req.t!, result));
    },
  );
  api.post(
    '/verify/batch',
    {
      tag: 'verification',
      access: 'public',
      summary: `Verify up to ${maxBatchCredentials} badges at once (ids, links, JWTs, JSON; an array, or one text with a line each) in a JSON body of at most 100 KB, each answered as POST /verify would, in the order given. Batches have their own budget per client: 5× the single verification limit, spent per credential.`,
      body: batchVerifyInput,
      responses: {
        200: '{ summary: { total, valid }, results: [{ given, verdict, issuerTrust, checks, badge }] }',
        415: 'Not a JSON body',
        422: 'No credentials, or more than the limit',
        429: 'Too many verifications',
      },
    },
    limits.verifications,
    async (req, res) => {
      if (!req.is('application/json')) throw unsupportedBatchBody();
      const { credentials } = parseInput(batchVerifyInput, req.body);
      res.json(
        await answerBatch(context, verifier, req, res, credentialsFrom({ text: credentials })),
      );
    },
  );
  return api;
}
