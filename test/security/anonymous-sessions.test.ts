// Anonymous state (issue 18, item 11): a visitor's GETs store nothing in Redis, yet the forms they
// see are protected (double-submit CSRF tokens bound to a visitor cookie, then to the session once
// logged in). Every state-changing route refusing a missing or foreign token is checked in
// sessions-and-csrf.test.ts.
import request from 'supertest';
import { UserModel } from '../../accounts/user.model';
import { createTestUser, testPassword } from '../support/factories';
import { browser, csrfFrom } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

async function sessionKeys(): Promise<number> {
  let count = 0;
  for await (const keys of campus.context.redis.scanIterator({
    MATCH: `${campus.config.redisPrefix}:sess:*`,
    COUNT: 500,
  }))
    count += keys.length;
  return count;
}

// The verify page is among them too, though its form needs no token (it changes nothing).
const formPages = ['/login', '/register', '/password/forgot', '/verify', '/api/v1/auth/csrf'];
const tokenPages = new Set(formPages.filter((page) => page !== '/verify'));

test('when visitors open the pages with forms 200 times, no session is stored', async () => {
  const before = await sessionKeys();
  for (let round = 0; round < 40; round++)
    for (const page of formPages) {
      const response = await request(campus.app).get(page).expect(200);
      expect(String(response.headers['set-cookie'] ?? '')).not.toContain('campus.sid=');
      if (tokenPages.has(page)) expect(response.headers['cache-control']).toBe('no-store');
    }
  expect(await sessionKeys()).toBe(before);
});

test('when a visitor posts the login, register and forgot-password forms with their token, they work; without it, or with another visitor’s, they are refused', async () => {
  const user = await createTestUser({ email: 'visitor-login@example.org' });
  const forms: [string, Record<string, string>][] = [
    ['/password/forgot', { email: user.email }],
    [
      '/register',
      {
        email: 'new-visitor@example.org',
        displayName: 'New Visitor',
        password: 'routing-secure-2026',
      },
    ],
    ['/login', { email: user.email, password: testPassword }],
  ];
  const stranger = browser(campus.app);
  const strangerToken = await csrfFrom(stranger, '/login');
  for (const [path, fields] of forms) {
    const agent = browser(campus.app);
    const token = await csrfFrom(agent, path);
    const without = await agent.post(path).type('form').send(fields);
    expect(without.status).toBe(403);
    const foreign = await agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: strangerToken });
    expect(foreign.status).toBe(403);
    const posted = await agent
      .post(path)
      .type('form')
      .send({ ...fields, _csrf: token });
    expect(posted.status).toBeLessThan(400);
  }
  expect(await UserModel.countDocuments({ email: 'new-visitor@example.org' })).toBe(1);
});

test('when a visitor logs in, the CSRF token changes and the visitor’s token no longer works', async () => {
  const user = await createTestUser();
  const agent = browser(campus.app);
  const visitorToken = await csrfFrom(agent, '/login');
  await agent
    .post('/login')
    .type('form')
    .send({ email: user.email, password: testPassword, _csrf: visitorToken })
    .expect(302);
  const sessionToken = await csrfFrom(agent, '/profile');
  expect(sessionToken).not.toBe(visitorToken);
  await agent.post('/logout').type('form').send({ _csrf: visitorToken }).expect(403);
  await agent.post('/logout').type('form').send({ _csrf: sessionToken }).expect(302);
});

test('when an API client logs in with the token of GET /auth/csrf, the answer carries a new token', async () => {
  const user = await createTestUser();
  const agent = request.agent(campus.app);
  const first = (await agent.get('/api/v1/auth/csrf').expect(200)).body.csrfToken as string;
  await agent
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: testPassword })
    .expect(403);
  const login = await agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', first)
    .send({ email: user.email, password: testPassword })
    .expect(200);
  expect(login.body.csrfToken).not.toBe(first);
  await agent.patch('/api/v1/me').set('x-csrf-token', first).send({ displayName: 'X' }).expect(403);
  await agent
    .patch('/api/v1/me')
    .set('x-csrf-token', login.body.csrfToken)
    .send({ displayName: 'Renamed' })
    .expect(200);
});
