// In-app notifications: what happened to a person (a badge earned, revoked or expiring, a live
// session about to start), beside the emails, read on the campus under the header's bell.
import { Types } from 'mongoose';
import { isMessageKey, type MessageKey } from '../i18n';
import { isDuplicateKeyError } from '../platform/errors';
import { NotificationModel, type NotificationKind } from './notification.model';

export interface NotificationRequest {
  recipient: string | Types.ObjectId;
  kind: NotificationKind;
  /** Names the fact: the same key twice for one person is one notification. */
  dedupeKey: string;
  message: { key: MessageKey; values?: Record<string, string | number> };
  link: string;
}

/** Writes the notification once, however often it is asked (retries, repeated events). */
export async function notify(request: NotificationRequest): Promise<void> {
  try {
    await NotificationModel.updateOne(
      { recipient: request.recipient, dedupeKey: request.dedupeKey },
      {
        $setOnInsert: {
          kind: request.kind,
          message: { key: request.message.key, values: request.message.values ?? {} },
          link: request.link,
        },
      },
      { upsert: true },
    );
  } catch (error) {
    // Two racing upserts: the other one wrote it.
    if (!isDuplicateKeyError(error)) throw error;
  }
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  message: { key: MessageKey; values: Record<string, string | number> };
  link: string;
  createdAt: string;
  unread: boolean;
}

const shownAtMost = 50;

/** The person's latest notifications, newest first. */
export async function listNotifications(userId: string): Promise<NotificationView[]> {
  const notifications = await NotificationModel.find({ recipient: userId })
    .sort({ createdAt: -1 })
    .limit(shownAtMost)
    .lean();
  return notifications.flatMap((notification) =>
    // A key no longer in the campus's words is skipped rather than shown raw.
    notification.message && isMessageKey(notification.message.key)
      ? [
          {
            id: String(notification._id),
            kind: notification.kind as NotificationKind,
            message: {
              key: notification.message.key,
              values: (notification.message.values ?? {}) as Record<string, string | number>,
            },
            link: notification.link,
            createdAt: notification.createdAt.toISOString(),
            unread: !notification.readAt,
          },
        ]
      : [],
  );
}

export function countUnread(userId: string): Promise<number> {
  return NotificationModel.countDocuments({ recipient: userId, readAt: null });
}

/** Seen: the list was shown to its owner. */
export async function markAllRead(userId: string): Promise<void> {
  await NotificationModel.updateMany(
    { recipient: userId, readAt: null },
    { $set: { readAt: new Date() } },
  );
}
