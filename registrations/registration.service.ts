// Registrations from the events system: the person becomes (or already is) a campus account,
// found by normalized email, enrolled in the course edition, and invited to choose a password
// when the course starts. A registration is known by the events system's own id: sent again
// unchanged it changes nothing; cancelled it unenrolls; sent with another email it moves the
// same account (history, progress and badges) to the new address.
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { z } from 'zod';
import { changeEmail, createInvitedUser } from '../accounts/accounts.service';
import { emailField, languageField } from '../accounts/accounts.schemas';
import { UserModel } from '../accounts/user.model';
import { findUserByEmail } from '../accounts/user-email';
import { recordAudit } from '../admin/audit.service';
import { CourseModel, EditionModel } from '../courses';
import type { CompletionContext } from '../courses/completion/completion.service';
import { enrollByStaff, unenrollFromCourse } from '../courses/enrollment/enrollment.service';
import { AppError, conflict, isDuplicateKeyError, validationFailed } from '../server/errors';
import type { JobQueues } from '../server/queue';
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
  language: languageField.optional(),
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

export async function createIntegration(actorId: string, name: string) {
  const token = randomBytes(32).toString('base64url');
  try {
    const integration = await IntegrationModel.create({
      name,
      tokenHash: hashToken(token),
      createdBy: actorId,
      createdAt: new Date(),
    });
    await recordAudit({ actor: actorId, action: 'integration.created', details: { name } });
    return { id: String(integration._id), name, token };
  } catch (error) {
    if (isDuplicateKeyError(error))
      throw conflict('admin:registrations.nameTaken', { name: 'admin:registrations.chooseName' });
    throw error;
  }
}

export async function applyRegistration(
  context: CompletionContext & { jobs: JobQueues },
  integration: { _id: Types.ObjectId; name: string; createdBy: Types.ObjectId },
  input: RegistrationInput,
): Promise<{ outcome: RegistrationOutcome; studentId: string; createdAccount: boolean }> {
  const email = input.email.trim().toLowerCase();
  const payloadHash = hashToken(JSON.stringify({ ...input, email }));
  const existing = await RegistrationModel.findOne({
    integration: integration._id,
    externalId: input.registrationId,
  }).lean();
  if (existing?.payloadHash === payloadHash)
    return { outcome: 'unchanged', studentId: String(existing.student), createdAccount: false };

  const course = await CourseModel.findOne({ slug: input.course, status: 'published' })
    .select('_id title')
    .lean();
  if (!course) throw validationFailed({ course: 'admin:registrations.noCourse' });
  const edition = input.edition
    ? await EditionModel.findOne({ course: course._id, slug: input.edition })
        .select('startsAt')
        .lean()
    : null;
  if (input.edition && !edition)
    throw validationFailed({ edition: 'admin:registrations.noEdition' });

  const person = existing
    ? await moveToEmail(integration, String(existing.student), email)
    : await findOrInvite(email, input.name, input.language);

  let outcome: RegistrationOutcome = existing ? 'updated' : 'enrolled';
  if (input.status === 'confirmed') {
    await enrollByStaff(context, person.id, input.course, 'events', { edition: input.edition });
    if (person.created)
      await context.jobs.enqueue(
        sendInvitationJob,
        { userId: person.id, courseSlug: input.course },
        `send-invitation:${person.id}:${input.course}`,
        // "Login details when the course starts": the invitation waits for the edition.
        edition ? edition.startsAt.getTime() - Date.now() : 0,
      );
  } else {
    await unenrollFromCourse(person.id, input.course);
    outcome = 'cancelled';
  }
  await RegistrationModel.updateOne(
    { integration: integration._id, externalId: input.registrationId },
    {
      $set: {
        student: person.id,
        course: course._id,
        edition: input.edition,
        status: input.status,
        payloadHash,
        receivedAt: new Date(),
      },
    },
    { upsert: true },
  );
  return { outcome, studentId: person.id, createdAccount: person.created };
}

async function findOrInvite(email: string, name: string, language: RegistrationInput['language']) {
  const found = await findUserByEmail(email);
  if (found) return { id: String(found._id), created: false };
  try {
    const user = await createInvitedUser({ email, displayName: name, language: language ?? 'es' });
    return { id: String(user._id), created: true };
  } catch (error) {
    // Two deliveries at once: the other one created the account.
    const raced = await findUserByEmail(email);
    if (raced) return { id: String(raced._id), created: false };
    throw error;
  }
}

/** The registration's person now uses another email: the same account moves to it. */
async function moveToEmail(
  integration: { name: string; createdBy: Types.ObjectId },
  studentId: string,
  email: string,
) {
  const user = await UserModel.findById(studentId).select('email').lean();
  if (user && user.email !== email) {
    if (!(await changeEmail(studentId, email)))
      throw conflict('admin:registrations.emailOfOther', {
        email: 'admin:registrations.emailOfOtherField',
      });
    // The integration acts for the admin who created it.
    await recordAudit({
      actor: String(integration.createdBy),
      action: 'account.email_changed',
      student: studentId,
      details: { from: user.email, to: email, via: integration.name },
    });
  }
  return { id: studentId, created: false };
}
