import request from 'supertest';
import { getActiveKey } from '../../badges';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, browser, csrfFrom, type Agent } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: { agent: Agent; csrf: string };
let award: { publicId: string; url: string; email: string };

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'verify', {
    name: 'Verified Basic',
    validForMonths: undefined,
  });
  const { student, award: stored } = await studentCompleting(campus, course, {
    displayName: 'Lucía Gómez',
    email: 'lucia.verify@example.org',
  });
  award = {
    publicId: stored!.publicId,
    url: `${campus.config.baseUrl}/badges/assertions/${stored!.publicId}`,
    email: student.email,
  };
});
afterAll(() => campus.close());

const verify = (query: Record<string, string>) =>
  request(campus.app).get('/api/v1/verify').query(query).expect(200);

describe('verifying badges without an account', () => {
  test('a hosted badge link verifies, and the email check says whether it belongs to that person', async () => {
    const valid = await verify({ credential: award.url, email: award.email });
    expect(valid.body).toMatchObject({
      verdict: 'valid',
      badge: { name: 'Verified Basic', recipientName: 'Lucía Gómez' },
    });
    expect(valid.body.checks).toContainEqual({
      check: 'recipient',
      ok: true,
      detail: 'Issued to this email address.',
    });
    const wrongPerson = await verify({ credential: award.url, email: 'someone.else@example.org' });
    expect(wrongPerson.body.verdict).toBe('invalid');
  });

  test('a signed badge verifies; one changed character, or a key reported compromised, makes it fail', async () => {
    const jws = (
      await request(campus.app).get(`/badges/assertions/${award.publicId}/signed`).expect(200)
    ).text;
    expect((await verify({ credential: jws })).body.verdict).toBe('valid');

    const [header, payload, signature] = jws.split('.');
    const flipped =
      signature!.slice(0, 10) + (signature![10] === 'A' ? 'B' : 'A') + signature!.slice(11);
    const forged = await verify({ credential: `${header}.${payload}.${flipped}` });
    expect(forged.body.verdict).toBe('invalid');
    expect(forged.body.checks).toContainEqual(
      expect.objectContaining({ check: 'signature', ok: false }),
    );

    const key = await getActiveKey(campus.config, 'RS256');
    await admin.agent
      .post(`/api/v1/admin/keys/${key.kid}/compromised`)
      .set('x-csrf-token', admin.csrf)
      .expect(200);
    const flagged = await verify({ credential: jws });
    expect(flagged.body.verdict).toBe('invalid');
    expect(flagged.body.checks).toContainEqual(
      expect.objectContaining({ check: 'key', ok: false }),
    );
  });

  test('another issuer’s badge is not fetched, just answered as not ours; nonsense gets a clear answer', async () => {
    const other = await verify({ credential: 'http://169.254.169.254/latest/meta-data' });
    expect(other.body).toMatchObject({ verdict: 'invalid', badge: null });
    expect(other.body.checks[0].detail).toBe(
      'This badge was not issued by this campus: verify it with its issuer.',
    );
    const nonsense = await verify({ credential: 'hello there, badge?' });
    expect(nonsense.body.checks[0]).toMatchObject({ check: 'format', ok: false });
    const empty = await request(campus.app)
      .get('/api/v1/verify')
      .query({ credential: '' })
      .expect(422);
    expect(empty.body.errors[0].field).toBe('credential');
  });

  test('the verify page shows the verdict and each check; a revoked badge says so', async () => {
    await admin.agent
      .post(`/api/v1/admin/awards/${award.publicId}/revoke`)
      .set('x-csrf-token', admin.csrf)
      .send({ reason: 'Issued in error' })
      .expect(200);
    const agent = browser(campus.app);
    const csrf = await csrfFrom(agent, '/verify');
    const page = await agent
      .post('/verify')
      .type('form')
      .send({ _csrf: csrf, credential: award.url, email: '' })
      .expect(200);
    expect(page.text).toContain('✗ Revoked badge');
    expect(page.text).toContain('Revoked: Issued in error.');
  });
});
