// Abuse limits (issue 18, item 10): registration, login and password reset are limited per client
// address and campus-wide, counted in Redis; account emails are limited per recipient and
// campus-wide where they are made, so a path around the HTTP limits cannot flood an inbox. The
// campus here sits behind one trusted proxy (TRUST_PROXY=1) and has small limits.
import { UserModel } from '../../accounts/user.model';
import { sendEmail } from '../../mail';
import { OutboundEmailModel } from '../../mail/outbound-email.model';
import { createApp } from '../../server/app';
import { createTestUser, testPassword } from '../support/factories';
import { apiClient } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({
    TRUST_PROXY: '1',
    REGISTER_IP_RATE_LIMIT: '2',
    REGISTER_GLOBAL_RATE_LIMIT: '5',
    LOGIN_IP_RATE_LIMIT: '4',
    PASSWORD_RESET_IP_RATE_LIMIT: '10',
    MAIL_RECIPIENT_HOURLY_LIMIT: '2',
    MAIL_GLOBAL_HOURLY_LIMIT: '12',
  });
});
afterAll(() => campus.close());

/** The address the trusted proxy saw (it appends it to whatever the client sent). */
const via = (clientIp: string, spoofed?: string) =>
  spoofed ? `${spoofed}, ${clientIp}` : clientIp;

async function register(ip: string, n: string) {
  const { agent, csrf } = await apiClient(campus.app);
  return agent
    .post('/api/v1/auth/register')
    .set('x-csrf-token', csrf)
    .set('X-Forwarded-For', ip)
    .send({
      email: `limit-${n}@example.org`,
      displayName: `Person ${n}`,
      password: 'routing-secure-2026',
    });
}

async function logIn(ip: string, email: string, password = 'not the password', app = campus.app) {
  const { agent, csrf } = await apiClient(app);
  return agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', csrf)
    .set('X-Forwarded-For', ip)
    .send({ email, password });
}

test('when one address registers one account more than its hourly limit, it gets a 429 with Retry-After, worded in its language, and no account is created', async () => {
  expect((await register('198.51.100.1', 'a1')).status).toBeLessThan(300);
  expect((await register('198.51.100.1', 'a2')).status).toBeLessThan(300);
  const refused = await register('198.51.100.1', 'a3');
  expect(refused.status).toBe(429);
  expect(refused.body.code).toBe('rate_limited');
  expect(refused.body.title).toBe(
    'Too many accounts were created from your network. Wait an hour and try again.',
  );
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(await UserModel.countDocuments({ email: 'limit-a3@example.org' })).toBe(0);

  const { agent, csrf } = await apiClient(campus.app);
  const spanish = await agent
    .post('/api/v1/auth/register')
    .set('x-csrf-token', csrf)
    .set('X-Forwarded-For', '198.51.100.1')
    .set('Accept-Language', 'es')
    .send({ email: 'limit-a4@example.org', displayName: 'A4', password: 'routing-secure-2026' });
  expect(spanish.status).toBe(429);
  expect(spanish.body.title).toContain('Se crearon demasiadas cuentas desde tu red');
});

test('when registrations come from many addresses, the campus-wide limit still holds', async () => {
  // 2 accounts so far (the test above); 3 more fill the campus-wide 5.
  for (const [ip, n] of [
    ['198.51.100.2', 'b1'],
    ['198.51.100.2', 'b2'],
    ['198.51.100.3', 'b3'],
  ] as const)
    expect((await register(ip, n)).status).toBeLessThan(300);
  for (const [ip, n] of [
    ['198.51.100.3', 'b4'],
    ['198.51.100.4', 'b5'],
    ['2001:db8::1', 'b6'],
  ] as const) {
    const refused = await register(ip, n);
    expect(refused.status).toBe(429);
    expect(refused.body.title).toContain('The campus is receiving too many of these requests');
  }
  expect(await UserModel.countDocuments({ email: /^limit-b[456]@/ })).toBe(0);
});

test('when one address sprays a password over many emails, it is stopped by the per-address login limit, even for a right password', async () => {
  const real = await createTestUser({ email: 'sprayed@example.org' });
  for (let n = 0; n < 4; n++)
    expect((await logIn('203.0.113.7', `victim-${n}@example.org`)).status).toBe(401);
  const refused = await logIn('203.0.113.7', real.email, testPassword);
  expect(refused.status).toBe(429);
  expect(refused.body.title).toBe(
    'Too many login attempts from your network. Wait 15 minutes and try again.',
  );
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  // Another address is not affected.
  expect((await logIn('203.0.113.8', real.email, testPassword)).status).toBe(200);
});

test('when a client forges X-Forwarded-For, it does not escape its per-address limit', async () => {
  // Behind the trusted proxy: only the address the proxy appended counts.
  for (let n = 0; n < 4; n++)
    expect((await logIn(via('203.0.113.20', `10.9.9.${n}`), `forge-${n}@example.org`)).status).toBe(
      401,
    );
  expect((await logIn(via('203.0.113.20', '10.9.9.99'), 'forge-x@example.org')).status).toBe(429);

  // With no proxy trusted (the default), the header is ignored: the socket's address counts.
  const direct = createApp({
    ...campus.context,
    config: { ...campus.config, trustProxy: 0 },
  });
  for (let n = 0; n < 4; n++)
    expect((await logIn(`10.8.8.${n}`, `direct-${n}@example.org`, 'x', direct)).status).toBe(401);
  expect((await logIn('10.8.8.99', 'direct-x@example.org', 'x', direct)).status).toBe(429);
});

test('when reset links for one address are asked from many addresses, the campus emails it only its hourly quota', async () => {
  const owner = await createTestUser({ email: 'inbox-owner@example.org' });
  for (let n = 0; n < 5; n++) {
    const { agent, csrf } = await apiClient(campus.app);
    await agent
      .post('/api/v1/auth/password-reset')
      .set('x-csrf-token', csrf)
      .set('X-Forwarded-For', `192.0.2.${n + 10}`)
      .send({ email: owner.email })
      .expect(202);
  }
  expect(await OutboundEmailModel.countDocuments({ to: owner.email })).toBe(2);
});

test('when emails are asked for by a path around the HTTP limits, the campus-wide hourly quota still holds', async () => {
  for (let n = 0; n < 30; n++)
    await sendEmail(campus.context, {
      dedupeKey: `welcome:bypass-${n}`,
      to: `bypass-${n}@example.org`,
      template: 'welcome',
      language: 'en',
      data: { displayName: `Bypass ${n}`, confirmUrl: 'http://localhost:3000/email/confirm/x' },
    });
  // Everything this campus emailed this hour (registrations and resets above included).
  expect(await OutboundEmailModel.countDocuments()).toBe(12);
  expect(await OutboundEmailModel.countDocuments({ to: 'bypass-29@example.org' })).toBe(0);
});
