// A course's live sessions as an iCalendar file (RFC 5545), for a student's own calendar: all of
// them, or one. Each event's UID is the session's module id, and its SEQUENCE the course's
// published version, so a calendar that imports the file again after the instructor moved a
// session updates the event instead of adding a second one. Written by the `ics` library.
import { createEvents, type EventAttributes } from 'ics';
import { notFound } from '../../platform/errors';
import type { CourseDetail } from './catalog.service';

function utcParts(iso: string): [number, number, number, number, number] {
  const date = new Date(iso);
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ];
}

/** The .ics text of the course's live sessions (only `moduleId`'s when given). */
export function courseCalendar(course: CourseDetail, baseUrl: string, moduleId?: string): string {
  const sessions = moduleId
    ? course.liveSessions.filter((session) => session.id === moduleId)
    : course.liveSessions;
  if (!sessions.length) throw notFound('liveSession');
  const host = new URL(baseUrl).host;
  const courseUrl = `${baseUrl}/courses/${course.slug}`;
  const events: EventAttributes[] = sessions.map((session) => ({
    uid: `${session.id}@${host}`,
    sequence: course.version,
    start: utcParts(session.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: session.durationMinutes },
    title: session.title,
    description: `${course.title}\n${courseUrl}`,
    url: `${baseUrl}/learn/${course.slug}/modules/${session.id}`,
    calName: course.title,
    productId: 'campus/live-sessions',
    status: 'CONFIRMED',
  }));
  const { error, value } = createEvents(events, { method: 'PUBLISH', calName: course.title });
  if (error || !value) throw error ?? new Error('no calendar written');
  return value;
}
