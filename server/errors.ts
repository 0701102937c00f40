// Errors are values with a stable code; handlers branch on `code`, never on message text.

export type FieldErrors = Record<string, string>;

export type ErrorCode =
  | 'validation_failed'
  | 'malformed_body'
  | 'email_taken'
  | 'registration_closed'
  | 'invalid_credentials'
  | 'invalid_reset_token'
  | 'csrf_invalid'
  | 'rate_limited'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_publishable'
  | 'not_enrolled'
  | 'enrollment_closed'
  | 'edition_full'
  | 'quiz_attempts_exhausted'
  | 'unsupported_file'
  | 'service_unavailable'
  | 'bad_signature'
  | 'invalid_two_factor_code'
  | 'two_factor_required'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: FieldErrors;
  /** Expected errors are the user's (bad input, no access); unexpected ones are logged with a stack. */
  readonly expected: boolean;

  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    options: { fields?: FieldErrors; cause?: unknown; expected?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.fields = options.fields;
    this.expected = options.expected ?? status < 500;
  }
}

export const validationFailed = (
  fields: FieldErrors,
  message = 'Some fields need your attention.',
) => new AppError('validation_failed', 422, message, { fields });

export const notFound = (what = 'Page') => new AppError('not_found', 404, `${what} not found.`);

export const forbidden = () =>
  new AppError('forbidden', 403, 'You do not have access to this page.');

export const unauthenticated = () => new AppError('unauthenticated', 401, 'Please log in first.');

export const conflict = (message: string, fields?: FieldErrors) =>
  new AppError('conflict', 409, message, { fields });

export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
