import { browser, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ LOGIN_RATE_LIMIT: '5' });
});
afterAll(() => campus.close());

describe('logging in and out', () => {
  test('when a student logs in with the right password, they reach their dashboard; after logging out they cannot', async () => {
    const user = await createTestUser({ displayName: 'Rosa Quispe' });
    const agent = browser(campus.app);
    const login = await submitForm(agent, '/login', '/login', {
      email: user.email.toUpperCase(),
      password: testPassword,
    });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/dashboard');
    expect((await agent.get('/dashboard').expect(200)).text).toContain('Hello, Rosa Quispe');

    const logout = await submitForm(agent, '/dashboard', '/logout', {});
    expect(logout.status).toBe(302);
    const after = await agent.get('/dashboard');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login?next=%2Fdashboard');
  });

  test('when logging in, the session id changes (no session fixation): a visitor has none to plant, an existing one is replaced', async () => {
    const user = await createTestUser();
    const agent = browser(campus.app);
    const page = await agent.get('/login');
    expect(String(page.headers['set-cookie'])).not.toContain('campus.sid=');
    const first = await submitForm(agent, '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    const before = /campus\.sid=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1];
    // The same browser, holding a session, logs in again: a new id, not the one it had.
    const login = await submitForm(agent, '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    const after = /campus\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
    expect(before).toBeDefined();
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  test('a wrong password and an unknown email get the same answer, so accounts cannot be discovered', async () => {
    const user = await createTestUser();
    const wrongPassword = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: 'not the password',
    });
    const unknownUser = await submitForm(browser(campus.app), '/login', '/login', {
      email: 'nobody-here@example.org',
      password: 'not the password',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    const message = (text: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(text)?.[0];
    expect(message(wrongPassword.text)).toContain('Email or password is incorrect.');
    expect(message(wrongPassword.text)).toBe(message(unknownUser.text));
  });

  test('after the allowed number of failed attempts, even the right password is refused for 15 minutes', async () => {
    const user = await createTestUser();
    const agent = browser(campus.app);
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await submitForm(agent, '/login', '/login', {
        email: user.email,
        password: 'guess number ' + attempt,
      });
      expect(response.status).toBe(401);
    }
    const blocked = await submitForm(agent, '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many login attempts');
    expect((await agent.get('/dashboard')).status).toBe(302);
  });

  test('after login, a local "next" page is honoured but another site is not', async () => {
    const user = await createTestUser();
    const local = await submitForm(browser(campus.app), '/login?next=/profile', '/login', {
      email: user.email,
      password: testPassword,
      next: '/profile',
    });
    expect(local.headers.location).toBe('/profile');
    const offsite = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: testPassword,
      next: '//evil.example/phish',
    });
    expect(offsite.headers.location).toBe('/dashboard');
  });
});
