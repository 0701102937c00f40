import request from 'supertest';
import { UserModel } from '../../accounts/user.model';
import { apiClient } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
});
afterAll(() => campus.close());

describe('the accounts API', () => {
  test('a script can register, read and change its profile, and log out, with the CSRF token it is given', async () => {
    const { agent, csrf } = await apiClient(campus.app);
    const registered = await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .send({
        email: 'api.student@example.org',
        displayName: 'Api Student',
        password: 'api student passphrase',
      })
      .expect(202);
    expect(registered.body.message).toContain('api.student@example.org');
    const login = await agent
      .post('/api/v1/auth/login')
      .set('x-csrf-token', csrf)
      .send({ email: 'api.student@example.org', password: 'api student passphrase' })
      .expect(200);
    expect(login.body.user).toMatchObject({
      email: 'api.student@example.org',
      roles: ['student'],
      emailConfirmed: false,
    });
    expect(login.body.user.passwordHash).toBeUndefined();
    const token = login.body.csrfToken as string;

    const me = await agent.get('/api/v1/me').expect(200);
    expect(me.body.user.displayName).toBe('Api Student');

    const patched = await agent
      .patch('/api/v1/me')
      .set('x-csrf-token', token)
      .send({ certificateName: 'Ana Estudiante' })
      .expect(200);
    expect(patched.body.user).toMatchObject({
      certificateName: 'Ana Estudiante',
      displayName: 'Api Student',
    });

    await agent.post('/api/v1/auth/logout').set('x-csrf-token', token).expect(204);
    await agent.get('/api/v1/me').expect(401);
  });

  test('a script logs in and gets a new CSRF token for the new session; the old token is refused', async () => {
    const user = await createTestUser();
    const { agent, csrf } = await apiClient(campus.app);
    const login = await agent
      .post('/api/v1/auth/login')
      .set('x-csrf-token', csrf)
      .send({ email: user.email, password: testPassword })
      .expect(200);
    expect(login.body.user.email).toBe(user.email);
    expect(login.body.csrfToken).not.toBe(csrf);
    const stale = await agent
      .patch('/api/v1/me')
      .set('x-csrf-token', csrf)
      .send({ language: 'es' });
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('csrf_invalid');
    await agent
      .patch('/api/v1/me')
      .set('x-csrf-token', login.body.csrfToken)
      .send({ language: 'es' })
      .expect(200);
  });

  test('a malformed JSON body gets 400 problem+json naming the body, and changes nothing', async () => {
    const { agent, csrf } = await apiClient(campus.app);
    const before = await UserModel.countDocuments();
    const response = await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .set('content-type', 'application/json')
      .send('{"email": "broken@example.org", "password": ');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'malformed_body',
      errors: [{ field: 'body' }],
    });
    expect(await UserModel.countDocuments()).toBe(before);
  });

  test('invalid fields get 422 with one entry per failing field', async () => {
    const { agent, csrf } = await apiClient(campus.app);
    const response = await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .send({ email: 'nope', displayName: '', password: 'short' });
    expect(response.status).toBe(422);
    const fields = (response.body.errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['displayName', 'email', 'password']);
  });

  test('when the email is taken, the answer is the 202 a new email gets (no account discovery)', async () => {
    const user = await createTestUser();
    const { agent, csrf } = await apiClient(campus.app);
    const response = await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .send({ email: user.email, displayName: 'Twin', password: 'another passphrase' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ message: expect.stringContaining(user.email) });
  });

  test('a POST without a CSRF token is refused with 403 problem+json', async () => {
    const response = await request(campus.app)
      .post('/api/v1/auth/login')
      .send({ email: 'x@example.org', password: 'whatever' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('csrf_invalid');
  });

  test('wrong password and unknown email give the same 401', async () => {
    const user = await createTestUser();
    const first = await apiClient(campus.app);
    const wrong = await first.agent
      .post('/api/v1/auth/login')
      .set('x-csrf-token', first.csrf)
      .send({ email: user.email, password: 'wrong one' });
    const second = await apiClient(campus.app);
    const unknown = await second.agent
      .post('/api/v1/auth/login')
      .set('x-csrf-token', second.csrf)
      .send({ email: 'nobody@example.org', password: 'wrong one' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  test('an anonymous client asking for a profile gets 401, and unknown API routes get 404 problem+json', async () => {
    const me = await request(campus.app).get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('unauthenticated');
    const missing = await request(campus.app).get('/api/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('the OpenAPI document describes every API route with its request schema', async () => {
    const response = await request(campus.app).get('/api/v1/openapi.json').expect(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/courses',
        '/courses/{slug}',
        '/specializations',
        '/auth/login',
        '/auth/register',
        '/me',
        '/me/enrollments/{courseSlug}',
        '/me/specializations/{slug}/levels/{level}/enrollment',
      ]),
    );
    const register =
      response.body.paths['/auth/register'].post.requestBody.content['application/json'].schema;
    expect(register.required).toEqual(expect.arrayContaining(['email', 'displayName', 'password']));
    expect(register.properties.password.minLength).toBe(10);
    const docs = await request(campus.app).get('/api/v1/docs/').expect(200);
    expect(docs.text).toContain('swagger-ui');
  });
});
