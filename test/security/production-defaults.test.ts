// Fail closed (issue 18, item 13): a campus started as production (NODE_ENV=production, or no
// NODE_ENV at all: see test/platform/config.test.ts) serves no dev mail outbox and links none.
import request from 'supertest';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({
    NODE_ENV: 'production',
    SESSION_SECRET: 's'.repeat(40),
    CREDENTIAL_KEY_SECRET: 'k'.repeat(40),
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: 'smtp://127.0.0.1:9',
  });
});
afterAll(() => campus.close());

test('when the campus runs in production mode, /dev/outbox is a 404 and no page links it', async () => {
  expect(campus.config.isProduction).toBe(true);
  const outbox = await request(campus.app).get('/dev/outbox');
  expect(outbox.status).toBe(404);
  const home = await request(campus.app).get('/').expect(200);
  expect(home.text).not.toContain('/dev/outbox');
});
