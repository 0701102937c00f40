// The notifications page, its JSON twin, and the header's unread count on every page.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ApiRoutes } from '../platform/api-routes';
import { requireUser } from '../platform/middleware/auth';
import { countUnread, listNotifications, markAllRead } from './notification.service';

export function notificationPages(): Router {
  const router = Router();
  router.get('/notifications', requireUser, async (req, res) => {
    // Shown with the new ones marked, then counted as seen: the header's count clears.
    const notifications = await listNotifications(req.user!.id);
    await markAllRead(req.user!.id);
    res.locals.unreadNotifications = 0;
    res.render('notifications/list', { notifications });
  });
  return router;
}

export function notificationApi(): ApiRoutes {
  const api = new ApiRoutes();
  api.get(
    '/me/notifications',
    {
      tag: 'notifications',
      access: 'user',
      summary: 'My latest notifications, newest first (reading them does not mark them seen)',
      responses: { 200: '{ notifications: [{ kind, message, link, createdAt, unread }], unread }' },
    },
    async (req, res) => {
      const [notifications, unread] = await Promise.all([
        listNotifications(req.user!.id),
        countUnread(req.user!.id),
      ]);
      res.json({ notifications, unread });
    },
  );
  return api;
}

/** For the header of every page a signed-in person opens: how many notifications are new. */
export async function unreadNotificationCount(req: Request, res: Response, next: NextFunction) {
  res.locals.unreadNotifications = 0;
  if (!req.user || req.method !== 'GET' || !req.accepts('html')) return next();
  try {
    res.locals.unreadNotifications = await countUnread(req.user.id);
  } catch {
    // The header goes without its count rather than the page failing.
  }
  next();
}
