// Errors are values with a stable code; handlers branch on `code`, never on message text.
// Their words are message keys, worded in the reader's language when the error is shown.
import type { Language } from '../i18n';
import { z } from 'zod';
import { translateMessage, translatorFor, type Message } from '../i18n';

/** A zod issue with zod's own wording (a schema that gave no message of its own). */
export interface ZodIssueMessage {
  zodIssue: z.core.$ZodIssue;
}
export type FieldMessage = Message | ZodIssueMessage;
export type FieldErrors = Record<string, FieldMessage>;

export type ErrorCode =
  | 'validation_failed'
  | 'malformed_body'
  | 'email_taken'
  | 'registration_closed'
  | 'invalid_credentials'
  | 'account_disabled'
  | 'cannot_disable_self'
  | 'invalid_reset_token'
  | 'invalid_email_token'
  | 'csrf_invalid'
  | 'rate_limited'
  | 'unauthenticated'
  | 'session_expired'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_publishable'
  | 'not_enrolled'
  | 'enrollment_closed'
  | 'edition_full'
  | 'quiz_attempts_exhausted'
  | 'quiz_passed'
  | 'revoked'
  | 'unsupported_file'
  | 'service_unavailable'
  | 'bad_signature'
  | 'invalid_two_factor_code'
  | 'two_factor_required'
  | 'unknown_language'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** What to tell the reader, worded in their language by the error handler. */
  readonly text: Message;
  readonly fields?: FieldErrors;
  /** Expected errors are the user's (bad input, no access); unexpected ones are logged with a stack. */
  readonly expected: boolean;

  constructor(
    code: ErrorCode,
    status: number,
    text: Message,
    options: { fields?: FieldErrors; cause?: unknown; expected?: boolean } = {},
  ) {
    // `message` stays English: it is what the logs show.
    super(translateMessage(translatorFor('en'), text), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.text = text;
    this.fields = options.fields;
    this.expected = options.expected ?? status < 500;
  }
}

const zodLocales = { en: z.locales.en, es: z.locales.es, pt: z.locales.pt };

/** One field's message in a language. */
export function wordFieldMessage(language: Language, message: FieldMessage): string {
  if (typeof message === 'object' && 'zodIssue' in message) {
    const worded = zodLocales[language]().localeError(message.zodIssue as never);
    return typeof worded === 'string' ? worded : (worded?.message ?? message.zodIssue.message);
  }
  return translateMessage(translatorFor(language), message);
}

/** An error's message and field messages in a language, as pages and the API show them. */
export function wordError(
  language: Language,
  error: AppError,
): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields ?? {}))
    fields[field] = wordFieldMessage(language, message);
  return { message: translateMessage(translatorFor(language), error.text), fields };
}

export const validationFailed = (
  fields: FieldErrors,
  text: Message = 'errors:validation.summary',
) => new AppError('validation_failed', 422, text, { fields });

/** The things the campus can fail to find, each with its sentence in every language. */
export type Findable =
  | 'page'
  | 'account'
  | 'badge'
  | 'awardImport'
  | 'badgeImage'
  | 'course'
  | 'module'
  | 'fileModule'
  | 'file'
  | 'image'
  | 'instructor'
  | 'integration'
  | 'key'
  | 'keyAlgorithm'
  | 'level'
  | 'liveSession'
  | 'message'
  | 'participant'
  | 'question'
  | 'quiz'
  | 'report'
  | 'specialization'
  | 'statusList'
  | 'student';

export const notFound = (what: Findable = 'page') =>
  new AppError('not_found', 404, `errors:notFound.${what}`);

export const forbidden = () => new AppError('forbidden', 403, 'errors:forbidden');

export const unauthenticated = () => new AppError('unauthenticated', 401, 'errors:unauthenticated');

export const conflict = (text: Message, fields?: FieldErrors) =>
  new AppError('conflict', 409, text, { fields });

export function isDuplicateKeyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as { code?: unknown }).code === 11000) return true;
  // The dev store (FerretDB on SQLite) reports an *update* that breaks a unique index as an
  // internal error carrying SQLite's words, not as MongoDB's 11000.
  return /UNIQUE constraint failed/.test(String((error as { message?: unknown }).message));
}

/**
 * Two requests upserting the same new row at once: one inserts, the other hits the unique index.
 * Running the loser again applies its change to the row that now exists, so nothing is lost.
 */
export async function upsertRetryingOnce<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return write();
  }
}
