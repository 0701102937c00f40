// Accounts by email through their key (`user_emails`, by _id): a login reads no collection but by
// _id, a known and an unknown email make the same reads (no account discovery by timing), keys
// left behind log no one in, and accounts from before the keys get theirs at start-up.
import mongoose, { Types } from 'mongoose';
import { changeEmail, createUser } from '../../accounts/accounts.service';
import { UserModel } from '../../accounts/user.model';
import { addMissingEmailKeys, UserEmailModel } from '../../accounts/user-email';
import { apiClient } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { filtersNotByIdDuring } from '../support/query-log';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ LOGIN_RATE_LIMIT: '100' });
});
afterAll(() => campus.close());

async function logIn(email: string, password = testPassword) {
  const { agent, csrf } = await apiClient(campus.app);
  return agent.post('/api/v1/auth/login').set('x-csrf-token', csrf).send({ email, password });
}

/** The reads a login sends to users and user_emails: collection, method and filter fields. */
async function readsDuring(act: () => Promise<unknown>): Promise<string[]> {
  const reads: string[] = [];
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
    if (collection === 'users' || collection === 'user_emails')
      reads.push(`${collection}.${method}(${Object.keys(filter ?? {}).join(',')})`);
  });
  try {
    await act();
  } finally {
    mongoose.set('debug', false);
  }
  return reads;
}

describe('accounts found by email through their key', () => {
  test('a login reads users by _id only, and an unknown email makes the same reads as a known one', async () => {
    const user = await createTestUser();
    const scans = await filtersNotByIdDuring(async () => {
      expect((await logIn(user.email)).status).toBe(200);
    }, ['user_emails']);
    expect(scans).toEqual([]);

    const known = await readsDuring(async () => {
      expect((await logIn(user.email, 'not the password')).status).toBe(401);
    });
    const unknown = await readsDuring(async () => {
      expect((await logIn('nobody-at-all@example.org', 'not the password')).status).toBe(401);
    });
    expect(known).toEqual(['user_emails.findOne(_id)', 'users.findOne(_id)']);
    expect(unknown).toEqual(known);
  });

  test('a key left behind (an account never created, an email moved away) logs no one in and does not keep the email from a new account', async () => {
    await UserEmailModel.create({ _id: 'ghost@example.org', user: new Types.ObjectId() });
    expect((await logIn('ghost@example.org')).status).toBe(401);
    const { agent, csrf } = await apiClient(campus.app);
    await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .send({ email: 'ghost@example.org', password: testPassword, displayName: 'Real Person' })
      .expect(202);
    expect((await logIn('ghost@example.org')).status).toBe(200);

    const mover = await createTestUser({ email: 'old-address@example.org' });
    expect(await changeEmail(String(mover._id), 'new-address@example.org')).toBe(true);
    expect((await logIn('new-address@example.org')).status).toBe(200);
    expect((await logIn('old-address@example.org')).status).toBe(401);
    // Someone else's email is not taken over.
    expect(await changeEmail(String(mover._id), 'ghost@example.org')).toBe(false);
    expect((await logIn('ghost@example.org')).status).toBe(200);
  });

  test('two accounts created at once with the same email: one is created, and it logs in', async () => {
    for (let round = 0; round < 5; round++) {
      const email = `same-moment-${round}@example.org`;
      const attempts = await Promise.allSettled(
        ['first', 'second'].map((name) =>
          createUser({
            email,
            password: `${testPassword}-${name}`,
            displayName: name,
            language: 'en',
            roles: ['student'],
          }),
        ),
      );
      const created = attempts.flatMap((attempt) =>
        attempt.status === 'fulfilled' ? [attempt.value] : [],
      );
      expect(created).toHaveLength(1);
      expect(await UserModel.countDocuments({ email })).toBe(1);
      const login = await logIn(email, `${testPassword}-${created[0]!.displayName}`);
      expect(login.status).toBe(200);
    }
  });

  test('an account from before email keys keeps its email from a new registration, and logs in once start-up (or that conflict) has given it its key', async () => {
    const legacy = await createTestUser({ email: 'from-before@example.org' });
    const other = await createTestUser({ email: 'also-from-before@example.org' });
    await UserEmailModel.deleteMany({ _id: { $in: [legacy.email, other.email] } });
    expect((await logIn(legacy.email)).status).toBe(401);

    const { agent, csrf } = await apiClient(campus.app);
    const taken = await agent
      .post('/api/v1/auth/register')
      .set('x-csrf-token', csrf)
      .send({ email: legacy.email, password: testPassword, displayName: 'Impostor' });
    // The same answer as for a new email (no account discovery); the account is not touched.
    expect(taken.status).toBe(202);
    expect(await UserModel.countDocuments({ email: legacy.email })).toBe(1);
    // The conflict pointed the key at the account that has the email.
    expect((await logIn(legacy.email)).body.user?.id).toBe(String(legacy._id));

    expect(await addMissingEmailKeys()).toBe(1);
    expect(await addMissingEmailKeys()).toBe(0);
    const login = await logIn(other.email);
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(String(other._id));
  });
});
