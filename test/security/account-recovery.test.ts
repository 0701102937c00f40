// Siblings of the integration takeover (issue 18, item 3), found by an outside review: what a
// person who once had the password, or made the account in someone else's name, can still do
// after the owner resets it; and what a stranger's login attempts may leave behind.
import { UserModel } from '../../accounts/user.model';
import { createTestUser, testPassword } from '../support/factories';
import { apiClient, apiLogin, browser, csrfFrom, submitForm } from '../support/http';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

/** The path of the newest link of this kind mailed to the address. */
async function linkSentTo(email: string, pattern: RegExp): Promise<string> {
  for (const mail of await emailsTo(campus, email)) {
    const link = pattern.exec(mail.text)?.[0];
    if (link) return new URL(link).pathname;
  }
  throw new Error(`no link ${pattern} to ${email}`);
}
const resetLink = /https?:\/\/\S+\/password\/reset\/[\w-]{43}/;
const confirmLink = /https?:\/\/\S+\/email\/confirm\/[\w-]{43}/;

async function resetPasswordOf(email: string, password: string) {
  await submitForm(browser(campus.app), '/password/forgot', '/password/forgot', { email });
  const link = await linkSentTo(email, resetLink);
  const done = await submitForm(browser(campus.app), link, link, { password });
  expect(done.status).toBe(302);
}

test('when the owner resets the password, an email move asked for with the old password can no longer complete', async () => {
  const owner = await createTestUser({ email: 'owner-move@example.org' });
  const thief = await apiLogin(campus.app, { email: owner.email, password: testPassword });
  await thief.agent
    .post('/api/v1/me/email')
    .set('x-csrf-token', thief.csrf)
    .send({ email: 'thief-move@example.org', currentPassword: testPassword })
    .expect(202);
  const move = await linkSentTo('thief-move@example.org', confirmLink);

  await resetPasswordOf(owner.email, 'routing tables are mine again');
  await browser(campus.app).get(move).expect(410);
  const thiefBrowser = browser(campus.app);
  const csrf = await csrfFrom(thiefBrowser, '/login');
  const used = await thiefBrowser.post(move).type('form').send({ _csrf: csrf });
  expect(used.status).toBe(400);
  expect((await UserModel.findById(owner._id).lean())!.email).toBe('owner-move@example.org');
});

test('when an account made in someone else’s name is reset by the address’s owner, it is theirs: confirmed, without the maker’s second factor', async () => {
  const made = await createTestUser({ email: 'pre-hijacked@example.org', emailConfirmed: false });
  await UserModel.updateOne(
    { _id: made._id },
    { $set: { twoFactor: { enabledAt: new Date(), lastStep: 0, recoveryCodeHashes: [] } } },
  );
  await resetPasswordOf(made.email, 'this address is really mine');
  const after = (await UserModel.findById(made._id).lean())!;
  expect(after.emailConfirmedAt).toBeInstanceOf(Date);
  expect(after.twoFactor).toBeUndefined();
  // The owner logs in with the new password alone.
  await apiLogin(campus.app, { email: made.email, password: 'this address is really mine' });
});

test('when someone keeps guessing the current password to move an email, the sixth wrong guess is refused before the check', async () => {
  const user = await createTestUser({ email: 'guessed@example.org' });
  const session = await apiLogin(campus.app, { email: user.email, password: testPassword });
  const statuses: number[] = [];
  for (let guess = 0; guess < 6; guess++) {
    const answer = await session.agent
      .post('/api/v1/me/email')
      .set('x-csrf-token', session.csrf)
      .send({ email: 'elsewhere@example.org', currentPassword: `wrong guess ${guess}` });
    statuses.push(answer.status);
  }
  expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
  expect((await UserModel.findById(user._id).lean())!.email).toBe('guessed@example.org');
});

test('when a login names a huge email, no rate-limit key carries it: keys are digests', async () => {
  const client = await apiClient(campus.app);
  const huge = `${'a'.repeat(90_000)}@example.org`;
  await client.agent
    .post('/api/v1/auth/login')
    .set('x-csrf-token', client.csrf)
    .send({ email: huge, password: 'whatever it is' })
    .expect(422);
  const keys: string[] = [];
  for await (const batch of campus.context.redis.scanIterator({
    MATCH: `${campus.config.redisPrefix}:rl:*`,
  }))
    keys.push(...(Array.isArray(batch) ? batch : [batch]));
  expect(keys.length).toBeGreaterThan(0);
  expect(Math.max(...keys.map((key) => key.length))).toBeLessThan(200);
});
