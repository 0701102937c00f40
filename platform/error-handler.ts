import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Config } from './config';
import { applyLanguage } from '../i18n';
import { AppError, notFound, wordError } from './errors';
import { isApiRequest, isWalletProtocolRequest, oauthErrorCode, plainDescription } from './http';
import type { Logger } from './logger';
import { setViewLocals } from './middleware/view-locals';
import { isStoreUnavailableError, storeUnavailable } from './store-health';

/** Turns what the framework and libraries throw into AppErrors with a stable code. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; code?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') {
    return new AppError('malformed_body', 400, 'errors:body.malformed', {
      fields: { body: 'errors:body.malformedField' },
    });
  }
  if (e?.type === 'entity.too.large') {
    return new AppError('malformed_body', 413, 'errors:body.tooLarge', {
      fields: { body: 'errors:body.tooLargeField' },
    });
  }
  if (e?.code === 'EBADCSRFTOKEN') {
    return new AppError('csrf_invalid', 403, 'errors:csrfInvalid');
  }
  if (isStoreUnavailableError(error)) return storeUnavailable();
  return new AppError('internal', 500, 'errors:internal', {
    cause: error,
    expected: false,
  });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** The one error handler: problem+json for the API, a friendly page for people. */
export function errorHandler(config: Config, logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    // The error may come before the language was chosen (a webhook, a malformed body).
    const t = applyLanguage(req, res, config.defaultLanguage);
    const worded = wordError(req.language!, appError);
    if (!appError.expected) logger.error({ err: error, url: req.originalUrl }, 'unexpected error');
    if (res.headersSent) return;
    if (appError.status === 503) res.setHeader('Retry-After', '5');
    if (isWalletProtocolRequest(req)) {
      res.status(appError.status).json({
        error: oauthErrorCode(appError.status),
        error_description: plainDescription(appError.message),
      });
      return;
    }
    if (isApiRequest(req)) {
      res
        .status(appError.status)
        .type('application/problem+json')
        .json({
          type: `${config.baseUrl}/problems/${appError.code}`,
          title: worded.message,
          status: appError.status,
          code: appError.code,
          ...(appError.fields
            ? {
                errors: Object.entries(worded.fields).map(([field, message]) => ({
                  field,
                  message,
                })),
              }
            : {}),
        });
      return;
    }
    // The error may come from before the view-locals middleware ran (CSRF, body parsing).
    setViewLocals(config, req, res);
    const page = {
      title: t(
        appError.status === 404
          ? 'errors:page.notFoundTitle'
          : appError.status >= 500
            ? 'errors:page.sorryTitle'
            : 'errors:page.problemTitle',
      ),
      status: appError.status,
      message: worded.message,
      // Stack traces only on a developer's machine.
      stack:
        config.env === 'development' && !appError.expected ? (error as Error)?.stack : undefined,
    };
    res.status(appError.status).render('errors/error', page, (renderError, html) => {
      if (!renderError) return void res.send(html);
      // Never fall through to Express's default page, which prints the stack.
      logger.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send(`${worded.message}\n`);
    });
  };
}
