import request from 'supertest';
import { redactSecrets } from '../../platform/logger';
import { createTestUser, testPassword } from '../support/factories';
import { browser, submitForm } from '../support/http';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

describe('operations', () => {
  test('pages carry security headers: a strict content security policy, nosniff, no framing', async () => {
    const response = await request(campus.app).get('/').expect(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  test('an unknown page is a friendly 404 page without a stack trace', async () => {
    const response = await request(campus.app).get('/no/such/page').expect(404);
    expect(response.text).toContain('Page not found');
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  test('the session cookie, and a visitor’s CSRF cookies, are HttpOnly and SameSite', async () => {
    const user = await createTestUser();
    const login = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    const visitor = await request(campus.app).get('/login').expect(200);
    const cookies = [
      ...(login.headers['set-cookie'] as unknown as string[]),
      ...(visitor.headers['set-cookie'] as unknown as string[]),
    ];
    for (const name of ['campus.sid=', 'campus.csrf=', 'campus.visitor=']) {
      const cookie = cookies.find((value) => value.startsWith(name));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    }
  });

  test('request logs never carry a password-reset token', () => {
    expect(redactSecrets('/password/reset/abcDEF123_-xyz?utm=1')).toBe(
      '/password/reset/[redacted]?utm=1',
    );
    expect(redactSecrets('/courses/ipv6-fundamentals')).toBe('/courses/ipv6-fundamentals');
  });

  // Last: it takes Redis away from this campus.
  test('/healthz reports ok while MongoDB and Redis answer, and 503 naming Redis when it is gone', async () => {
    const healthy = await request(campus.app).get('/healthz').expect(200);
    expect(healthy.body).toEqual({ status: 'ok', checks: { mongodb: 'ok', redis: 'ok' } });

    campus.context.redis.destroy();
    const unhealthy = await request(campus.app).get('/healthz').expect(503);
    expect(unhealthy.body).toEqual({
      status: 'unavailable',
      checks: { mongodb: 'ok', redis: 'down' },
    });
  });
});
