// Small helpers shared by every component's routes.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError, wordError } from './errors';

/** Machines' requests (the API and other systems' webhooks) get problem+json, never a page. */
export function isApiRequest(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || req.originalUrl.startsWith('/webhooks/');
}

/** What wallets call (OpenID4VCI): their errors are OAuth's `{ error, error_description }`. */
export function isWalletProtocolRequest(req: Request): boolean {
  return req.originalUrl.startsWith('/oid4vci/');
}

/** Words an OAuth error_description may hold (RFC 6749 §5.2: printable ASCII but `"` and `\`). */
export const plainDescription = (text: string) =>
  text
    .replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);

/** The OAuth error code that says what an HTTP error status means to a wallet. */
export function oauthErrorCode(status: number): string {
  if (status === 429) return 'slow_down';
  if (status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

type FormLocals = (req: Request) => Promise<Record<string, unknown>> | Record<string, unknown>;

/**
 * Wraps a form's POST handler: an expected error (bad input, wrong password, rate limit)
 * re-renders the same form with the user's values and the message for each field.
 * Password fields are never echoed back.
 */
export function handleForm(
  view: string,
  handler: RequestHandler,
  locals: FormLocals = () => ({}),
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res, next);
    } catch (error) {
      if (!(error instanceof AppError) || !error.expected) return next(error);
      const values = { ...(req.body as Record<string, unknown>) };
      for (const key of Object.keys(values)) if (/password|_csrf/i.test(key)) delete values[key];
      const worded = wordError(req.language ?? 'en', error);
      res.status(error.status).render(view, {
        ...(await locals(req)),
        values,
        errors: worded.fields,
        formError: worded.message,
      });
    }
  };
}

/**
 * Whether a destructive action's form carries its confirming tick (`confirm=yes`). Without it the
 * action is not taken: the person is sent back to `back`, told to tick it, and nothing changes.
 */
export function confirmedOrSentBack(
  req: Request,
  res: Response,
  back: string,
  /** The section of `back` that shows the message (see view-locals flashAt). */
  flashAt?: string,
): boolean {
  if ((req.body as Record<string, unknown> | undefined)?.confirm === 'yes') return true;
  req.session.flash = 'errors:confirmFirst';
  req.session.flashTone = 'warning';
  if (flashAt) req.session.flashAt = flashAt;
  res.redirect(back);
  return false;
}

/** Redirect target after login: only local paths, never another site. */
export function safeNextPath(next: unknown, fallback = '/dashboard'): string {
  return typeof next === 'string' && /^\/(?!\/|\\)/.test(next) ? next : fallback;
}

/**
 * Runs a middleware (a multipart parser, a rate limit) inside a handler, as a promise: used where
 * its errors must reach the handler's form rather than the error page.
 */
export function runMiddleware(
  middleware: RequestHandler,
  req: Request,
  res: Response,
): Promise<void> {
  return new Promise((resolve, reject) =>
    middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve())),
  );
}
