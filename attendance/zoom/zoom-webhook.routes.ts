// POST /webhooks/zoom: Zoom's event notifications. Answered at once (Zoom gives up after 3 s);
// a session's end enqueues its sync, whose job id is made from the session and the instance,
// so Zoom's duplicated deliveries queue it once.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/context';
import { AppError, upsertRetryingOnce } from '../../platform/errors';
import { parseInput } from '../../platform/validation';
import { findLiveSessionsByMeeting } from '../live-session';
import { SessionSyncModel } from '../session-sync.model';
import { syncLiveSessionJob } from '../sync-live-session.job';
import {
  isHandledZoomEvent,
  urlValidationAnswer,
  verifyZoomSignature,
  zoomEvent,
  zoomEventName,
} from './zoom-webhook';

/** Zoom's report is rarely ready the moment a session ends: the first try waits a minute. */
const firstSyncDelayMs = 60_000;

export function zoomWebhookRoutes(context: AppContext): Router {
  const router = Router();
  router.post('/webhooks/zoom', async (req: Request & { rawBody?: Buffer }, res) => {
    const secret = context.config.zoom?.webhookSecret;
    if (!secret) throw new AppError('not_found', 404, 'attendance:errors.zoomNotConfigured');
    verifyZoomSignature(secret, req.rawBody ?? Buffer.alloc(0), {
      signature: req.get('x-zm-signature'),
      timestamp: req.get('x-zm-request-timestamp'),
    });
    // Zoom sends every event the app subscribes to (meeting.started, waiting-room events...): a
    // signed one this campus does not use is acknowledged, or Zoom would retry it for hours.
    const { event: name } = parseInput(zoomEventName, req.body);
    if (!isHandledZoomEvent(name)) {
      context.logger.debug({ event: name }, 'Zoom event ignored');
      return res.status(204).end();
    }
    const event = parseInput(zoomEvent, req.body);
    if (event.event === 'endpoint.url_validation')
      return res.json(urlValidationAnswer(secret, event.payload.plainToken));

    const meeting = event.payload.object;
    const sessions = await findLiveSessionsByMeeting(meeting.id);
    for (const session of sessions) {
      // Zoom sends a session's first events together: two may create its sync record at once.
      await upsertRetryingOnce(() =>
        SessionSyncModel.updateOne(
          { session: session.moduleId },
          {
            $set: { lastEventAt: new Date(), course: session.courseId },
            $setOnInsert: { state: 'scheduled' },
          },
          { upsert: true },
        ),
      );
      if (event.event.endsWith('.ended'))
        await context.jobs.enqueue(
          syncLiveSessionJob,
          { moduleId: String(session.moduleId) },
          `sync-live-session:${session.moduleId}:ended:${meeting.uuid ?? meeting.id}`,
          firstSyncDelayMs,
        );
    }
    // An unknown meeting is acknowledged too: Zoom would otherwise retry it for hours.
    res.status(204).end();
  });
  return router;
}
