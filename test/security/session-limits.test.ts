// Session lifetimes and caching (issue 18, item 14): a session ends after its idle or absolute
// limit (staff: 2 h / 12 h, students: 7 days / 14 days), judged from the timestamps stored in the
// session, not from the cookie; a logged-in answer, or a page with a form, is never cached.
import request from 'supertest';
import { createTestUser, testPassword } from '../support/factories';
import { apiLogin, browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

const hour = 3_600_000;

/** The Redis key of the (one) session this person holds. */
async function sessionKeyOf(userId: string): Promise<string> {
  const { redis } = campus.context;
  for await (const keys of redis.scanIterator({ MATCH: `${campus.config.redisPrefix}:sess:*` }))
    for (const key of keys) {
      const stored = JSON.parse((await redis.get(key)) ?? '{}');
      if (stored.passport?.user?.id === userId) return key;
    }
  throw new Error(`no session for ${userId}`);
}

/** Moves the session's clocks back, as if its person had logged in and gone quiet long ago. */
async function age(userId: string, ago: { sinceLogin: number; sinceLastRequest: number }) {
  const key = await sessionKeyOf(userId);
  const stored = JSON.parse((await campus.context.redis.get(key))!);
  stored.authenticatedAt = Date.now() - ago.sinceLogin;
  stored.lastSeenAt = Date.now() - ago.sinceLastRequest;
  await campus.context.redis.set(key, JSON.stringify(stored), { KEEPTTL: true });
}

async function loggedIn(roles: ('student' | 'instructor' | 'admin')[]) {
  const user = await createTestUser({ roles });
  const { agent } = await apiLogin(campus.app, { email: user.email, password: testPassword });
  return { agent, id: user.id as string };
}

test('when a staff session has been idle for more than 2 hours, the API answers 401 session_expired and the session is gone', async () => {
  const admin = await loggedIn(['admin']);
  await age(admin.id, { sinceLogin: 2.5 * hour, sinceLastRequest: 2 * hour + 60_000 });
  const expired = await admin.agent.get('/api/v1/me').expect(401);
  expect(expired.body.code).toBe('session_expired');
  expect(expired.body.title).toBe('Your session has expired. Please log in again.');
  expect((await admin.agent.get('/api/v1/me').expect(401)).body.code).toBe('unauthenticated');
});

test('when a staff session is 12 hours old, it ends even while in use; a student’s of the same age goes on', async () => {
  const instructor = await loggedIn(['instructor']);
  const student = await loggedIn(['student']);
  for (const person of [instructor, student])
    await age(person.id, { sinceLogin: 12 * hour + 60_000, sinceLastRequest: 60_000 });
  expect((await instructor.agent.get('/api/v1/me')).body.code).toBe('session_expired');
  await student.agent.get('/api/v1/me').expect(200);
});

test('when a student’s session has been idle for a week, or is 14 days old, the page sends them to log in with a message', async () => {
  for (const ago of [
    { sinceLogin: 8 * 24 * hour, sinceLastRequest: 7 * 24 * hour + 60_000 },
    { sinceLogin: 14 * 24 * hour + 60_000, sinceLastRequest: 60_000 },
  ]) {
    const user = await createTestUser();
    const agent = browser(campus.app);
    await submitForm(agent, '/login', '/login', { email: user.email, password: testPassword });
    await agent.get('/dashboard').expect(200);
    await age(user.id as string, ago);
    const expired = await agent.get('/dashboard').expect(302);
    expect(expired.headers.location).toBe('/login?next=%2Fdashboard');
    const login = await agent.get(expired.headers.location!).expect(200);
    expect(login.text).toContain('Your session has expired. Please log in again.');
    expect((await agent.get('/dashboard')).status).toBe(302);
  }
});

test('when a session is in use, its idle clock restarts (it is not ended by its age since the last request alone)', async () => {
  const instructor = await loggedIn(['instructor']);
  await age(instructor.id, { sinceLogin: hour, sinceLastRequest: 1.5 * hour });
  await instructor.agent.get('/api/v1/me').expect(200);
  const stored = JSON.parse((await campus.context.redis.get(await sessionKeyOf(instructor.id)))!);
  expect(Date.now() - stored.lastSeenAt).toBeLessThan(60_000);
});

test('every answer to a logged-in request is no-store but pictures the same for everyone; public pages keep their caching for visitors', async () => {
  const { agent: student } = await loggedIn(['student']);
  for (const path of ['/api/v1/me', '/dashboard', '/', '/courses', '/no-such-page'])
    expect((await student.get(path)).headers['cache-control']).toBe('no-store');
  // A topic's drawing holds nothing of who asks: a phone keeps it from page to page.
  const drawing = await student.get('/course-images/bgp.svg').expect(200);
  expect(drawing.headers['cache-control']).toBe('public, max-age=86400');
  expect(drawing.headers['set-cookie']).toBeUndefined();

  const visitor = await request(campus.app).get('/.well-known/jwks.json').expect(200);
  expect(visitor.headers['cache-control']).toBe('public, max-age=300');
  expect((await request(campus.app).get('/courses')).headers['cache-control']).not.toBe('no-store');
  expect((await request(campus.app).get('/login')).headers['cache-control']).toBe('no-store');
});
