import type { NextFunction, Request, Response } from 'express';
import { type Config } from '../config';
import { supportedLanguages } from '../../i18n';
import { translateMessage, translatorFor, type Message } from '../../i18n';
import { csrfToken } from './csrf';

declare module 'express-session' {
  interface SessionData {
    /** One message shown on the next page (after a redirect), worded in the reader's language. */
    flash?: Message;
    /** How it reads: news (the default) or a warning (a failed quiz, a refusal). */
    flashTone?: 'warning';
    /**
     * Where the page shows it, when not at its top: the id of the section the redirect scrolls
     * to (a long page's top is off-screen there). The page includes partials/flash with it.
     */
    flashAt?: string;
  }
}

/** What every page template can use: the user, a CSRF token for forms, one-off messages. */
export function viewLocals(config: Config) {
  return (req: Request, res: Response, next: NextFunction): void => {
    setViewLocals(config, req, res);
    next();
  };
}

/** Also called by the error handler, for errors raised before this middleware ran. */
export function setViewLocals(config: Config, req: Request, res: Response): void {
  res.locals.currentUser = req.user ?? null;
  res.locals.currentPath = req.path;
  res.locals.selfRegistration = config.selfRegistration;
  res.locals.outboxEnabled = config.mail.transport === 'outbox' && !config.isProduction;
  // Called only by pages with a form: it sets the token's cookie and makes the page no-store.
  res.locals.csrfToken = () => csrfToken(req);
  res.locals.title = undefined;
  res.locals.languages = supportedLanguages;
  // Where the language switcher returns to.
  res.locals.currentUrl = req.originalUrl;
  if (req.session?.flash) {
    res.locals.flash = translateMessage(translatorFor(req.language ?? 'en'), req.session.flash);
    res.locals.flashTone = req.session.flashTone ?? null;
    res.locals.flashAt = req.session.flashAt ?? null;
    delete req.session.flash;
    delete req.session.flashTone;
    delete req.session.flashAt;
  }
}
