// The Open Badges 3.0 API (1EdTech service provider): discovery, the OAuth server (oidc-provider)
// and the credentials and profile resources. Answered before sessions and CSRF: clients call with
// bearer tokens, never a browser session.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { AppContext } from '../platform/context';
import { clientKey, redisRateLimit } from '../platform/middleware/rate-limit';
import { requireObScope } from './bearer-access';
import { serviceDescription } from './discovery';
import { ObApiError, sendImsxError } from './imsx-status';
import { listObCredentials, maxPageSize, upsertObCredential } from './ob-credentials.service';
import { obProfileOf, updateObProfile } from './ob-profile.service';
import { obPaths, obScopes } from './ob-scopes';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Failures as Imsx_StatusInfo, whatever threw them. */
const obHandler = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await handler(req, res);
  } catch (error) {
    if (error instanceof ObApiError) return sendImsxError(res, error);
    next(error);
  }
};

function readPage(query: Request['query']) {
  const integer = (value: unknown, name: string, min: number, max: number, fallback: number) => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || number < min || number > max)
      throw new ObApiError(
        400,
        'invalid_query_parameter',
        `${name} must be a whole number from ${min} to ${max}.`,
      );
    return number;
  };
  // Any positive limit is a valid request (the spec's); a page holds at most maxPageSize.
  const limit = Math.min(integer(query.limit, 'limit', 1, 1_000_000, 20), maxPageSize);
  const offset = integer(query.offset, 'offset', 0, 1_000_000, 0);
  let since: Date | undefined;
  if (query.since !== undefined) {
    since = typeof query.since === 'string' ? new Date(query.since) : new Date(NaN);
    if (Number.isNaN(since.getTime()))
      throw new ObApiError(400, 'invalid_query_parameter', 'since must be an ISO 8601 date-time.');
  }
  return { limit, offset, since };
}

/** RFC 8288 links to the first, previous, next and last pages (spec §6.4). */
function pageLinks(
  url: string,
  page: { limit: number; offset: number; since?: Date },
  total: number,
) {
  const at = (offset: number) => {
    const params = new URLSearchParams({ limit: String(page.limit), offset: String(offset) });
    if (page.since) params.set('since', page.since.toISOString());
    return `<${url}?${params.toString()}>`;
  };
  const last = Math.max(0, Math.floor((total - 1) / page.limit) * page.limit);
  const links = [`${at(0)}; rel="first"`, `${at(last)}; rel="last"`];
  if (page.offset + page.limit < total) links.push(`${at(page.offset + page.limit)}; rel="next"`);
  if (page.offset > 0) links.push(`${at(Math.max(0, page.offset - page.limit))}; rel="prev"`);
  return links.join(', ');
}

export function obApiRoutes(context: AppContext, provider: () => Promise<Provider>): Router {
  const { config } = context;
  const router = Router();
  // Registration is open (the spec's dynamic registration): a network gets 20 clients an hour.
  router.post(
    `${obPaths.oauth}/register`,
    redisRateLimit(config, context.redis, {
      name: 'ob-register',
      limit: 20,
      windowMs: 60 * 60 * 1000,
      key: clientKey,
      message: 'errors:rateLimit.busy',
    }),
  );
  let oauthCallback: ReturnType<Provider['callback']> | null = null;
  router.use(obPaths.oauth, (req, res, next) => {
    provider()
      .then((ready) => {
        oauthCallback ??= ready.callback();
        return oauthCallback(req, res);
      })
      .catch(next);
  });

  router.get(
    `${obPaths.api}/discovery`,
    obHandler(async (_req, res) => {
      res.json(serviceDescription(config.baseUrl, 'Campus'));
    }),
  );
  const scope = (wanted: (typeof obScopes)[keyof typeof obScopes]) =>
    requireObScope(provider, config.baseUrl, wanted);

  router.get(
    `${obPaths.api}/credentials`,
    scope(obScopes.credentialRead),
    obHandler(async (req, res) => {
      const page = readPage(req.query);
      const found = await listObCredentials(config, req.obAccess!.student.id, page);
      res.set('X-Total-Count', String(found.total));
      res.set('Link', pageLinks(`${config.baseUrl}${obPaths.api}/credentials`, page, found.total));
      res.json({
        ...(found.credential.length ? { credential: found.credential } : {}),
        ...(found.compactJwsString.length ? { compactJwsString: found.compactJwsString } : {}),
      });
    }),
  );
  router.post(
    `${obPaths.api}/credentials`,
    express.text({ type: 'text/plain', limit: '200kb' }),
    // The spec's own media type for a credential, besides application/json.
    express.json({ type: 'application/vc+ld+json', limit: '200kb' }),
    scope(obScopes.credentialUpsert),
    obHandler(async (req, res) => {
      const student = req.obAccess!.student;
      if (
        req.is(['application/json', 'application/vc+ld+json']) &&
        req.body &&
        typeof req.body === 'object'
      ) {
        const credential = req.body as Record<string, unknown>;
        const { created } = await upsertObCredential(context, student, {
          format: 'json',
          credential,
        });
        res.status(created ? 201 : 200).json(credential);
        return;
      }
      if (req.is('text/plain') && typeof req.body === 'string') {
        const { created } = await upsertObCredential(context, student, {
          format: 'jws',
          jws: req.body,
        });
        res
          .status(created ? 201 : 200)
          .type('text/plain')
          .send(req.body.trim());
        return;
      }
      throw new ObApiError(
        400,
        'invalid_data',
        'Send an AchievementCredential as application/json, or a VC-JWT as text/plain.',
      );
    }),
  );
  router.get(
    `${obPaths.api}/profile`,
    scope(obScopes.profileRead),
    obHandler(async (req, res) => {
      res.json(await obProfileOf(req.obAccess!.student));
    }),
  );
  router.put(
    `${obPaths.api}/profile`,
    scope(obScopes.profileUpdate),
    obHandler(async (req, res) => {
      res.json(await updateObProfile(req.obAccess!.student, req.body));
    }),
  );
  // Anything else under the API answers as the API does: 405 with Allow, or 404, and a failure
  // as Imsx_StatusInfo (never the site's HTML pages, nor its CSRF check).
  const allowed: Record<string, string> = {
    [`${obPaths.api}/discovery`]: 'GET',
    [`${obPaths.api}/credentials`]: 'GET, POST',
    [`${obPaths.api}/profile`]: 'GET, PUT',
  };
  router.use(obPaths.api, (req, res) => {
    const path = `${obPaths.api}${req.path}`.replace(/\/$/, '');
    const allow = allowed[path];
    if (allow) {
      res.set('Allow', allow);
      return sendImsxError(
        res,
        new ObApiError(405, 'not_allowed', `${req.method} is not allowed here.`),
      );
    }
    sendImsxError(res, new ObApiError(404, 'unknown', 'No such resource in the Open Badges API.'));
  });
  router.use(obPaths.api, (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    req.log?.error({ err: error }, 'Open Badges API failure');
    sendImsxError(
      res,
      new ObApiError(500, 'internal_server_error', 'The request could not be served.'),
    );
  });
  return router;
}
