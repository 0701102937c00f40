import { component } from '../platform/component';
import { NotificationModel } from './notification.model';
import {
  notificationApi,
  notificationPages,
  unreadNotificationCount,
} from './notifications.routes';

export const notificationsComponent = component({
  name: 'notifications',
  models: [NotificationModel],
  jobs: [],
  web: () => ({
    pageLocals: [unreadNotificationCount],
    pages: [notificationPages()],
    api: [notificationApi()],
  }),
});
