import { randomBytes } from 'node:crypto';
import { createUser, type Role } from '../../accounts';

export const testPassword = 'correct horse battery';

/** A user with a unique email; pass overrides for what the test is about. */
export async function createTestUser(
  overrides: { email?: string; displayName?: string; roles?: Role[] } = {},
) {
  const email = overrides.email ?? `user-${randomBytes(4).toString('hex')}@example.org`;
  return createUser({
    email,
    password: testPassword,
    displayName: overrides.displayName ?? 'Test Student',
    language: 'en',
    roles: overrides.roles ?? ['student'],
  });
}
