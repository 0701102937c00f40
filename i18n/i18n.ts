// The campus's words in its three languages. Every page, email, certificate and error message
// takes its text from here; code and views hold keys, never sentences.
import i18next, { type TFunction } from 'i18next';
import { supportedLanguages, type Language } from './languages';
import { formattersFor } from './formatting';
import { namespaces, resources, type EnglishResources } from './resources';

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
type WithoutPluralSuffix<K> =
  K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** Any key of any namespace with its namespace, checked by the compiler (`errors:notFound.badge`). */
export type MessageKey = {
  [N in (typeof namespaces)[number]]: `${N}:${WithoutPluralSuffix<Leaves<EnglishResources[N]>>}`;
}[(typeof namespaces)[number]];

/**
 * A message to be worded in the reader's language: a key, or a key with its values. A value may
 * itself be a Message (or a list of them, joined with "; "), and a Date is written as a date of
 * the reader's language.
 */
export type Message = MessageKey | { key: MessageKey; values: Record<string, unknown> };

/** Words for a key in one language; views call it with keys of `common` unprefixed. */
export type Translate = (key: MessageKey, values?: Record<string, unknown>) => string;

const instance = i18next.createInstance();
void instance.init({
  resources,
  ns: namespaces,
  defaultNS: 'common',
  supportedLngs: supportedLanguages,
  lng: 'en',
  // A key missing in one language shows the English words rather than the key itself; the
  // missing-key test keeps this from happening in a release.
  fallbackLng: 'en',
  // EJS escapes what `<%=` prints; escaping here too would print `&amp;` to the reader.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

function isMessageObject(
  value: unknown,
): value is { key: MessageKey; values: Record<string, unknown> } {
  return typeof value === 'object' && value !== null && 'key' in value && 'values' in value;
}

function fixedTranslator(language: Language): Translate {
  const t: TFunction = instance.getFixedT(language);
  const { date } = formattersFor(language);
  const wordValue = (value: unknown): unknown => {
    if (value instanceof Date) return date(value);
    if (Array.isArray(value)) return value.map(wordValue).join('; ');
    if (isMessageObject(value)) return translate(value.key, value.values);
    return value;
  };
  const translate: Translate = (key, values) => {
    if (!values) return String(t(key));
    const worded: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values)) worded[name] = wordValue(value);
    return String(t(key, worded));
  };
  return translate;
}

const translators = new Map<Language, Translate>(
  supportedLanguages.map((language) => [language, fixedTranslator(language)]),
);

/** The `t` of one language: `translatorFor('es')('common:nav.courses')`. */
export function translatorFor(language: Language): Translate {
  return translators.get(language) ?? translators.get('en')!;
}

/**
 * A list kept under one key (a page's paragraphs), in a language. `Translate` always answers a
 * string, which would join the list with commas: a list is read here instead.
 */
export function translateList(language: Language, key: `${string}:${string}`): string[] {
  const list: unknown = instance.getFixedT(language)(key, { returnObjects: true });
  return Array.isArray(list) ? list.map(String) : [String(list)];
}

/** Words a Message in a language. */
export function translateMessage(t: Translate, message: Message): string {
  if (typeof message === 'string') return t(message);
  // A value may be a message itself (a reason inside "not enrolled: {{reason}}"): worded too.
  const values = Object.fromEntries(
    Object.entries(message.values).map(([name, value]) => [
      name,
      isNestedMessage(value) ? translateMessage(t, value) : value,
    ]),
  );
  return t(message.key, values);
}

const isNestedMessage = (value: unknown): value is Message =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { key?: unknown }).key === 'string' &&
  typeof (value as { values?: unknown }).values === 'object';

/** Whether a string is a key the campus knows (used for messages that may be a zod default). */
export function isMessageKey(value: string): value is MessageKey {
  return instance.exists(value, { lng: 'en' });
}
