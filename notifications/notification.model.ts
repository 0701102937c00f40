import { Schema, model, Types, type InferSchemaType } from 'mongoose';

export const notificationKinds = [
  'badge-earned',
  'badge-revoked',
  'badge-expiring',
  'session-soon',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

// One line in a person's notifications. Its words are a message key and values, worded when
// shown, so it reads in the language the person has then. `dedupeKey` names the fact ("badge
// earned: award X"): unique per recipient, so a retried job or repeated event writes it once.
const notificationSchema = new Schema(
  {
    recipient: { type: Types.ObjectId, ref: 'User', required: true },
    kind: { type: String, enum: notificationKinds, required: true },
    dedupeKey: { type: String, required: true },
    message: {
      key: { type: String, required: true },
      values: { type: Schema.Types.Mixed, default: {} },
    },
    /** Where it leads on the campus: a path, never another site. */
    link: { type: String, required: true, match: /^\/(?!\/)/ },
    readAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
notificationSchema.index({ recipient: 1, dedupeKey: 1 }, { unique: true });
// The list, newest first, and the header's unread count.
notificationSchema.index({ recipient: 1, createdAt: -1 });
notificationSchema.index({ recipient: 1, readAt: 1 });

export type Notification = InferSchemaType<typeof notificationSchema>;
export const NotificationModel = model('Notification', notificationSchema);
