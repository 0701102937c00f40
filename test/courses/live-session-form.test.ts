// An instructor who opens a module's edit page and saves it without touching anything must
// change nothing: every select, checkbox and field shows the stored value. The page's own form
// is read from its HTML and submitted as a browser would (no browser needed).
import { JSDOM } from 'jsdom';
import { CourseModel } from '../../courses/catalog/course.model';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { apiLogin, browser, submitForm, type Agent } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;

beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(async () => {
  await campus.close();
});

async function instructorOf(slug: string, modules: Parameters<typeof createPublishedCourse>[1]) {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(slug, modules, [String(instructor._id)]);
  const agent = browser(campus.app);
  await submitForm(agent, '/login', '/login', {
    email: instructor.email,
    password: testPassword,
  });
  return { instructor, course, agent };
}

/** GETs the page and submits its module form with the values it shows, as a browser would. */
async function saveUnchanged(agent: Agent, pagePath: string) {
  const page = await agent.get(pagePath).expect(200);
  const { window } = new JSDOM(page.text);
  const form = [...window.document.querySelectorAll('form')].find(
    (candidate) => candidate.getAttribute('action') === pagePath,
  )!;
  const fields: Record<string, string> = {};
  for (const [name, value] of new window.FormData(form)) fields[name] = String(value);
  await agent.post(pagePath).type('form').send(fields).expect(302);
  return fields;
}

const draftModule = async (slug: string) =>
  (await CourseModel.findOne({ slug }).lean())!.draft.modules[0]!;

test('when a webinar’s live-session page is saved unchanged, it stays a webinar with the same time, id, threshold and optional flag', async () => {
  const { agent, course } = await instructorOf('form-webinar', [
    {
      kind: 'live_session',
      title: 'Webinar: RPKI at scale',
      required: false,
      startsAt: new Date('2026-12-10T15:30:00Z'),
      durationMinutes: 90,
      meetingId: '81299990000',
      meetingKind: 'webinar',
      attendanceThreshold: 60,
    },
  ]);
  const before = await draftModule('form-webinar');
  const path = `/teach/courses/form-webinar/modules/${course.modules[0]!._id}`;
  // A server in another time zone must still read the form's UTC time as UTC.
  const zone = process.env.TZ;
  process.env.TZ = 'America/Sao_Paulo';
  try {
    const fields = await saveUnchanged(agent, path);
    expect(fields).toMatchObject({ meetingKind: 'webinar', meetingId: '81299990000' });
    expect(fields.required).toBeUndefined();
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  const after = await draftModule('form-webinar');
  expect(after.required).toBe(false);
  expect(after.liveSession).toMatchObject({
    meetingKind: 'webinar',
    meetingId: '81299990000',
    durationMinutes: 90,
    attendanceThreshold: 60,
  });
  expect(after.liveSession!.startsAt.toISOString()).toBe(
    before.liveSession!.startsAt.toISOString(),
  );
});

test('when a check-in list session is saved unchanged, it stays a check-in list', async () => {
  const { agent, course } = await instructorOf('form-checkins', [
    {
      kind: 'live_session',
      title: 'Workshop',
      startsAt: new Date('2026-12-11T09:00:00Z'),
      durationMinutes: 120,
      meetingId: 'list-42',
      meetingKind: 'checkin_list',
    },
  ]);
  await saveUnchanged(agent, `/teach/courses/form-checkins/modules/${course.modules[0]!._id}`);
  expect((await draftModule('form-checkins')).liveSession?.meetingKind).toBe('checkin_list');
});

test('when a quiz page is saved unchanged, its optional flag, shuffle, pass score and attempts stay', async () => {
  const { agent, course } = await instructorOf('form-quiz', [
    {
      kind: 'quiz',
      title: 'Check',
      required: false,
      passScore: 85,
      maxAttempts: 5,
      shuffle: false,
    },
  ]);
  await saveUnchanged(agent, `/teach/courses/form-quiz/modules/${course.modules[0]!._id}`);
  expect(await draftModule('form-quiz')).toMatchObject({
    required: false,
    quiz: { passScore: 85, maxAttempts: 5, shuffle: false },
  });
});

test('when an API client updates a webinar without naming its kind, it stays a webinar; an unknown kind is refused', async () => {
  const instructor = await createTestUser({ roles: ['instructor'] });
  const course = await createPublishedCourse(
    'api-webinar',
    [
      {
        kind: 'live_session',
        title: 'Webinar',
        startsAt: new Date('2026-12-12T15:00:00Z'),
        durationMinutes: 60,
        meetingId: '81288880000',
        meetingKind: 'webinar',
      },
    ],
    [String(instructor._id)],
  );
  const { agent, csrf } = await apiLogin(campus.app, {
    email: instructor.email,
    password: testPassword,
  });
  const path = `/api/v1/authoring/courses/api-webinar/modules/${course.modules[0]!._id}`;
  const update = {
    kind: 'live_session',
    title: 'Webinar, renamed',
    startsAt: '2026-12-12T15:00:00Z',
    durationMinutes: 60,
    meetingId: '81288880000',
  };
  const saved = await agent.put(path).set('x-csrf-token', csrf).send(update).expect(200);
  expect(saved.body.module.liveSession.meetingKind).toBe('webinar');
  const refused = await agent
    .put(path)
    .set('x-csrf-token', csrf)
    .send({ ...update, meetingKind: 'zoom-phone' })
    .expect(422);
  expect(refused.body.errors[0].field).toBe('meetingKind');
  expect((await draftModule('api-webinar')).liveSession?.meetingKind).toBe('webinar');
});
