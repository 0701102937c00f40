// The catalog knows the student: an enrolled student's course page shows how far they are and
// offers to continue (or review) instead of enrolling; a level page shows their standing in the
// level and no Enroll button once they are in every course of it. In Spanish, through the pages.
import request from 'supertest';
import {
  createPublishedCourse,
  createSpecialization,
  createTestUser,
  testPassword,
} from '../support/factories';
import { apiLogin, type ApiUser } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

const put = (client: ApiUser, path: string) =>
  client.agent.put(`/api/v1${path}`).set('x-csrf-token', client.csrf).send({});
const post = (client: ApiUser, path: string) =>
  client.agent.post(`/api/v1${path}`).set('x-csrf-token', client.csrf).send({});
const page = (client: ApiUser, path: string) =>
  client.agent.get(path).set('Accept-Language', 'es').expect(200);

/** A student reading in Spanish, logged in to the API (whose session the pages share). */
async function spanishStudent(): Promise<ApiUser> {
  const user = await createTestUser({ language: 'es' });
  return {
    ...(await apiLogin(campus.app, { email: user.email, password: testPassword })),
    id: String(user.id),
  };
}

test('an enrolled student sees their progress and Continue on the course page, and their standing on the level page', async () => {
  const first = await createPublishedCourse('standing-first', [
    { kind: 'lesson', title: 'Uno' },
    { kind: 'lesson', title: 'Dos' },
  ]);
  const second = await createPublishedCourse('standing-second', [
    { kind: 'lesson', title: 'Solo' },
  ]);
  await createSpecialization('standing-spec', [{ key: 'basic', courses: [first._id, second._id] }]);
  const student = await spanishStudent();

  const before = await page(student, '/courses/standing-first');
  expect(before.text).not.toContain('Continuar donde lo dejaste');
  await put(student, '/me/enrollments/standing-first').expect(200);
  await post(student, `/me/courses/standing-first/modules/${first.modules[0]!._id}/done`).expect(
    200,
  );

  const course = await page(student, '/courses/standing-first');
  expect(course.text).toContain('1 de 2 módulos obligatorios completados');
  expect(course.text).toContain('Continuar donde lo dejaste');
  // The home page leads with that next step.
  const home = await page(student, '/');
  expect(home.text).toContain('Tu próximo paso: sigue con');
  expect(home.text).toContain('href="/learn/standing-first"');
  const level = await page(student, '/specializations/standing-spec/levels/basic');
  expect(level.text).toContain('Completaste 0 de 2 cursos · te inscribiste en 1');
  expect(level.text).toContain('Inscribirme en el resto de este nivel');

  // In every course of the level, one completed: no Enroll button, the standing instead.
  await put(student, '/me/enrollments/standing-second').expect(200);
  await post(student, `/me/courses/standing-second/modules/${second.modules[0]!._id}/done`).expect(
    200,
  );
  await campus.drainJobs();
  const done = await page(student, '/courses/standing-second');
  expect(done.text).toContain('Completaste este curso el');
  expect(done.text).toContain('Repasar el curso');
  // The completed course's player points on to the level's course still to finish.
  const player = await page(student, `/learn/standing-second/modules/${second.modules[0]!._id}`);
  const whatNext = /<section class="after-course"[\s\S]*?<\/section>/.exec(player.text)?.[0] ?? '';
  expect(whatNext).toContain('El siguiente curso del nivel Básico');
  expect(whatNext).toContain('Course standing-first');
  expect(whatNext).toContain('href="/learn/standing-first"');
  const after = await page(student, '/specializations/standing-spec/levels/basic');
  expect(after.text).toContain('Completaste 1 de 2 cursos · te inscribiste en 2');
  expect(after.text).not.toMatch(/levels\/basic\/enroll/);
  // Half of one course and all of the other: 75% on the level page and on the dashboard alike.
  const levelBar = /<progress max="100" value="(\d+)"/.exec(after.text)?.[1];
  expect(levelBar).toBe('75');
  const dashboard = await page(student, '/dashboard');
  const levelsPanel = /<ol class="levels-progress">[\s\S]*?<\/ol>/.exec(dashboard.text)?.[0];
  expect(levelsPanel).toContain('value="75"');
  expect(levelsPanel).toContain('1 de 2 cursos completados');

  // A visitor still sees the Enroll (log in) button and no standing.
  // Every course of hers complete but... not yet: the second is done, the first is not.
  expect((await page(student, '/')).text).toContain('href="/learn/standing-first"');
  expect((await request(campus.app).get('/').expect(200)).text).not.toContain('next-step');
  const anonymous = await request(campus.app)
    .get('/specializations/standing-spec/levels/basic')
    .expect(200);
  expect(anonymous.text).not.toContain('course-standing');
});

