// Turns zod results into AppErrors with one message per field, shared by pages and the API.
// Schemas give their messages as keys ('errors:validation.enterEmail'); where a schema gave none,
// zod's own wording is kept and later put into the reader's language by zod's locales.
import type { z } from 'zod';
import { isMessageKey } from '../i18n';
import { validationFailed, type FieldErrors } from './errors';

function limitsOf(issue: z.core.$ZodIssue): Record<string, unknown> {
  const { minimum, maximum } = issue as { minimum?: unknown; maximum?: unknown };
  return { minimum: Number(minimum), maximum: Number(maximum) };
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  // The input is kept on each issue so zod's locales can say what type was received.
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'body';
    if (fields[field]) continue;
    const { input: _input, ...withoutInput } = issue as typeof issue & { input?: unknown };
    // A schema's own message is a key; the limits a message may name come from the issue.
    fields[field] = isMessageKey(issue.message)
      ? { key: issue.message, values: limitsOf(issue) }
      : { zodIssue: issue.code === 'invalid_type' ? issue : withoutInput };
  }
  throw validationFailed(fields);
}
