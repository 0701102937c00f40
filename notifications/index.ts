// In-app notifications: other components call `notify` beside their emails.
export { notify, type NotificationRequest } from './notification.service';
export { notificationsComponent } from './manifest';
