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

test('an enrolled student sees their progress and Continue on the course page, and their standing on the level page', async () => {
  const first = await createPublishedCourse('standing-first', [
    { kind: 'lesson', title: 'Uno' },
    { kind: 'lesson', title: 'Dos' },
  ]);
  const second = await createPublishedCourse('standing-second', [
    { kind: 'lesson', title: 'Solo' },
  ]);
  await createSpecialization('standing-spec', [{ key: 'basic', courses: [first._id, second._id] }]);
  const user = await createTestUser({ language: 'es' });
  const student = {
    ...(await apiLogin(campus.app, { email: user.email, password: testPassword })),
    id: String(user.id),
  };

  const before = await page(student, '/courses/standing-first');
  expect(before.text).not.toContain('Continuar donde lo dejaste');
  await put(student, '/me/enrollments/standing-first').expect(200);
  await post(student, `/me/courses/standing-first/modules/${first.modules[0]!._id}/done`).expect(
    200,
  );

  const course = await page(student, '/courses/standing-first');
  expect(course.text).toContain('1 de 2 módulos completados');
  expect(course.text).toContain('Continuar donde lo dejaste');
  // The home page leads with that next step.
  const home = await page(student, '/');
  expect(home.text).toContain('Tu próximo paso: sigue con');
  expect(home.text).toContain('href="/learn/standing-first"');
  const level = await page(student, '/specializations/standing-spec/levels/basic');
  expect(level.text).toContain('Completaste 0 de 2 cursos · inscrito en 1');
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
  const after = await page(student, '/specializations/standing-spec/levels/basic');
  expect(after.text).toContain('Completaste 1 de 2 cursos · inscrito en 2');
  expect(after.text).not.toMatch(/levels\/basic\/enroll/);

  // A visitor still sees the Enroll (log in) button and no standing.
  // Every course of hers complete but... not yet: the second is done, the first is not.
  expect((await page(student, '/')).text).toContain('href="/learn/standing-first"');
  expect((await request(campus.app).get('/').expect(200)).text).not.toContain('next-step');
  const anonymous = await request(campus.app)
    .get('/specializations/standing-spec/levels/basic')
    .expect(200);
  expect(anonymous.text).not.toContain('course-standing');
});
