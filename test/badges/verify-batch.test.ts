// Employers verify many badges at once, from the API or a page (a pasted list or a CSV), and a
// level badge says which courses it certifies and when each was completed.
import request from 'supertest';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let valid: string;
let revoked: string;

beforeAll(async () => {
  // A budget of 5 × 30 = 150 credentials per 15 minutes for batches.
  campus = await startTestCampus({ VERIFY_RATE_LIMIT: '30', TRUST_PROXY: '1' });
  campus.startWorker();
  const adminUser = await createTestUser({ roles: ['admin'] });
  const admin = await apiLogin(campus.app, { email: adminUser.email, password: testPassword });
  const { course } = await levelWithBadge(admin, 'batch');
  valid = (await studentCompleting(campus, course, { displayName: 'Lucía Lote' })).award!.publicId;
  revoked = (await studentCompleting(campus, course, { displayName: 'Mario Lote' })).award!
    .publicId;
  await admin.agent
    .post(`/api/v1/admin/awards/${revoked}/revoke`)
    .set('x-csrf-token', admin.csrf)
    .send({ reason: 'Issued in error' })
    .expect(200);
});
afterAll(() => campus.close());

const batch = (body: object, ip = '203.0.113.7') =>
  request(campus.app).post('/api/v1/verify/batch').set('X-Forwarded-For', ip).send(body);

test('each credential is answered in the order given, with what a level badge certifies', async () => {
  const answer = await batch({
    credentials: [valid, `${campus.config.baseUrl}/badges/assertions/${revoked}`, 'not a badge'],
  }).expect(200);
  expect(answer.body.summary).toEqual({ total: 3, valid: 1 });
  expect(answer.body.results.map((item: { verdict: string }) => item.verdict)).toEqual([
    'valid',
    'revoked',
    'unreadable',
  ]);
  expect(answer.body.results[0].badge.recipientName).toBe('Lucía Lote');
  expect(answer.body.results[0].badge.certifies).toEqual([
    { course: expect.any(String), completedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
  ]);
  expect(answer.body.results[2].given).toBe('not a badge');
});

test('more than 100, or none, is refused and nothing is verified; each credential counts against the budget', async () => {
  const tooMany = await batch(
    { credentials: Array.from({ length: 101 }, () => valid) },
    '203.0.113.8',
  );
  expect(tooMany.status).toBe(422);
  expect(JSON.stringify(tooMany.body)).toContain('credentials');
  await batch({ credentials: '\n \n' }, '203.0.113.8').expect(422);
  // 150 per address: a batch of 100 goes through, the next 100 would exceed it.
  await batch({ credentials: Array.from({ length: 100 }, () => valid) }, '203.0.113.8').expect(200);
  const refused = await batch(
    { credentials: Array.from({ length: 100 }, () => valid) },
    '203.0.113.8',
  ).expect(429);
  expect(JSON.stringify(refused.body)).toContain('15 minutes');
  // A refused batch spent nothing: 50 more still fit.
  await batch({ credentials: Array.from({ length: 50 }, () => valid) }, '203.0.113.8').expect(200);
});

test('another site cannot spend a visitor’s budget: cross-site requests and non-JSON API bodies are refused', async () => {
  await request(campus.app)
    .post('/verify/batch')
    .set('Sec-Fetch-Site', 'cross-site')
    .set('X-Forwarded-For', '203.0.113.10')
    .field('credentials', valid)
    .expect(403);
  const form = await request(campus.app)
    .post('/api/v1/verify/batch')
    .set('X-Forwarded-For', '203.0.113.10')
    .type('form')
    .send({ credentials: valid })
    .expect(415);
  expect(JSON.stringify(form.body)).toContain('application/json');
  // Nothing was spent: a full batch of 100 and one of 50 still fit the 150.
  await batch({ credentials: Array.from({ length: 100 }, () => valid) }, '203.0.113.10').expect(
    200,
  );
  await batch({ credentials: Array.from({ length: 50 }, () => valid) }, '203.0.113.10').expect(200);
});

test('the page takes a CSV (first column, header skipped) and shows a row per badge, in Spanish', async () => {
  const csv = `credential,note\n${valid},first\n${revoked},second\n`;
  const page = await request(campus.app)
    .post('/verify/batch')
    .set('Accept-Language', 'es')
    .set('X-Forwarded-For', '203.0.113.9')
    .attach('file', Buffer.from(csv), { filename: 'badges.csv', contentType: 'text/csv' })
    .expect(200);
  expect(page.text).toContain('1 de 2 válidas.');
  expect(page.text).toContain('Insignia válida');
  expect(page.text).toContain('Insignia revocada');
  expect(page.text).toContain('Lucía Lote');
  const empty = await request(campus.app)
    .post('/verify/batch')
    .set('Accept-Language', 'es')
    .set('X-Forwarded-For', '203.0.113.9')
    .field('credentials', '')
    .expect(422);
  expect(empty.text).toContain('Pega al menos una credencial');
});
