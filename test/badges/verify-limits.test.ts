// The verifier's rate limit is counted before anything a stranger sends is read, and a body that
// is not multipart at all is the sender's mistake: a 400 naming the field, never a 500.
import request from 'supertest';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ VERIFY_RATE_LIMIT: '2' });
});
afterAll(() => campus.close());

/** A multipart body whose boundary never closes: multer (busboy) cannot read it. */
const brokenUpload = () =>
  request(campus.app)
    .post('/api/v1/verify')
    .set('content-type', 'multipart/form-data; boundary=never-closed')
    .send(
      '--never-closed\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\n\r\nxx',
    );

test('a broken upload gets a 400 naming the file field; once over the limit, the next is refused before it is read', async () => {
  const broken = await brokenUpload();
  expect(broken.status).toBe(400);
  expect(broken.body.errors[0]).toMatchObject({ field: 'file' });
  await request(campus.app).post('/api/v1/verify').send({ credential: 'hello' }).expect(200);
  // Over the limit of 2: had the body been parsed first, the answer would be the 400 again.
  const refused = await brokenUpload();
  expect(refused.status).toBe(429);
  expect(refused.body.code).toBe('rate_limited');
});
