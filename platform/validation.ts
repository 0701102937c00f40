// Turns zod results into AppErrors with one message per field, shared by pages and the API.
// Schemas give their messages as keys ('errors:validation.enterEmail'); where a schema gave none,
// zod's own wording is kept and later put into the reader's language by zod's locales.
import { z } from 'zod';
import { isMessageKey, languages } from '../i18n';
import { notFound, validationFailed, type FieldErrors, type Findable } from './errors';

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

// Fields every component reads the same way. They live here, under the components, so a
// component checks an email or a URL slug without reaching into the one that first needed it.

/** An email address as typed: trimmed, at most 254 characters (RFC 5321), compared lower-cased. */
export const emailField = z
  .string({ error: 'accounts:validation.enterEmail' })
  .trim()
  .max(254, 'accounts:validation.emailTooLong')
  .pipe(z.email({ error: 'accounts:validation.emailInvalid' }))
  .transform((email) => email.toLowerCase());

export const slugParam = z.string().regex(/^[a-z0-9-]{1,80}$/);

/** URL parameters: anything that is not a well-formed slug is simply not found. */
export function slugOrNotFound(value: unknown): string {
  const slug = slugParam.safeParse(value);
  if (!slug.success) throw notFound();
  return slug.data;
}

/** Ids in URLs: anything malformed is simply not found. */
export function idOrNotFound(value: unknown, what: Findable = 'module'): string {
  if (typeof value !== 'string' || !/^[a-f0-9]{24}$/.test(value)) throw notFound(what);
  return value;
}

const nestedFieldName = /^([a-z][a-zA-Z]*)\.([a-z][a-zA-Z]*)\.([a-z][a-zA-Z]*)$/;
// Names an object inherits (hasOwnProperty, toString...): a form may not reach them through `??=`.
const reservedNames = new Set([
  '__proto__',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/**
 * A form's `group.key.field` inputs (HTML forms are flat) as `{ group: { key: { field } } }`, for
 * the groups named, so one schema reads forms and JSON alike. Other keys pass through untouched.
 */
export function nestFormFields(body: unknown, groups: readonly string[]): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const nested: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const parts = nestedFieldName.exec(name);
    if (!parts || !groups.includes(parts[1]!) || parts.some((part) => reservedNames.has(part))) {
      nested[name] = value;
      continue;
    }
    const [, group, key, field] = parts as unknown as [string, string, string, string];
    // Objects without a prototype: a key is only ever the form's own, never an inherited one.
    const current = Object.hasOwn(nested, group) ? nested[group] : undefined;
    if (!current || typeof current !== 'object') nested[group] = Object.create(null);
    const groupValue = nested[group] as Record<string, Record<string, unknown>>;
    if (!Object.hasOwn(groupValue, key)) groupValue[key] = Object.create(null);
    groupValue[key]![field] = value;
  }
  return nested;
}

/**
 * Texts in other languages than the original, each optional (blank: not translated, the original
 * shows). Forms send them as `translations.es.title` (see nestFormFields); left out of a JSON
 * body, the stored translations stay as they are.
 */
export const translationsInput = <Shape extends Record<string, z.ZodType>>(shape: Shape) =>
  z
    .object(
      Object.fromEntries(languages.map((language) => [language, z.object(shape).optional()])) as {
        [language in (typeof languages)[number]]: z.ZodOptional<z.ZodObject<Shape>>;
      },
    )
    .optional();
