import { readdir, readFile } from 'node:fs/promises';
import { emailsTo } from '../support/outbox';
import path from 'node:path';
import mongoose from 'mongoose';
import { apiClient, browser, submitForm } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
});
afterAll(() => campus.close());

/** The reset link from the newest email to this address in the dev outbox. */
async function resetLinkSentTo(email: string): Promise<string | undefined> {
  const mine = (await emailsTo(campus, email)).filter((e) => e.subject.includes('Reset'));
  const link = /https?:\/\/\S+\/password\/reset\/[A-Za-z0-9_-]+/.exec(mine[0]?.text ?? '')?.[0];
  return link && new URL(link).pathname;
}

/** A page without its per-session tokens (CSRF fields and meta). */
const pageText = (html: string) => html.replace(/(value|content)="[\w-]{20,}"/g, '$1=""');

/** Each write and read the request sends to the database: collection.method, in order. */
async function operationsDuring<T>(act: () => Promise<T>) {
  const operations: string[] = [];
  // Deliveries wait meanwhile: the worker's operations are not the request's.
  const delivery = campus.context.jobs.queue('deliver-email');
  await campus.drainJobs();
  await delivery.pause(true);
  mongoose.set('debug', (collection: string, method: string) => {
    if (collection !== 'sessions') operations.push(`${collection}.${method}`);
  });
  try {
    const response = await act();
    return { response, operations };
  } finally {
    mongoose.set('debug', false);
    await delivery.resume(true);
  }
}

describe('resetting a forgotten password', () => {
  test('when a student asks for a reset, the emailed link sets a new password, the old one stops working, and the link works once', async () => {
    const user = await createTestUser();
    const elsewhere = browser(campus.app); // a session on another device, logged in before the reset
    await submitForm(elsewhere, '/login', '/login', { email: user.email, password: testPassword });
    expect((await elsewhere.get('/dashboard')).status).toBe(200);

    const asked = await submitForm(browser(campus.app), '/password/forgot', '/password/forgot', {
      email: user.email,
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('If an account exists for');
    const link = await resetLinkSentTo(user.email);
    expect(link).toBeDefined();

    const agent = browser(campus.app);
    const reset = await submitForm(agent, link!, link!, { password: 'a brand new passphrase' });
    expect(reset.status).toBe(302);
    expect(reset.headers.location).toBe('/login');

    const oldPassword = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    expect(oldPassword.status).toBe(401);
    const newPassword = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: 'a brand new passphrase',
    });
    expect(newPassword.status).toBe(302);

    expect((await elsewhere.get('/dashboard')).status).toBe(302); // the other session was logged out

    const again = await browser(campus.app).get(link!);
    expect(again.status).toBe(410);
    expect(again.text).toContain('expired or was already used');
  });

  test('when the email has no account, the visitor sees the same answer, the same work is done, and the address is told no account uses it', async () => {
    const user = await createTestUser();
    const ask = (email: string) =>
      submitForm(browser(campus.app), '/password/forgot', '/password/forgot', { email });
    const known = await operationsDuring(() => ask(user.email));
    const unknown = await operationsDuring(() => ask('ghost@example.org'));
    expect(unknown.response.status).toBe(known.response.status);
    expect(pageText(unknown.response.text).replace('ghost@example.org', user.email)).toBe(
      pageText(known.response.text),
    );
    expect(unknown.operations).toEqual(known.operations);
    expect(known.operations).toContain('outboundemails.findOneAndUpdate');

    const api = async (email: string) => {
      const { agent, csrf } = await apiClient(campus.app);
      return agent.post('/api/v1/auth/password-reset').set('x-csrf-token', csrf).send({ email });
    };
    const [apiKnown, apiUnknown] = [await api(user.email), await api('nobody@example.org')];
    expect([apiUnknown.status, apiUnknown.body]).toEqual([apiKnown.status, apiKnown.body]);

    expect(await resetLinkSentTo('ghost@example.org')).toBeUndefined();
    const [told] = await emailsTo(campus, 'ghost@example.org');
    expect(told!.text).toContain('no account uses this address');
  });

  test.each([
    ['a common password', 'Qwertyuiop', 'one of the most common ones'],
    ['a password containing the email', '', 'must not contain your email'],
  ])(
    'when the new password is %s, the form says why and the link still works',
    async (_case, password, message) => {
      const user = await createTestUser({ email: `reset-${Date.now()}@example.org` });
      await submitForm(browser(campus.app), '/password/forgot', '/password/forgot', {
        email: user.email,
      });
      const link = (await resetLinkSentTo(user.email))!;
      const chosen = password || `${user.email.split('@')[0]} is mine`;
      const response = await submitForm(browser(campus.app), link, link, { password: chosen });
      expect(response.status).toBe(422);
      expect(response.text).toContain(message);
      await browser(campus.app).get(link).expect(200);
    },
  );

  test('when the new password is weak, the form says why and the password stays as it was', async () => {
    const user = await createTestUser();
    await submitForm(browser(campus.app), '/password/forgot', '/password/forgot', {
      email: user.email,
    });
    const link = (await resetLinkSentTo(user.email))!;
    const response = await submitForm(browser(campus.app), link, link, { password: 'short' });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Use at least 10 characters.');
    const login = await submitForm(browser(campus.app), '/login', '/login', {
      email: user.email,
      password: testPassword,
    });
    expect(login.status).toBe(302);
  });

  test('a made-up reset link shows the expired page and changes nothing', async () => {
    const page = await browser(campus.app).get(`/password/reset/${'A'.repeat(43)}`);
    expect(page.status).toBe(410);
    const agent = browser(campus.app);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1]!;
    const response = await agent
      .post(`/password/reset/${'A'.repeat(43)}`)
      .type('form')
      .send({ password: 'another fine passphrase', _csrf: csrf });
    expect(response.status).toBe(400);
    expect(response.text).toContain('expired or was already used');
  });

  test('when someone asks again and again for one address, the fourth request is refused and only three emails go out', async () => {
    const user = await createTestUser();
    const agent = browser(campus.app);
    for (let request = 0; request < 3; request++) {
      const response = await submitForm(agent, '/password/forgot', '/password/forgot', {
        email: user.email,
      });
      expect(response.status).toBe(200);
    }
    const flooding = await submitForm(agent, '/password/forgot', '/password/forgot', {
      email: user.email,
    });
    expect(flooding.status).toBe(429);
    expect(flooding.text).toContain('We already sent several reset links');
    await campus.drainJobs();
    const sent = (await readdir(campus.config.mail.outboxDir)).filter((f) => f.endsWith('.json'));
    const toUser = await Promise.all(
      sent.map(
        async (f) =>
          JSON.parse(await readFile(path.join(campus.config.mail.outboxDir, f), 'utf8')).to,
      ),
    );
    expect(toUser.filter((to) => to === user.email)).toHaveLength(3);
  });
});
