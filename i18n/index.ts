export {
  translatorFor,
  translateMessage,
  translateList,
  isMessageKey,
  type Message,
  type MessageKey,
  type Translate,
} from './i18n';
export {
  canonicalTimeZone,
  formattersFor,
  isTimeZone,
  localeOf,
  type Formatters,
} from './formatting';
export { timeZoneChoices } from './time-zone-choices';
export {
  applyLanguage,
  chooseLanguage,
  isLanguage,
  languageCookie,
  languageNegotiation,
  rememberLanguageChoice,
} from './language';
export { languages, supportedLanguages, type Language } from './languages';
export {
  inReaderLanguage,
  translationsSchema,
  perLanguageSchema,
  type ShownIn,
  type Translations,
} from './content-languages';
export { foldForSearch, searchWords, withSynonyms } from './search-text';
