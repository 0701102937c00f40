import { randomBytes } from 'node:crypto';
import { createUser, type Role } from '../../accounts';
import { CourseModel } from '../../courses';

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

/** A course an instructor has not published yet. */
export async function createDraftCourse(slug: string) {
  const details = {
    title: `Draft ${slug}`,
    summary: 'Not yet published.',
    description: 'Draft.',
    language: 'en' as const,
    hours: 1,
  };
  return CourseModel.create({ slug, status: 'draft', draft: details, ...details });
}