test('the dashboard lists the courses under way first, then those not started, then the completed ones', async () => {
  // Enrolled in this order: one to complete, one left untouched, one half done.
  const courses = [];
  for (const index of [0, 1, 2])
    courses.push(
      await createPublishedCourse(`order-${index}`, [
        { kind: 'lesson', title: 'Uno' },
        { kind: 'lesson', title: 'Dos' },
      ]),
    );
  const student = await spanishStudent();
  for (const course of courses) await put(student, `/me/enrollments/${course.slug}`).expect(200);
  for (const module of courses[0]!.modules)
    await post(student, `/me/courses/order-0/modules/${module._id}/done`).expect(200);
  await post(student, `/me/courses/order-2/modules/${courses[2]!.modules[0]!._id}/done`).expect(
    200,
  );
  await campus.drainJobs();
  const dashboard = await page(student, '/dashboard');
  const order = [...dashboard.text.matchAll(/href="\/courses\/(order-\d)"/g)].map((m) => m[1]);
  expect(order).toEqual(['order-2', 'order-1', 'order-0']);
});

test('a malformed "next" on Mark as done is refused before anything is recorded', async () => {
  const course = await createPublishedCourse('done-next', [
    { kind: 'lesson', title: 'Uno' },
    { kind: 'lesson', title: 'Dos' },
  ]);
  const student = await spanishStudent();
  await put(student, '/me/enrollments/done-next').expect(200);
  await student.agent
    .post(`/learn/done-next/modules/${course.modules[0]!._id}/done`)
    .type('form')
    .send({ _csrf: student.csrf, next: '//evil.example' })
    .expect(404);
  const after = await page(student, '/courses/done-next');
  expect(after.text).toContain('0 de 2 módulos obligatorios completados');
});

test('after a course, a level course that only waits for its live session is not offered as the next step', async () => {
  const now = await createPublishedCourse('waits-now', [{ kind: 'lesson', title: 'Uno' }]);
  const later = await createPublishedCourse('waits-later', [
    { kind: 'lesson', title: 'Antes' },
    {
      kind: 'live_session',
      title: 'En vivo',
      startsAt: new Date(Date.now() + 30 * 24 * 3600_000),
      durationMinutes: 60,
    },
  ]);
  await createSpecialization('waits-spec', [{ key: 'basic', courses: [later._id, now._id] }]);
  const student = await spanishStudent();
  for (const slug of ['waits-later', 'waits-now'])
    await put(student, `/me/enrollments/${slug}`).expect(200);
  await post(student, `/me/courses/waits-later/modules/${later.modules[0]!._id}/done`).expect(200);
  await post(student, `/me/courses/waits-now/modules/${now.modules[0]!._id}/done`).expect(200);
  await campus.drainJobs();
  const player = await page(student, `/learn/waits-now/modules/${now.modules[0]!._id}`);
  const whatNext = /<section class="after-course"[\s\S]*?<\/section>/.exec(player.text)?.[0] ?? '';
  expect(whatNext).not.toContain('waits-later');
  expect(whatNext).toContain('solo quedan sesiones en vivo por venir');
});
