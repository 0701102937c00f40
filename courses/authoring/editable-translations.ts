// A form's translation fields: every other language's texts, blank where not translated.
import { languages, type Language, type Translations } from '../../i18n';

export type EditableTranslations<Field extends string> = Record<Language, Record<Field, string>>;

/** Every language's texts for a form, blank where not translated. */
export function editableTranslations<Field extends string>(
  stored: Translations<string> | null | undefined,
  fields: readonly Field[],
): EditableTranslations<Field> {
  return Object.fromEntries(
    languages.map((language) => [
      language,
      Object.fromEntries(fields.map((field) => [field, stored?.[language]?.[field] ?? ''])),
    ]),
  ) as EditableTranslations<Field>;
}
