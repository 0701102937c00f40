import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Config } from './config';
import { AppError, notFound } from './errors';
import { isApiRequest } from './http';
import type { Logger } from './logger';
import { setViewLocals } from './middleware/view-locals';

/** Turns what the framework and libraries throw into AppErrors with a stable code. */
function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as { type?: string; code?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') {
    return new AppError('malformed_body', 400, 'The request body is not valid JSON.', {
      fields: { body: 'Malformed JSON.' },
    });
  }
  if (e?.type === 'entity.too.large') {
    return new AppError('malformed_body', 413, 'The request body is too large.', {
      fields: { body: 'Too large.' },
    });
  }
  if (e?.code === 'EBADCSRFTOKEN') {
    return new AppError(
      'csrf_invalid',
      403,
      'This form has expired or did not come from Campus. Reload the page and try again.',
    );
  }
  return new AppError('internal', 500, 'Something went wrong on our side.', {
    cause: error,
    expected: false,
  });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** The one error handler: problem+json for the API, a friendly page for people. */
export function errorHandler(config: Config, logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = toAppError(error);
    if (!appError.expected) logger.error({ err: error, url: req.originalUrl }, 'unexpected error');
    if (res.headersSent) return;
    if (isApiRequest(req)) {
      res
        .status(appError.status)
        .type('application/problem+json')
        .json({
          type: `${config.baseUrl}/problems/${appError.code}`,
          title: appError.message,
          status: appError.status,
          code: appError.code,
          ...(appError.fields
            ? {
                errors: Object.entries(appError.fields).map(([field, message]) => ({
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
      title:
        appError.status === 404
          ? 'Page not found'
          : appError.status >= 500
            ? 'Sorry'
            : 'Something is not right',
      status: appError.status,
      message: appError.message,
      // Stack traces only on a developer's machine.
      stack:
        config.env === 'development' && !appError.expected ? (error as Error)?.stack : undefined,
    };
    res.status(appError.status).render('errors/error', page, (renderError, html) => {
      if (!renderError) return void res.send(html);
      // Never fall through to Express's default page, which prints the stack.
      logger.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send(`${appError.message}\n`);
    });
  };
}
