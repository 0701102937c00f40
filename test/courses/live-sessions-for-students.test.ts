// A student's live sessions: the dashboard lists the coming ones, soonest first, and the join
// link shows only from 15 minutes before the start until the end (never earlier, in no page or
// API answer).
import type { Types } from 'mongoose';
import request from 'supertest';
import {
  createPublishedCourse,
  createTestUser,
  enrollTestStudent,
  testPassword,
} from '../support/factories';
import { apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const joinUrl = (id: string) => `https://zoom.us/j/${id}`;

/** A student enrolled in the course, logged in through the login form. */
async function enrolledStudent(course: { _id: Types.ObjectId }) {
  const student = await createTestUser();
  await enrollTestStudent(student._id, course._id);
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', { email: student.email, password: testPassword });
  return { student, agent };
}

async function studentWithSessions(slug: string) {
  const course = await createPublishedCourse(slug, [
    { kind: 'lesson', title: 'Before the session' },
    {
      kind: 'live_session',
      title: 'Tomorrow’s webinar',
      startsAt: minutesFromNow(24 * 60),
      durationMinutes: 60,
      joinUrl: joinUrl('111'),
    },
    {
      kind: 'live_session',
      title: 'Starting soon',
      startsAt: minutesFromNow(10),
      durationMinutes: 60,
      joinUrl: joinUrl('222'),
    },
    {
      kind: 'live_session',
      title: 'Already over',
      startsAt: minutesFromNow(-180),
      durationMinutes: 60,
      joinUrl: joinUrl('333'),
    },
  ]);
  const { student, agent } = await enrolledStudent(course);
  return { course, student, agent };
}

test('the dashboard lists the coming sessions soonest first, with Join only for the one about to start', async () => {
  const { agent } = await studentWithSessions('sessions-dashboard');
  const page = await agent.get('/dashboard').expect(200);
  const panel = /<section class="upcoming-sessions"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? '';
  const titles = [...panel.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
  expect(titles).toEqual(['Starting soon', 'Tomorrow’s webinar']);
  expect(panel).toContain(`href="${joinUrl('222')}"`);
  expect(panel).toContain('Join now');
  expect(page.text).not.toContain(joinUrl('111'));
  expect(page.text).not.toContain(joinUrl('333'));
  expect(panel).toContain('Join link opens');
  // A session one can join now leads the page, above the student's courses.
  expect(page.text.indexOf('upcoming-sessions')).toBeLessThan(page.text.indexOf('Your courses'));
});

test('with nothing to join yet, the student’s courses lead the dashboard and the sessions follow', async () => {
  const course = await createPublishedCourse('sessions-later', [
    {
      kind: 'live_session',
      title: 'Next week',
      startsAt: minutesFromNow(7 * 24 * 60),
      durationMinutes: 60,
      joinUrl: joinUrl('444'),
    },
  ]);
  const { agent } = await enrolledStudent(course);
  const page = await agent.get('/dashboard').expect(200);
  expect(page.text).toContain('Next week');
  expect(page.text.indexOf('Your courses')).toBeLessThan(page.text.indexOf('upcoming-sessions'));
  // All that is left is a session to come: the card says the course cannot complete before it.
  const card = /<article class="card[\s\S]*?<\/article>/.exec(page.text)?.[0] ?? '';
  expect(card).toMatch(
    /All that is left is the live session of \d+ \w+ \d{4}: the course completes once your attendance is recorded\./,
  );
  const coursePage = await agent.get('/courses/sessions-later').expect(200);
  expect(coursePage.text).toContain('All that is left is the live session of');
  expect(coursePage.text).toContain('attendance required to complete');
  // Up front, among the course's facts, before anyone enrolls: when the session is.
  const facts = /<dl class="facts">[\s\S]*?<\/dl>/.exec(
    (await request(campus.app).get('/courses/sessions-later').expect(200)).text,
  )?.[0];
  expect(facts).toMatch(/Live sessions<\/dt><dd>One, on \d+ \w+ \d{4} at \d\d:\d\d UTC/);
  expect(facts).toContain('attending completes the course');
});

test('the player shows the join link only while joining is open, and says when it opens', async () => {
  const { agent, course } = await studentWithSessions('sessions-player');
  const [, tomorrow, soon, over] = course.modules;
  const early = await agent.get(`/learn/sessions-player/modules/${tomorrow!._id}`).expect(200);
  expect(early.text).not.toContain(joinUrl('111'));
  expect(early.text).toContain('The join link appears here 15 minutes before the start');
  const open = await agent.get(`/learn/sessions-player/modules/${soon!._id}`).expect(200);
  expect(open.text).toContain(`href="${joinUrl('222')}"`);
  const ended = await agent.get(`/learn/sessions-player/modules/${over!._id}`).expect(200);
  expect(ended.text).not.toContain(joinUrl('333'));
  expect(ended.text).toContain('This session has ended.');
});

test('the API gives no join link before the window opens', async () => {
  const { course, student } = await studentWithSessions('sessions-api');
  const { agent } = await apiLogin(campus.app, { email: student.email, password: testPassword });
  const early = await agent
    .get(`/api/v1/me/courses/sessions-api/modules/${course.modules[1]!._id}`)
    .expect(200);
  expect(early.body.player.current.liveSession).toMatchObject({
    joinUrl: null,
    hasJoinLink: true,
    joinState: 'not-yet',
  });
  const open = await agent
    .get(`/api/v1/me/courses/sessions-api/modules/${course.modules[2]!._id}`)
    .expect(200);
  expect(open.body.player.current.liveSession.joinUrl).toBe(joinUrl('222'));
});

test('a student with no sessions to come sees no panel', async () => {
  const course = await createPublishedCourse('sessions-none', [
    { kind: 'lesson', title: 'Only reading' },
  ]);
  const { agent } = await enrolledStudent(course);
  const page = await agent.get('/dashboard').expect(200);
  expect(page.text).not.toContain('upcoming-sessions');
});
