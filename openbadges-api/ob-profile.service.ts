// The Open Badges API's profile (spec §6.2.3): the student as a Profile, and the one change a
// client may make to it, their name. Their email changes on the campus, with its confirmation.
import { z } from 'zod';
import { accountSchemas, getProfile, updateProfile, type UserProfile } from '../accounts';
import { naturalUuid } from '../platform/natural-id';
import { ObApiError } from './imsx-status';

/** A stable id that says nothing about the account's internal id. */
const profileId = (studentId: string) => `urn:uuid:${naturalUuid('ob-profile', studentId)}`;

export async function obProfileOf(student: UserProfile) {
  const user = await getProfile(student.id);
  return {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: profileId(student.id),
    type: ['Profile'],
    name: user.displayName,
    email: user.email,
  };
}

const profileUpdate = z.object({
  name: accountSchemas.profileInput.shape.displayName,
  email: z.string().optional(),
});

export async function updateObProfile(student: UserProfile, body: unknown) {
  const parsed = profileUpdate.safeParse(body);
  if (!parsed.success)
    throw new ObApiError(400, 'invalid_data', 'The profile needs a name (its `name`).');
  if (parsed.data.email !== undefined && parsed.data.email.toLowerCase() !== student.email)
    throw new ObApiError(
      400,
      'invalid_data',
      'The email address is changed on the campus profile page, where it is confirmed.',
    );
  await updateProfile(student.id, { displayName: parsed.data.name });
  return obProfileOf(student);
}
