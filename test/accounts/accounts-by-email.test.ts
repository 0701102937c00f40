// Accounts by email: `users`' unique index on the normalized email finds the account at a login
// and keeps each address to one account (case-insensitive, also when two sign-ups race, also when
// an owner moves to an address taken meanwhile). The `user_emails` key collection the dev store
// once needed is dropped at start-up.
import mongoose from 'mongoose';
import { createUser } from '../../accounts/accounts.service';
import { accountsComponent } from '../../accounts/manifest';
import { UserModel } from '../../accounts/user.model';
import { apiClient, apiLogin } from '../support/http';
import { createTestUser, testPassword } from '../support/factories';
import { emailsTo } from '../support/outbox';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
beforeAll(async () => {
  campus = await startTestCampus({ LOGIN_RATE_LIMIT: '100' });
  campus.startWorker(); // delivers the emails whose links the tests follow
});
afterAll(() => campus.close());

async function logIn(email: string, password = testPassword) {
  const { agent, csrf } = await apiClient(campus.app);
  return agent.post('/api/v1/auth/login').set('x-csrf-token', csrf).send({ email, password });
}

async function register(email: string, displayName: string) {
  const { agent, csrf } = await apiClient(campus.app);
  return agent
    .post('/api/v1/auth/register')
    .set('x-csrf-token', csrf)
    .send({ email, password: testPassword, displayName });
}

/** The filters a login sends to users: method and filter, as sent. */
async function userFiltersDuring(act: () => Promise<unknown>) {
  const sent: { method: string; filter: Record<string, unknown> }[] = [];
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
    if (collection === 'users') sent.push({ method, filter: filter as Record<string, unknown> });
  });
  try {
    await act();
  } finally {
    mongoose.set('debug', false);
  }
  return sent;
}

const usesIndex = /USING INDEX|IXSCAN/;

describe('accounts found by email', () => {
  test('when someone logs in, the account is found through the unique email index, and an unknown email sends the same queries', async () => {
    const user = await createTestUser();
    const known = await userFiltersDuring(async () => {
      expect((await logIn(user.email, 'not the password')).status).toBe(401);
    });
    const unknown = await userFiltersDuring(async () => {
      expect((await logIn('nobody-at-all@example.org', 'not the password')).status).toBe(401);
    });
    expect(known.map((read) => `${read.method}(${Object.keys(read.filter).join(',')})`)).toEqual([
      'findOne(email)',
    ]);
    expect(unknown.map((read) => read.method)).toEqual(known.map((read) => read.method));
    const plan = await UserModel.find(known[0]!.filter).explain();
    expect(JSON.stringify(plan)).toMatch(usesIndex);
    expect((await logIn(user.email)).body.user?.id).toBe(String(user._id));
  });

  test('when an address already has an account, a sign-up in other letter case creates none and the owner logs in with either case', async () => {
    const owner = await createTestUser({ email: 'taken-address@example.org' });
    const attempt = await register('  Taken-Address@Example.ORG ', 'Impostor');
    // The same answer as for a new email (no account discovery); the account is not touched.
    expect(attempt.status).toBe(202);
    expect(await UserModel.countDocuments({ email: 'taken-address@example.org' })).toBe(1);
    expect((await logIn('TAKEN-ADDRESS@example.org')).body.user?.id).toBe(String(owner._id));
  });

  test('when two accounts are created at once with the same email, one is created, and it logs in', async () => {
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
      const refused = attempts.find((attempt) => attempt.status === 'rejected');
      expect(refused).toMatchObject({ reason: { code: 'email_taken' } });
      expect(await UserModel.countDocuments({ email })).toBe(1);
      const login = await logIn(email, `${testPassword}-${created[0]!.displayName}`);
      expect(login.status).toBe(200);
    }
  });

  test('when an owner confirms a move to an address another account took meanwhile, the move is refused; a completed move frees the old address', async () => {
    const mover = await createTestUser({ email: 'mover-old@example.org' });
    const me = await apiLogin(campus.app, { email: mover.email, password: testPassword });
    const askToMove = async (email: string) => {
      await me.agent
        .post('/api/v1/me/email')
        .set('x-csrf-token', me.csrf)
        .send({ email, currentPassword: testPassword })
        .expect(202);
      const mail = (await emailsTo(campus, email)).find((sent) =>
        sent.subject.includes('Confirm your new email'),
      );
      return /\/email\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')![1];
    };
    const confirm = (token: string) =>
      me.agent.post('/api/v1/auth/email-confirmation').set('x-csrf-token', me.csrf).send({ token });

    const tokenForTaken = await askToMove('mover-wanted@example.org');
    const other = await createTestUser({ email: 'mover-wanted@example.org' });
    const refused = await confirm(tokenForTaken!).expect(409);
    expect(refused.body.errors[0].field).toBe('email');
    expect((await UserModel.findById(mover._id).lean())!.email).toBe('mover-old@example.org');
    expect((await logIn('mover-wanted@example.org')).body.user?.id).toBe(String(other._id));

    const tokenForFree = await askToMove('mover-new@example.org');
    expect((await confirm(tokenForFree!).expect(200)).body.outcome).toBe('changed');
    expect((await logIn('mover-new@example.org')).body.user?.id).toBe(String(mover._id));
    expect((await logIn('mover-old@example.org')).status).toBe(401);
    expect((await register('mover-old@example.org', 'Next Owner')).status).toBe(202);
    expect((await logIn('mover-old@example.org')).status).toBe(200);
  });

  test('when a database still has the old email key collection, start-up drops it once; again it finds nothing to drop', async () => {
    const db = mongoose.connection.db!;
    await db.collection('user_emails').insertOne({ _id: 'someone@example.org' as never });
    const migration = accountsComponent.migrations!.find(
      (candidate) => candidate.name === 'drop-user-email-keys',
    )!;
    expect(await migration.run(campus.context.logger)).toEqual({ dropped: true });
    expect(await db.listCollections({ name: 'user_emails' }).toArray()).toEqual([]);
    expect(await migration.run(campus.context.logger)).toEqual({ dropped: false });
  });
});
