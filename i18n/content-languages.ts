// Content written by people (courses, modules, specializations, badges) in several languages.
// Each text is stored in its original language, plus optional translations keyed by language;
// a reader gets their language where it is written and the original everywhere else.
import { Schema } from 'mongoose';
import { languages, type Language } from './languages';

/** Per language, the translated texts (any may be missing: the original stands in). */
export type Translations<Field extends string> = Partial<
  Record<Language, Partial<Record<Field, string | null | undefined>> | null | undefined>
>;

/** A mongoose sub-schema `{ en?: {...fields}, es?: {...}, pt?: {...} }` of optional strings. */
export function translationsSchema(fields: readonly string[]): Schema {
  const texts = new Schema(Object.fromEntries(fields.map((field) => [field, { type: String }])), {
    _id: false,
  });
  return perLanguageSchema(texts);
}

/** `{ en?: texts, es?: texts, pt?: texts }`, for translations that are more than strings. */
export function perLanguageSchema(texts: Schema): Schema {
  return new Schema(Object.fromEntries(languages.map((language) => [language, { type: texts }])), {
    _id: false,
  });
}

export interface ShownIn {
  /**
   * The language the texts are shown in, when known: the reader's when a translation was used,
   * else the original's. Pages set it as `lang` where it differs from the page's.
   */
  contentLanguage: Language | null;
}

/**
 * The fields of `original` in the reader's language: each field from the translation when it is
 * written there (not blank), else the original, so a half-done translation still shows what it has.
 */
export function inReaderLanguage<Field extends string>(
  original: { [key in Field]?: string | null } & {
    translations?: Translations<Field> | null;
    language?: string | null;
  },
  fields: readonly Field[],
  reader: Language,
): Record<Field, string> & ShownIn {
  const originalLanguage = isKnownLanguage(original.language) ? original.language : null;
  const translation = originalLanguage === reader ? null : original.translations?.[reader];
  const texts = {} as Record<Field, string>;
  let translated = false;
  for (const field of fields) {
    const written = translation?.[field];
    if (typeof written === 'string' && written.trim()) {
      texts[field] = written;
      translated = true;
    } else texts[field] = original[field] ?? '';
  }
  return { ...texts, contentLanguage: translated ? reader : originalLanguage };
}

function isKnownLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
