// Every 15 minutes: students enrolled in a course with a Zoom session in the next two weeks are
// registered for it with Zoom, which emails them a personal join link; the registrant id Zoom
// gives back identifies them in the report, whatever name or device they join with. A student
// is registered once per session (unique index); a failure is tried again at the next run.
import { findUsersByIds } from '../accounts';
import { listActiveStudentIds } from '../courses';
import { isDuplicateKeyError } from '../platform/errors';
import type { JobDefinition } from '../platform/queue';
import { findSessionsStartingBetween } from './live-session';
import { SessionRegistrantModel } from './session-registrant.model';
import { zoomClientFor } from './zoom/zoom-attendance';
import { ZoomApiError } from './zoom/zoom-client';

const horizonMs = 14 * 24 * 3600_000;

function splitName(displayName: string) {
  const words = displayName.trim().split(/\s+/);
  return { firstName: words[0] ?? displayName, lastName: words.slice(1).join(' ') || '-' };
}

export const registerZoomRegistrantsJob: JobDefinition<Record<string, never>> = {
  name: 'register-zoom-registrants',
  options: { attempts: 1, removeOnComplete: 100, repeat: { every: 15 * 60_000 } },
  async perform(_data, { services, logger }) {
    const settings = services.config.zoom;
    if (!settings) return;
    const client = zoomClientFor(settings);
    const now = Date.now();
    const sessions = (
      await findSessionsStartingBetween(new Date(now), new Date(now + horizonMs))
    ).filter((session) => session.meetingId && session.meetingKind !== 'checkin_list');
    let registered = 0;
    for (const session of sessions) {
      const [enrolled, done] = await Promise.all([
        listActiveStudentIds(session.courseId),
        SessionRegistrantModel.find({ session: session.moduleId }).select('student').lean(),
      ]);
      const already = new Set(done.map((row) => String(row.student)));
      const missing = enrolled.filter((id) => !already.has(String(id)));
      const students = await findUsersByIds(missing);
      for (const student of students) {
        try {
          const { registrantId, joinUrl } = await client.addRegistrant(
            session.meetingKind === 'webinar' ? 'webinar' : 'meeting',
            session.meetingId!,
            { email: student.email, ...splitName(student.displayName) },
          );
          await SessionRegistrantModel.create({
            session: session.moduleId,
            student: student._id,
            registrantId,
            joinUrl,
            registeredAt: new Date(),
          });
          registered += 1;
        } catch (error) {
          if (isDuplicateKeyError(error)) continue; // another run registered them first
          if (error instanceof ZoomApiError && error.kind === 'rate-limited') {
            logger.warn(
              { retryAt: error.retryAt },
              'Zoom rate limit: registrations continue at the next run',
            );
            return;
          }
          logger.warn(
            { err: error, session: String(session.moduleId) },
            'registration with Zoom failed',
          );
        }
      }
    }
    logger.info({ sessions: sessions.length, registered }, 'Zoom registrants registered');
  },
};
