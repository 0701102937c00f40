// The invitation of an account created from a registration: a 7-day set-password link, sent once
// (the email's dedupe key), and not at all if the person has already logged in meanwhile.
import { createSetPasswordLink, findUserSummary } from '../accounts';
import { findCourseTitle } from '../courses';
import { sendEmail } from '../mail';
import type { JobDefinition } from '../platform/queue';

const invitationValidityMs = 7 * 24 * 3600_000;

export const sendInvitationJob: JobDefinition<{ userId: string; courseSlug: string }> = {
  name: 'send-invitation',
  options: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: 5000 },
  async perform({ userId, courseSlug }, { services, logger }) {
    const user = await findUserSummary(userId);
    if (!user || user.lastLoginAt) return void logger.info({ userId }, 'invitation not needed');
    const courseTitle = await findCourseTitle(courseSlug);
    await sendEmail(services, {
      dedupeKey: `invitation:${userId}:${courseSlug}`,
      to: user.email,
      language: user.language,
      template: 'invitation',
      data: {
        displayName: user.displayName,
        email: user.email,
        courseTitle: courseTitle ?? courseSlug,
        startsAt: null,
        setPasswordUrl: await createSetPasswordLink(
          services.config.baseUrl,
          userId,
          invitationValidityMs,
        ),
      },
      sensitive: true,
    });
  },
};
