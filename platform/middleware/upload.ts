// Multipart uploads (multer, in memory: files are small enough and go straight to GridFS).
// Multer's own errors become AppErrors that name the `file` field.
import type { RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../errors';

export function singleFileUpload(field: string, maxBytes: number): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 10 },
  }).single(field);
  const megabytes = Math.round(maxBytes / 1024 / 1024);
  return (req, res, next) => {
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        const message =
          error.code === 'LIMIT_FILE_SIZE'
            ? ({ key: 'errors:upload.tooLarge', values: { megabytes } } as const)
            : ({ key: 'errors:upload.oneFile', values: { field } } as const);
        const status = error.code === 'LIMIT_FILE_SIZE' ? 413 : 422;
        return next(
          new AppError('validation_failed', status, message, { fields: { [field]: message } }),
        );
      }
      // Anything else multer reports is a body that is not well-formed multipart (busboy's
      // "Unexpected end of form", a bad boundary): the sender's mistake, not a server error.
      const message = { key: 'errors:upload.malformed', values: { field } } as const;
      next(new AppError('validation_failed', 400, message, { fields: { [field]: message } }));
    });
  };
}
