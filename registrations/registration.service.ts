// Registrations from the events system: the person becomes (or already is) a campus account,
// found by normalized email, enrolled in the course edition, and invited to choose a password
// when the course starts. A registration is known by the events system's own id: sent again
// unchanged it changes nothing; cancelled it unenrolls. An integration may create accounts and
// enrol them, never change who owns one: a registration sent with another email is another person
// (the account of that email, or a new one), the first account keeps its email, and only its
// owner can move it (the profile's email change, confirmed at the new address). Staff accounts
// (instructors, admins) are never touched by an integration.
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import { accountSchemas, createInvitedUser, findUserSummaryByEmail } from '../accounts';
import { emailField } from '../platform/validation';
import { recordAudit } from '../platform/audit/audit.service';
import {
  enrollByStaff,
  findPublishedCourseEdition,
  unenrollFromCourse,
  type CompletionContext,
} from '../courses';
import { AppError, conflict, isDuplicateKeyError, validationFailed } from '../platform/errors';
import type { JobQueues } from '../platform/queue';
import { IntegrationModel } from './integration.model';
import { RegistrationModel } from './registration.model';
import { sendInvitationJob } from './send-invitation.job';

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/, 'admin:registrations.slug');

export const registrationInput = z.object({
  /** The events system's id of the registration. */
  registrationId: z.string().trim().min(1).max(200),
  status: z.enum(['confirmed', 'cancelled']),
  email: emailField,
  name: z.string().trim().min(1, 'admin:registrations.nameMissing').max(200),
  language: accountSchemas.languageField.optional(),
  course: slug,
  edition: z.preprocess((value) => (value === '' ? undefined : value), slug.optional()),
});
export type RegistrationInput = z.infer<typeof registrationInput>;

export type RegistrationOutcome = 'enrolled' | 'unchanged' | 'cancelled' | 'updated';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The integration a bearer token belongs to; 401 for anything else. */
export async function authenticateIntegration(authorization: string | undefined) {
  const token = /^Bearer (\S{20,200})$/.exec(authorization ?? '')?.[1];
  const integration = token
    ? await IntegrationModel.findOne({
        tokenHash: hashToken(token),
        revokedAt: { $exists: false },
      }).lean()
    : null;
  if (!integration) throw new AppError('unauthenticated', 401, 'admin:registrations.tokenRequired');
  return integration;
}

export async function createIntegration(
  actorId: string,
  { name, emailsVerified = false }: { name: string; emailsVerified?: boolean },
) {
  const token = randomBytes(32).toString('base64url');
  try {
    const integration = await IntegrationModel.create({
      name,
      tokenHash: hashToken(token),
      createdBy: actorId,
      createdAt: new Date(),
      emailsVerified,
    });
    await recordAudit({
      actor: actorId,
      action: 'integration.created',
      details: { name, emailsVerified },
    });
    return { id: String(integration._id), name, emailsVerified, token };
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw conflict('admin:registrations.nameTaken', { name: 'admin:registrations.chooseName' });
    throw error;
  }
}

export async function applyRegistration(
  context: CompletionContext & { jobs: JobQueues },
  integration: {
    _id: Types.ObjectId;
    name: string;
    createdBy: Types.ObjectId;
    emailsVerified?: boolean | null;
  },
  input: RegistrationInput,
): Promise<{ outcome: RegistrationOutcome; studentId: string | null; createdAccount: boolean }> {
  const email = input.email.trim().toLowerCase();
  const payloadHash = hashToken(JSON.stringify({ ...input, email }));
  const existing = await RegistrationModel.findOne({
    integration: integration._id,
    externalId: input.registrationId,
  }).lean();
  if (existing?.payloadHash === payloadHash)
    return {
      outcome: 'unchanged',
      studentId: existing.student ? String(existing.student) : null,
      createdAccount: false,
    };

  const course = await findPublishedCourseEdition(input.course, input.edition);
  if (!course) throw validationFailed({ course: 'admin:registrations.noCourse' });
  const { edition } = course;
  if (input.edition && !edition)
    throw validationFailed({ edition: 'admin:registrations.noEdition' });

  // Whom this registration enrolled before: the only person its later messages may withdraw
  // (never an enrolment the student made, or another integration's).
  const enrolledBefore = existing?.status === 'confirmed' ? String(existing.student) : null;
  if (input.status === 'cancelled') {
    if (enrolledBefore) await unenrollFromCourse(context, enrolledBefore, input.course);
    // A cancellation creates no account: it names whom it withdrew, or nobody.
    await recordRegistration(
      integration,
      input,
      payloadHash,
      course.courseId,
      existing?.student ?? undefined,
    );
    return {
      outcome: 'cancelled',
      studentId: existing ? String(existing.student) : null,
      createdAccount: false,
    };
  }

  // Refused before any account is made: an archived course takes no new students.
  if (course.archived && !enrolledBefore)
    throw validationFailed({ course: 'catalog:errors.archived' });
  const person = await findOrInvite(integration, email, input.name, input.language);
  await enrollByStaff(context, person.id, input.course, 'events', { edition: input.edition });
  if (person.created)
    await context.jobs.enqueue(
      sendInvitationJob,
      { userId: person.id, courseSlug: input.course },
      `send-invitation:${person.id}:${input.course}`,
      // "Login details when the course starts": the invitation waits for the edition.
      edition ? edition.startsAt.getTime() - Date.now() : 0,
    );
  // The registration now names another person (its email changed): the one it enrolled before
  // loses the seat it held through it.
  if (enrolledBefore && enrolledBefore !== person.id)
    await unenrollFromCourse(context, enrolledBefore, input.course);
  await recordRegistration(integration, input, payloadHash, course.courseId, person.id);
  return {
    outcome: existing ? 'updated' : 'enrolled',
    studentId: person.id,
    createdAccount: person.created,
  };
}

async function recordRegistration(
  integration: { _id: Types.ObjectId },
  input: RegistrationInput,
  payloadHash: string,
  course: string,
  student: Types.ObjectId | string | undefined,
) {
  await RegistrationModel.updateOne(
    { integration: integration._id, externalId: input.registrationId },
    {
      $set: {
        ...(student ? { student } : {}),
        course,
        edition: input.edition,
        status: input.status,
        payloadHash,
        receivedAt: new Date(),
      },
    },
    { upsert: true },
  );
}

/**
 * The account of this email, or a new invited one. Never an existing account's email or password:
 * whoever the registration said before, this email's owner is the person now.
 */
async function findOrInvite(
  integration: { emailsVerified?: boolean | null },
  email: string,
  name: string,
  language: RegistrationInput['language'],
) {
  const found = await findUserSummaryByEmail(email);
  if (found) return { id: refuseStaff(found).id, created: false };
  try {
    const user = await createInvitedUser({
      email,
      displayName: name,
      language: language ?? 'es',
      // The address counts as confirmed only when an admin said this integration confirms them.
      emailConfirmed: integration.emailsVerified === true,
    });
    return { id: user.id, created: true };
  } catch (error) {
    // Two deliveries at once: the other one created the account.
    const raced = await findUserSummaryByEmail(email);
    if (raced) return { id: refuseStaff(raced).id, created: false };
    throw error;
  }
}

/** Staff accounts are managed by the campus alone: no integration enrols, unenrols or invites them. */
function refuseStaff<T extends { roles: string[] }>(user: T): T {
  if (user.roles.some((role) => role !== 'student'))
    throw conflict('admin:registrations.staffAccount', {
      email: 'admin:registrations.staffAccountField',
    });
  return user;
}
