// Zoom's event notifications: the signature is checked on the raw body (HMAC-SHA256 with the
// app's secret token, over "v0:{timestamp}:{body}", compared in constant time, at most five
// minutes old), URL validation is answered, and events only ever trigger a sync: the report is
// the truth, so duplicated or out-of-order events cannot change attendance by themselves.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../server/errors';

const maxAgeSeconds = 5 * 60;

export function verifyZoomSignature(
  secret: string,
  rawBody: Buffer,
  headers: { signature?: string; timestamp?: string },
  now = Date.now(),
): void {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp))
    throw new AppError('bad_signature', 401, 'attendance:errors.notSignedByZoom');
  if (Math.abs(now / 1000 - timestamp) > maxAgeSeconds)
    throw new AppError('bad_signature', 401, 'attendance:errors.signatureTooOld');
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    throw new AppError('bad_signature', 401, 'attendance:errors.signatureMismatch');
}

export const zoomEvent = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('endpoint.url_validation'),
    payload: z.object({ plainToken: z.string().min(1).max(200) }),
  }),
  z.object({
    event: z.enum([
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.ended',
      'webinar.participant_joined',
      'webinar.participant_left',
      'webinar.ended',
    ]),
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
