// Two-factor authentication end to end: enrolment with a real TOTP (otpauth computes the codes an
// app would), login's second step, replay and recovery-code reuse refused, brute-force limit,
// the staff rule, and an admin's reset.
import { TOTP } from 'otpauth';
import { AuditEntryModel } from '../../platform/audit/audit-entry.model';
import { UserModel } from '../../accounts/user.model';
import { apiLogin, browser, csrfFrom, submitForm, type Agent } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ STAFF_TWO_FACTOR: 'true' });
});
afterAll(() => campus.close());

const totpOf = (manualKey: string) => new TOTP({ secret: manualKey, digits: 6, period: 30 });
const codeAt = (manualKey: string, offsetSteps = 0) =>
  totpOf(manualKey).generate({ timestamp: Date.now() + offsetSteps * 30_000 });

const sessionIdOf = (response: { headers: Record<string, unknown> }) =>
  /campus\.sid=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];

async function logInWithPassword(email: string) {
  const agent = browser(campus.app);
  const response = await submitForm(agent, '/login', '/login', { email, password: testPassword });
  return { agent, location: response.headers.location as string, sessionId: sessionIdOf(response) };
}

/** Turns 2FA on from the account page; returns the key and the recovery codes shown. */
async function enrol(agent: Agent) {
  const begun = await submitForm(agent, '/account/2fa', '/account/2fa/begin', {});
  expect(begun.status).toBe(200);
  expect(begun.text).toContain('<svg');
  const manualKey = /class="manual-key">([A-Z2-7]+)</.exec(begun.text)![1]!;
  const wrong = await submitForm(agent, '/account/2fa', '/account/2fa/confirm', { code: '000000' });
  expect(wrong.status).toBe(422);
  expect(wrong.text).toContain(manualKey); // the same key again, to try the next code
  const done = await submitForm(agent, '/account/2fa', '/account/2fa/confirm', {
    code: codeAt(manualKey),
  });
  expect(done.status).toBe(200);
  const recoveryCodes = [
    ...done.text.matchAll(/<li><code>([0-9a-f]{5}-[0-9a-f]{5})<\/code><\/li>/g),
  ].map((m) => m[1]!);
  return { manualKey, recoveryCodes };
}

test('a student turns it on; logins then need a code, a code works once, a recovery code works once', async () => {
  const student = await createTestUser({ email: 'totp.student@example.org' });
  const { agent } = await logInWithPassword(student.email);
  const { manualKey, recoveryCodes } = await enrol(agent);
  expect(recoveryCodes).toHaveLength(10);
  // At rest: the secret sealed, the recovery codes only as hashes.
  const stored = JSON.stringify(await UserModel.findById(student._id).lean());
  expect(stored).not.toContain(manualKey);
  for (const code of recoveryCodes) expect(stored).not.toContain(code);

  const second = await logInWithPassword(student.email);
  expect(second.location).toBe('/login/2fa');
  await second.agent.get('/dashboard').expect(302); // not logged in yet
  const wrong = await submitForm(second.agent, '/login/2fa', '/login/2fa', { code: '123456' });
  expect(wrong.status).toBe(401);
  expect(wrong.text).toContain('This code is not right, or was already used.');
  const code = codeAt(manualKey, 1);
  const ok = await submitForm(second.agent, '/login/2fa', '/login/2fa', { code });
  expect(ok.headers.location).toBe('/dashboard');
  // A new session id at each step: one fixed before, or seen half-way, is worth nothing.
  expect(second.sessionId).toBeDefined();
  expect(sessionIdOf(ok)).toBeDefined();
  expect(sessionIdOf(ok)).not.toBe(second.sessionId);
  await second.agent.get('/dashboard').expect(200);

  const replay = await logInWithPassword(student.email);
  expect((await submitForm(replay.agent, '/login/2fa', '/login/2fa', { code })).status).toBe(401);
  const recovered = await submitForm(replay.agent, '/login/2fa', '/login/2fa', {
    code: recoveryCodes[0]!,
  });
  expect(recovered.headers.location).toBe('/dashboard');
  const reuse = await logInWithPassword(student.email);
  expect(
    (await submitForm(reuse.agent, '/login/2fa', '/login/2fa', { code: recoveryCodes[0]! })).status,
  ).toBe(401);
});

