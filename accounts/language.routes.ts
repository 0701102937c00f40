// The language switcher: a visitor's pick is a cookie, a signed-in user's is their profile (so
// their emails and certificates follow it too).
import { Router } from 'express';
import { isLanguage, rememberLanguageChoice } from '../i18n';
import type { AppContext } from '../platform/context';
import { AppError } from '../platform/errors';
import { safeNextPath } from '../platform/http';
import { requireUser } from '../platform/middleware/auth';
import { setPreferredLanguage } from './accounts.service';

function unknownLanguage(code: unknown): AppError {
  const message = {
    key: 'errors:unknownLanguage',
    values: { code: String(code ?? '').slice(0, 20) },
  } as const;
  return new AppError('unknown_language', 422, message, { fields: { language: message } });
}

export function languagePages(context: AppContext): Router {
  const router = Router();
  const secure = context.config.baseUrl.startsWith('https://');

  router.get('/language/:code', (req, res) => {
    const code = req.params.code;
    if (!isLanguage(code)) throw unknownLanguage(code);
    rememberLanguageChoice(res, code, secure);
    res.redirect(safeNextPath(req.query.next, '/'));
  });

  router.post('/language', requireUser, async (req, res) => {
    const { language, next } = (req.body ?? {}) as Record<string, unknown>;
    if (!isLanguage(language)) throw unknownLanguage(language);
    await setPreferredLanguage(req.user!.id, language);
    rememberLanguageChoice(res, language, secure);
    res.redirect(safeNextPath(next, '/'));
  });
  return router;
}
