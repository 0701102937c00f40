import { UserModel } from '../../accounts';
import { browser, submitForm } from '../support/http';
import { createTestUser } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const validFields = {
  displayName: 'Lucía Gómez',
  email: 'Lucia.Gomez@Example.org',
  password: 'routing-secure-2026',
};

describe('registering a student account', () => {
  test('when a visitor registers, they are logged in and their password is stored only as an argon2id hash', async () => {
    const agent = browser(campus.app);
    const response = await submitForm(agent, '/register', '/register', validFields);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/dashboard');

    const dashboard = await agent.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('Hello, Lucía Gómez');

    const user = await UserModel.findOne({ email: 'lucia.gomez@example.org' }).lean();
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user?.passwordHash).not.toContain(validFields.password);
    expect(user?.roles).toEqual(['student']);
    expect(user?.certificateName).toBe('Lucía Gómez');
  });

  test('when the email is taken (in any letter case), the form says so and no second account appears', async () => {
    await createTestUser({ email: 'taken@example.org' });
    const response = await submitForm(browser(campus.app), '/register', '/register', {
      ...validFields,
      email: 'TAKEN@example.org',
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain('An account with this email already exists');
    expect(response.text).toContain('value="TAKEN@example.org"');
    expect(await UserModel.countDocuments({ email: 'taken@example.org' })).toBe(1);
  });

  test.each([
    ['a short password', { password: 'short' }, 'password', 'Use at least 10 characters.'],
    [
      'a repetitive password',
      { password: 'aaaaaaaaaaaa' },
      'password',
      'Use a less repetitive password.',
    ],
    [
      'a password containing the email',
      { email: 'routingfan@example.org', password: 'routingfan-2026!' },
      'password',
      'must not contain your email',
    ],
    ['a malformed email', { email: 'not-an-email' }, 'email', 'Enter a valid email address'],
    [
      'an over-long name',
      { displayName: 'x'.repeat(121) },
      'displayName',
      'at most 120 characters',
    ],
    [
      'an over-long email',
      { email: `${'a'.repeat(250)}@example.org` },
      'email',
      'at most 254 characters',
    ],
  ])(
    'when the form has %s, it is shown again with the field error and nothing is created',
    async (_case, change, field, message) => {
      const before = await UserModel.countDocuments();
      const response = await submitForm(browser(campus.app), '/register', '/register', {
        ...validFields,
        ...change,
      });
      expect(response.status).toBe(422);
      expect(response.text).toContain(message);
      expect(response.text).toContain(`id="field-${field}-error"`);
      expect(response.text).not.toContain(validFields.password);
      expect(await UserModel.countDocuments()).toBe(before);
    },
  );

  test('when the form is posted without its CSRF token, it is refused and nothing is created', async () => {
    const agent = browser(campus.app);
    await agent.get('/register');
    const response = await agent
      .post('/register')
      .type('form')
      .send({ ...validFields, email: 'nocsrf@example.org' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('This form has expired or did not come from Campus');
    expect(await UserModel.countDocuments({ email: 'nocsrf@example.org' })).toBe(0);
  });

  test('when a student registers, the worker delivers one welcome email to their address', async () => {
    campus.startWorker();
    await submitForm(browser(campus.app), '/register', '/register', {
      ...validFields,
      email: 'welcome@example.org',
    });
    await campus.drainJobs();
    const outbox = await browser(campus.app).get('/dev/outbox').expect(200);
    expect(outbox.text.match(/welcome@example\.org/g)).toHaveLength(1);
    expect(outbox.text).toContain('Welcome to Campus');
  });
});
