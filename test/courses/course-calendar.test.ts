// A course's live sessions as a calendar file: every session, or one; times in UTC (the calendar
// app shows them in the reader's zone); each event keeps its UID across a change of time, with a
// higher SEQUENCE, so importing again updates it instead of adding a second one.
import request from 'supertest';
import { CourseModel } from '../../courses/catalog/course.model';
import { createPublishedCourse } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const eventsOf = (ics: string) =>
  ics
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((event) => ({
      uid: /\nUID:(.+)\r?\n/.exec(event)?.[1],
      start: /\nDTSTART:(.+)\r?\n/.exec(event)?.[1],
      sequence: /\nSEQUENCE:(\d+)\r?\n/.exec(event)?.[1],
      summary: /\nSUMMARY:(.+)\r?\n/.exec(event)?.[1],
    }));

test('a course’s live sessions download as a calendar, whole or one at a time, and a moved session keeps its event', async () => {
  const course = await createPublishedCourse('calendar-course', [
    { kind: 'lesson', title: 'Intro' },
    {
      kind: 'live_session',
      title: 'Taller RPKI',
      startsAt: new Date('2027-03-10T15:00:00Z'),
      durationMinutes: 90,
    },
    {
      kind: 'live_session',
      title: 'Taller BGP',
      startsAt: new Date('2027-03-17T15:00:00Z'),
      durationMinutes: 60,
    },
  ]);
  const [, rpki] = course.modules;
  const all = await request(campus.app).get('/courses/calendar-course/sessions.ics').expect(200);
  expect(all.headers['content-type']).toMatch(/^text\/calendar/);
  expect(all.headers['content-disposition']).toContain('calendar-course.ics');
  const events = eventsOf(all.text);
  expect(events.map((event) => [event.summary, event.start])).toEqual([
    ['Taller RPKI', '20270310T150000Z'],
    ['Taller BGP', '20270317T150000Z'],
  ]);
  const one = await request(campus.app)
    .get(`/courses/calendar-course/sessions/${rpki!._id}.ics`)
    .expect(200);
  expect(eventsOf(one.text)).toHaveLength(1);
  expect(eventsOf(one.text)[0]!.uid).toBe(events[0]!.uid);

  // The instructor moves the session and publishes again: same UID, higher SEQUENCE.
  await CourseModel.updateOne(
    { slug: 'calendar-course' },
    {
      // Module 1 (the dev store has no positional operator).
      $set: { 'modules.1.liveSession.startsAt': new Date('2027-03-11T16:00:00Z') },
      $inc: { version: 1 },
    },
  );
  const moved = eventsOf(
    (await request(campus.app).get(`/courses/calendar-course/sessions/${rpki!._id}.ics`)).text,
  )[0]!;
  expect(moved.uid).toBe(events[0]!.uid);
  expect(moved.start).toBe('20270311T160000Z');
  expect(Number(moved.sequence)).toBeGreaterThan(Number(events[0]!.sequence));

  // A lesson is no live session; an unknown course has none.
  const [intro] = course.modules;
  await request(campus.app).get(`/courses/calendar-course/sessions/${intro!._id}.ics`).expect(404);
  await request(campus.app).get('/courses/no-such-course/sessions.ics').expect(404);
  const page = await request(campus.app).get('/courses/calendar-course').expect(200);
  expect(page.text).toContain(`/courses/calendar-course/sessions/${rpki!._id}.ics`);
});
