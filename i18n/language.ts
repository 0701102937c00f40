// Which language a request is answered in, and the words and formats its pages use.
import type { NextFunction, Request, Response } from 'express';
import { supportedLanguages, type Language } from './languages';
import { canonicalTimeZone, formattersFor, localeOf, type Formatters } from './formatting';
import { translatorFor, type Translate } from './i18n';

declare module 'express-serve-static-core' {
  interface Request {
    /** The language this request is answered in (see chooseLanguage). */
    language?: Language;
    /** Words in that language. */
    t?: Translate;
  }
}

/** A visitor's pick from the switcher; a signed-in user's pick is their profile. */
export const languageCookie = 'campus_lang';
/** The zone a visitor's browser says it is in (set by public/js/time-zone.js). */
export const timeZoneCookie = 'campus_tz';

/** The user's profile zone, else their browser's (cookie); null when neither is known. */
function knownTimeZone(req: Request): string | null {
  const profile = (req.user as { timeZone?: unknown } | undefined)?.timeZone;
  const browser = (req.cookies as Record<string, unknown> | undefined)?.[timeZoneCookie];
  return canonicalTimeZone(profile) ?? canonicalTimeZone(browser);
}

/**
 * The formatters of a page, and whether it showed a time in UTC only for want of a zone: a first
 * visit, before public/js/time-zone.js has told the campus the browser's. The page then says so
 * (partials/foot), and the script, having set the cookie, loads it once more in the right zone.
 */
function pageFormatters(req: Request, language: Language): Formatters {
  const zone = knownTimeZone(req);
  const formatters = formattersFor(language, zone ?? 'UTC');
  if (zone || req.method !== 'GET') return formatters;
  const page: Formatters = {
    ...formatters,
    dateTime: (value) => {
      page.timesShownInUtcForWantOfZone = true;
      return formatters.dateTime(value);
    },
  };
  return page;
}
const oneYearMs = 365 * 24 * 60 * 60 * 1000;

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);

/**
 * The user's profile language, else the visitor's pick (cookie), else the browser's
 * Accept-Language (q-values honoured, `es-MX` → es, by Express's negotiator), else the default.
 */
export function chooseLanguage(req: Request, defaultLanguage: Language): Language {
  const profile = (req.user as { language?: unknown } | undefined)?.language;
  if (isLanguage(profile)) return profile;
  const picked = (req.cookies as Record<string, unknown> | undefined)?.[languageCookie];
  if (isLanguage(picked)) return picked;
  if (req.headers['accept-language']) {
    const accepted = req.acceptsLanguages(...supportedLanguages);
    if (isLanguage(accepted)) return accepted;
  }
  return defaultLanguage;
}

/** Sets the request's language once; the error handler calls it again for early errors. */
export function applyLanguage(req: Request, res: Response, defaultLanguage: Language): Translate {
  if (req.language && req.t) return req.t;
  const language = chooseLanguage(req, defaultLanguage);
  const t = translatorFor(language);
  req.language = language;
  req.t = t;
  res.locals.lang = language;
  res.locals.htmlLang = localeOf[language];
  res.locals.t = t;
  res.locals.fmt = pageFormatters(req, language);
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
  return t;
}

export function languageNegotiation(defaultLanguage: Language) {
  return (req: Request, res: Response, next: NextFunction): void => {
    applyLanguage(req, res, defaultLanguage);
    next();
  };
}

export function rememberLanguageChoice(res: Response, language: Language, secure: boolean): void {
  res.cookie(languageCookie, language, {
    maxAge: oneYearMs,
    sameSite: 'lax',
    httpOnly: true,
    secure,
  });
}
