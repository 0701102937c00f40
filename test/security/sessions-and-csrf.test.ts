// Sessions and forged requests: every state-changing route refuses a request without its CSRF
// token (read from the route table, so a new route is covered), a logged-out session cannot be
// replayed, and a disabled account loses every session it holds. The login and TOTP brute-force
// limits, and the session id changing at login and at the second factor, are tested in
// accounts/login.test.ts and accounts/two-factor.test.ts.
import request from 'supertest';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { createTestUser, testPassword } from '../support/factories';
import { apiClient, apiLogin, apiUser, browser, submitForm } from '../support/http';
import { appRoutes } from '../support/route-table';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

/** Authenticated by their own signature or token, or changing nothing (verify): no CSRF token. */
const exempt = new Set([
  'POST /webhooks/zoom',
  'POST /api/v1/integrations/registrations',
  // The Open Badges API: bearer tokens (openbadges-api/bearer-access.ts).
  'POST /ims/ob/v3p0/credentials',
  'PUT /ims/ob/v3p0/profile',
  // Open client registration: no session, no token (the OAuth server's own check).
  'POST /ims/ob/v3p0/oauth/register',
  // OpenID4VCI: a wallet trades an offer's code for a token, then the token for the credential.
  'POST /oid4vci/token',
  'POST /oid4vci/credential',
  'POST /api/v1/verify',
  'POST /verify',
  'POST /api/v1/verify/batch',
  'POST /verify/batch',
]);

const sessionIdOf = (response: request.Response) =>
  /campus\.sid=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];

test('every state-changing route refuses a request without the session’s CSRF token, or with another session’s', async () => {
  const admin = await apiUser(campus.app, ['admin']);
  const stranger = await apiUser(campus.app, ['admin']);
  const changing = appRoutes(campus.app).filter(
    (route) => route.method !== 'GET' && !exempt.has(`${route.method} ${route.path}`),
  );
  expect(changing.length).toBeGreaterThan(80);
  const accepted: string[] = [];
  for (const route of changing) {
    const path = route.path.replace(/:(\w+)/g, 'x');
    const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    const without = await admin.agent[method](path).send({ name: 'forged' });
    const foreign = await admin.agent[method](path)
      .set('x-csrf-token', stranger.csrf)
      .type('form')
      .send({ _csrf: stranger.csrf, name: 'forged' });
    for (const response of [without, foreign])
      if (response.status !== 403) accepted.push(`${route.method} ${path}: ${response.status}`);
  }
  expect(accepted).toEqual([]);
  // And the token is what made the difference: the same admin with it gets past the check.
  await admin.agent
    .post('/api/v1/admin/integrations')
    .set('x-csrf-token', admin.csrf)
    .send({ name: 'with token' })
    .expect(201);
});

test('a logged-out session cannot be replayed, from the page or the API', async () => {
  const user = await createTestUser();
  const agent = browser(campus.app);
  const login = await submitForm(agent, '/login', '/login', {
    email: user.email,
    password: testPassword,
  });
  const cookie = `campus.sid=${sessionIdOf(login)}`;
  await request(campus.app).get('/dashboard').set('Cookie', cookie).expect(200);
  await submitForm(agent, '/dashboard', '/logout', {});
  const replay = await request(campus.app).get('/dashboard').set('Cookie', cookie);
  expect(replay.status).toBe(302);
  expect(replay.headers.location).toMatch(/^\/login/);

  const api = await apiLogin(campus.app, { email: user.email, password: testPassword });
  const me = await api.agent.get('/api/v1/me').expect(200);
  expect(me.body.user.email).toBe(user.email);
  await api.agent.post('/api/v1/auth/logout').set('x-csrf-token', api.csrf).expect(204);
  await api.agent.get('/api/v1/me').expect(401);
});

test('a disabled account loses every session at once and cannot log in; enabled again, it can', async () => {
  const admin = await apiUser(campus.app, ['admin']);
  const person = await createTestUser({ email: 'leaver@example.org' });
  const laptop = browser(campus.app);
  await submitForm(laptop, '/login', '/login', { email: person.email, password: testPassword });
  const phone = await apiLogin(campus.app, { email: person.email, password: testPassword });
  await laptop.get('/dashboard').expect(200);
  await phone.agent.get('/api/v1/me').expect(200);

  const record = await admin.agent.get(`/admin/students/${person.id}`).expect(200);
  expect(record.text).toContain(`action="/admin/students/${person.id}/disable"`);
  // Without its confirming tick, nothing happens: back to the record, told why.
  const unconfirmed = await submitForm(
    admin.agent,
    `/admin/students/${person.id}`,
    `/admin/students/${person.id}/disable`,
    {},
  );
  expect(unconfirmed.headers.location).toBe(`/admin/students/${person.id}`);
  const told = await admin.agent.get(`/admin/students/${person.id}`);
  expect(told.text).toContain('tick the box beside the button to confirm');
  expect(told.text).not.toContain('this person cannot log in');
  await laptop.get('/dashboard').expect(200);
  const disabled = await submitForm(
    admin.agent,
    `/admin/students/${person.id}`,
    `/admin/students/${person.id}/disable`,
    { confirm: 'yes' },
  );
  expect(disabled.status).toBe(302);
  const after = await admin.agent.get(`/admin/students/${person.id}`);
  expect(after.text).toContain('this person cannot log in');
  expect(after.text).toContain(`action="/admin/students/${person.id}/enable"`);

  expect((await laptop.get('/dashboard')).headers.location).toMatch(/^\/login/);
  await phone.agent.get('/api/v1/me').expect(401);
  const again = await submitForm(browser(campus.app), '/login', '/login', {
    email: person.email,
    password: testPassword,
  });
  expect(again.status).toBe(403);
  expect(again.text).toContain('This account is disabled.');
  // A wrong password still gets the plain answer: being disabled is said only to the owner.
  const guesser = await apiClient(campus.app);
  const guess = await guesser.agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', guesser.csrf)
    .send({ email: person.email, password: 'wrong password here' });
  expect(guess.status).toBe(401);
  expect(guess.body.code).toBe('invalid_credentials');

  await admin.agent
    .post(`/api/v1/admin/users/${person.id}/enable`)
    .set('x-csrf-token', admin.csrf)
    .expect(204);
  await apiLogin(campus.app, { email: person.email, password: testPassword });
  const actions = await AuditEntryModel.find({ student: person._id }).lean();
  expect(actions.map((entry) => entry.action).sort()).toEqual([
    'account.disabled',
    'account.enabled',
  ]);
});

test('an admin cannot disable their own account, and an unknown one is a 404', async () => {
  const admin = await apiUser(campus.app, ['admin']);
  const self = await admin.agent
    .post(`/api/v1/admin/users/${admin.id}/disable`)
    .set('x-csrf-token', admin.csrf)
    .expect(409);
  expect(self.body.title).toBe('You cannot disable your own account.');
  await admin.agent.get('/api/v1/me').expect(200);
  await admin.agent
    .post('/api/v1/admin/users/64b000000000000000000000/disable')
    .set('x-csrf-token', admin.csrf)
    .expect(404);
});
