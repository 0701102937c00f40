// Zoom's event notifications: the signature is checked on the raw body (HMAC-SHA256 with the
// app's secret token, over "v0:{timestamp}:{body}", compared in constant time, at most five
// minutes old), URL validation is answered, and events only ever trigger a sync: the report is
// the truth, so duplicated or out-of-order events cannot change attendance by themselves.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../platform/errors';

const maxAgeSeconds = 5 * 60;
/** How far ahead of this server's clock Zoom's may run before a timestamp is refused. */
const maxClockSkewSeconds = 5 * 60;

export function verifyZoomSignature(
  secret: string,
  rawBody: Buffer,
  headers: { signature?: string; timestamp?: string },
  now = Date.now(),
): void {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp))
    throw new AppError('bad_signature', 401, 'attendance:errors.notSignedByZoom');
  if (now / 1000 - timestamp > maxAgeSeconds)
    throw new AppError('bad_signature', 401, 'attendance:errors.signatureTooOld');
  if (timestamp - now / 1000 > maxClockSkewSeconds)
    throw new AppError('bad_signature', 401, 'attendance:errors.signatureInFuture');
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    throw new AppError('bad_signature', 401, 'attendance:errors.signatureMismatch');
}

/** The events that trigger a sync; any other signed event is acknowledged and ignored. */
const syncEvents = [
  'meeting.participant_joined',
  'meeting.participant_left',
  'meeting.ended',
  'webinar.participant_joined',
  'webinar.participant_left',
  'webinar.ended',
] as const;
export const handledZoomEvents = ['endpoint.url_validation', ...syncEvents] as const;

/** The event's name, when the body names one (anything else is refused as malformed). */
export const zoomEventName = z.object({ event: z.string().min(1).max(200) });

export const isHandledZoomEvent = (name: string) =>
  (handledZoomEvents as readonly string[]).includes(name);

export const zoomEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('endpoint.url_validation'),
    payload: z.object({ plainToken: z.string().min(1).max(200) }),
  }),
  z.object({
    event: z.enum(syncEvents),
    event_ts: z.number().optional(),
    payload: z.object({
      object: z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        uuid: z.string().optional(),
      }),
    }),
  }),
]);
export type ZoomEvent = z.infer<typeof zoomEvent>;

export function urlValidationAnswer(secret: string, plainToken: string) {
  return {
    plainToken,
    encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex'),
  };
}
