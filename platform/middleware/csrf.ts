import { randomBytes } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler } from 'express';
import type { Config } from '../config';

// Double-submit tokens (csrf-csrf), so a visitor's form needs no stored session: the token is
// HMAC-signed with a secret from config, sits in an httpOnly cookie and must come back in the form
// (`_csrf`) or the x-csrf-token header (GET /api/v1/auth/csrf hands one out). It is bound to the
// session id once someone is logged in (so login rotates it and another session's token fails),
// and before that to a random visitor cookie. Multipart forms (file uploads) are parsed after this
// check, so their token rides in the query.

/**
 * Endpoints that change nothing and read nothing of the caller's: a forged cross-site request
 * there gains an attacker nothing, while employers' scripts call them without a session.
 */
// The verify page is the same operation as a form (multipart: a token would have to ride in its
// address, where people copy it from).
const sideEffectFreePosts = new Set([
  '/api/v1/verify',
  '/verify',
  '/api/v1/verify/batch',
  '/verify/batch',
]);

const visitorBytes = 18;

interface CsrfCookies {
  visitor: string;
  token: string;
  options: CookieOptions;
}

function cookiesFor(config: Config): CsrfCookies {
  const secure = config.baseUrl.startsWith('https://');
  // __Host- cookies cannot be set by a sibling subdomain (no cookie tossing); they need https.
  const prefix = secure ? '__Host-' : '';
  return {
    visitor: `${prefix}campus.visitor`,
    token: `${prefix}campus.csrf`,
    options: { httpOnly: true, sameSite: 'lax', secure, path: '/' },
  };
}

/** Who the token belongs to: the logged-in session, else this browser's visitor cookie. */
function holderOf(req: Request, cookies: CsrfCookies): string {
  if (req.user) return `session:${req.sessionID}`;
  const visitor = (req.cookies as Record<string, string> | undefined)?.[cookies.visitor];
  return typeof visitor === 'string' && /^[\w-]{24}$/.test(visitor) ? `visitor:${visitor}` : '';
}

export function csrfProtection(config: Config): RequestHandler {
  const cookies = cookiesFor(config);
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => config.csrfSecret,
    getSessionIdentifier: (req) => holderOf(req, cookies),
    cookieName: cookies.token,
    cookieOptions: cookies.options,
    getCsrfTokenFromRequest: (req: Request) =>
      (req.headers['x-csrf-token'] as string | undefined) ??
      ((typeof req.body === 'object' && req.body !== null
        ? (req.body as Record<string, unknown>)._csrf
        : undefined) as string | undefined) ??
      (req.is('multipart/form-data') && typeof req.query._csrf === 'string'
        ? req.query._csrf
        : undefined),
    skipCsrfProtection: (req) => req.method === 'POST' && sideEffectFreePosts.has(req.path),
  });
  return (req, res, next) => {
    // One token per answer (a page has several forms), unless the holder changed (a login).
    let issued: { holder: string; token: string } | undefined;
    res.locals.issueCsrfToken = () => {
      if (!holderOf(req, cookies)) {
        // First form for this browser: a visitor id to bind its token to (nothing is stored).
        const visitor = randomBytes(visitorBytes).toString('base64url');
        res.cookie(cookies.visitor, visitor, cookies.options);
        (req.cookies as Record<string, string>)[cookies.visitor] = visitor;
      }
      const holder = holderOf(req, cookies);
      if (issued?.holder !== holder) issued = { holder, token: generateCsrfToken(req, res) };
      return issued.token;
    };
    doubleCsrfProtection(req, res, next);
  };
}

/**
 * A token for the form or API client answering `req`. The answer carrying it is private to this
 * browser: never stored by a cache.
 */
export function csrfToken(req: Request): string {
  const res = req.res!;
  // An error raised before the CSRF middleware ran: that page's forms cannot be posted anyway.
  const issue = res.locals.issueCsrfToken as (() => string) | undefined;
  if (!issue) return '';
  res.setHeader('Cache-Control', 'no-store');
  return issue();
}
