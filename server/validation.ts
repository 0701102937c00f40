// Turns zod results into AppErrors with one message per field, shared by pages and the API.
import type { z } from 'zod';
import { validationFailed, type FieldErrors } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'body';
    fields[field] ??= issue.message;
  }
  throw validationFailed(fields);
}