test('the API asks for the second step; wrong codes are limited', async () => {
  const student = await createTestUser({ email: 'totp.api@example.org' });
  const { agent } = await logInWithPassword(student.email);
  const { manualKey } = await enrol(agent);

  const client = browser(campus.app);
  const csrf = (await client.get('/api/v1/auth/csrf').expect(200)).body.csrfToken;
  const first = await client
    .post('/api/v1/auth/login')
    .set('x-csrf-token', csrf)
    .send({ email: student.email, password: testPassword })
    .expect(200);
  expect(first.body).toEqual({ twoFactorRequired: true, csrfToken: expect.any(String) });
  await client.get('/api/v1/me/progress').expect(401);
  const done = await client
    .post('/api/v1/auth/login/2fa')
    .set('x-csrf-token', first.body.csrfToken)
    .send({ code: codeAt(manualKey, 1) })
    .expect(200);
  expect(done.body.user).toMatchObject({ email: student.email, twoFactorEnabled: true });
  await client.get('/api/v1/me/progress').expect(200);
  await client.post('/api/v1/auth/logout').set('x-csrf-token', done.body.csrfToken).expect(204);
  const again = await client
    .post('/api/v1/auth/login')
    .set('x-csrf-token', (await client.get('/api/v1/auth/csrf')).body.csrfToken)
    .send({ email: student.email, password: testPassword })
    .expect(200);
  const statuses: number[] = [];
  // Five wrong codes per account in 15 minutes (enrolment's wrong code above was the first).
  for (let attempt = 0; attempt < 5; attempt++)
    statuses.push(
      (
        await client
          .post('/api/v1/auth/login/2fa')
          .set('x-csrf-token', again.body.csrfToken)
          .send({ code: '000000' })
      ).status,
    );
  expect(statuses).toEqual([401, 401, 401, 401, 429]);
  // Even the right code waits now.
  const right = await client
    .post('/api/v1/auth/login/2fa')
    .set('x-csrf-token', again.body.csrfToken)
    .send({ code: codeAt(manualKey, -1) });
  expect(right.status).toBe(429);
  // Another account's login is not slowed down by these.
  const other = await createTestUser();
  await apiLogin(campus.app, { email: other.email, password: testPassword });
});

test('staff must turn it on before they work; an admin’s reset is audited and ends the person’s sessions', async () => {
  const instructor = await createTestUser({
    roles: ['instructor'],
    email: 'totp.instructor@example.org',
  });
  const { agent } = await logInWithPassword(instructor.email);
  const blocked = await agent.get('/teach').expect(302);
  expect(blocked.headers.location).toBe('/account/2fa');
  const api = await apiLogin(campus.app, { email: instructor.email, password: testPassword });
  const refused = await api.agent.get('/api/v1/authoring/courses').expect(403);
  expect(refused.body.code).toBe('two_factor_required');
  const { manualKey } = await enrol(agent);
  await agent.get('/teach').expect(200);

  const admin = await createTestUser({ roles: ['admin'], email: 'totp.admin@example.org' });
  const adminLogin = await logInWithPassword(admin.email);
  const adminKey = (await enrol(adminLogin.agent)).manualKey;
  expect(adminKey).not.toBe(manualKey);
  const reset = await submitForm(
    adminLogin.agent,
    `/admin/students/${instructor._id}`,
    `/admin/students/${instructor._id}/2fa/reset`,
    {},
  );
  expect(reset.status).toBe(302);
  expect(
    await AuditEntryModel.exists({ action: 'two_factor.reset', student: instructor._id }),
  ).toBeTruthy();
  // Logged out everywhere; the next login has no second step and asks to set it up again.
  await agent.get('/teach').expect(302);
  const again = await logInWithPassword(instructor.email);
  expect(again.location).toBe('/dashboard');
  expect((await again.agent.get('/teach').expect(302)).headers.location).toBe('/account/2fa');
  expect(await csrfFrom(again.agent, '/account/2fa')).toBeTruthy();
});
