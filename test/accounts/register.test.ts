import { UserModel } from '../../accounts/user.model';
import { apiClient, browser, submitForm } from '../support/http';
import { emailsTo } from '../support/outbox';
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
  test('when a visitor registers, they are asked to check their email, the password is stored only as an argon2id hash, and they can log in before confirming', async () => {
    const agent = browser(campus.app);
    const response = await submitForm(agent, '/register', '/register', validFields);
    expect(response.status).toBe(200);
    expect(response.text).toContain('Check your email');
    // No session yet: a taken email must not be told apart by a logged-in answer.
    expect((await agent.get('/dashboard')).status).toBe(302);

    const user = await UserModel.findOne({ email: 'lucia.gomez@example.org' }).lean();
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user?.passwordHash).not.toContain(validFields.password);
    expect(user?.roles).toEqual(['student']);
    expect(user?.certificateName).toBe('Lucía Gómez');
    expect(user?.emailConfirmedAt).toBeUndefined();

    await submitForm(agent, '/login', '/login', {
      email: validFields.email,
      password: validFields.password,
    });
    expect((await agent.get('/dashboard').expect(200)).text).toContain('Hello, Lucía Gómez');
  });

  test('when the email is taken (in any letter case), the answer is the same as for a new email, no second account appears, and the owner is told', async () => {
    campus.startWorker();
    const owner = await createTestUser({ email: 'taken@example.org' });
    const taken = await submitForm(browser(campus.app), '/register', '/register', {
      ...validFields,
      email: 'TAKEN@example.org',
    });
    const fresh = await submitForm(browser(campus.app), '/register', '/register', {
      ...validFields,
      email: 'Fresh@example.org',
    });
    expect(taken.status).toBe(fresh.status);
    const pageText = (html: string, email: RegExp) =>
      html.replace(/(value|content)="[\w-]{20,}"/g, '$1=""').replace(email, 'X@');
    expect(pageText(taken.text, /taken@/gi)).toBe(pageText(fresh.text, /fresh@/gi));
    const { agent, csrf } = await apiClient(campus.app);
    const send = (email: string) =>
      agent
        .post('/api/v1/auth/register')
        .set('x-csrf-token', csrf)
        .send({ ...validFields, email });
    const [apiTaken, apiFresh] = [
      await send('taken@example.org'),
      await send('fresh2@example.org'),
    ];
    expect(apiTaken.status).toBe(202);
    expect(apiFresh.status).toBe(202);
    expect(apiTaken.body.message.replace('taken@', 'X@')).toBe(
      apiFresh.body.message.replace('fresh2@', 'X@'),
    );

    expect(await UserModel.countDocuments({ email: 'taken@example.org' })).toBe(1);
    expect((await UserModel.findById(owner._id).lean())!.passwordHash).toBe(owner.passwordHash);
    const told = await emailsTo(campus, 'taken@example.org');
    expect(told.map((mail) => mail.subject)).toEqual([
      'Someone tried to register with your email on Campus',
    ]);
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
    ['a common password', { password: 'Password123' }, 'password', 'one of the most common ones'],
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

  test('when a student registers, the worker delivers one welcome email to their address, with the link that confirms it', async () => {
    await submitForm(browser(campus.app), '/register', '/register', {
      ...validFields,
      email: 'welcome@example.org',
    });
    await campus.drainJobs();
    const outbox = await browser(campus.app).get('/dev/outbox').expect(200);
    expect(outbox.text.match(/welcome@example\.org/g)).toHaveLength(1);
    expect(outbox.text).toContain('Welcome to Campus');
    const [welcome] = await emailsTo(campus, 'welcome@example.org');
    const link = /\/email\/confirm\/[\w-]{43}/.exec(welcome!.text)![0];
    await submitForm(browser(campus.app), link, link, {});
    const user = await UserModel.findOne({ email: 'welcome@example.org' }).lean();
    expect(user!.emailConfirmedAt).toBeInstanceOf(Date);
  });

  test('a visitor sent to log in from a course who signs up instead is led back to it after confirming', async () => {
    const agent = browser(campus.app);
    const login = await agent.get('/login?next=/courses/ipv6-fundamentals').expect(200);
    expect(login.text).toContain('href="/register?next=%2Fcourses%2Fipv6-fundamentals"');
    const signup = await agent.get('/register?next=%2Fcourses%2Fipv6-fundamentals').expect(200);
    expect(signup.text).toContain('name="next" value="/courses/ipv6-fundamentals"');
    await submitForm(agent, '/register', '/register', {
      ...validFields,
      email: 'comeback@example.org',
      next: '/courses/ipv6-fundamentals',
    });
    await campus.drainJobs();
    const [welcome] = await emailsTo(campus, 'comeback@example.org');
    const link = /\/email\/confirm\/[\w-]{43}/.exec(welcome!.text)![0];
    const confirmed = await submitForm(agent, link, link, {});
    expect(confirmed.headers.location).toBe('/login?next=%2Fcourses%2Fipv6-fundamentals');
    // Another site is never where it leads.
    const outside = await agent.get('/register?next=https://evil.example/').expect(200);
    expect(outside.text).toContain('name="next" value="/dashboard"');
  });
});
