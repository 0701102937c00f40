// Multipart uploads (multer, in memory: files are small enough and go straight to GridFS).
// Multer's own errors become AppErrors that name the file's field.
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError } from '../errors';

/**
 * Reads one file of a multipart body into `req.file`. Its failures (too large, a second file, a
 * body that is not multipart) are AppErrors naming the field, thrown where the caller is: inside
 * a page's handleForm they re-render the form with the field's error, like any other refusal.
 */
export function receiveSingleFile(
  req: Request,
  res: Response,
  field: string,
  maxBytes: number,
): Promise<void> {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 10 },
  }).single(field);
  const megabytes = Math.round(maxBytes / 1024 / 1024);
  return new Promise((resolve, reject) => {
    parse(req, res, (error: unknown) => {
      if (!error) return resolve();
      if (error instanceof multer.MulterError) {
        const message =
          error.code === 'LIMIT_FILE_SIZE'
            ? ({ key: 'errors:upload.tooLarge', values: { megabytes } } as const)
            : ({ key: 'errors:upload.oneFile', values: { field } } as const);
        const status = error.code === 'LIMIT_FILE_SIZE' ? 413 : 422;
        return reject(
          new AppError('validation_failed', status, message, { fields: { [field]: message } }),
        );
      }
      // Anything else multer reports is a body that is not well-formed multipart (busboy's
      // "Unexpected end of form", a bad boundary): the sender's mistake, not a server error.
      const message = { key: 'errors:upload.malformed', values: { field } } as const;
      reject(new AppError('validation_failed', 400, message, { fields: { [field]: message } }));
    });
  });
}

/** The same as middleware, for the JSON API (its errors go to the API's error handler). */
export function singleFileUpload(field: string, maxBytes: number): RequestHandler {
  return (req, res, next) => {
    receiveSingleFile(req, res, field, maxBytes).then(() => next(), next);
  };
}
