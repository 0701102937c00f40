// `npm run seed`: loads the demo campus. Idempotent: a second run changes nothing it made.
import { ensureAccount, ensureInstructorProfile } from '../accounts';
import { rebuildReportCounters, refreshTopicShares } from '../admin';
import { ensureSpecializationAchievements } from '../badges';
import { ensurePublishedCourse, ensurePublishedSpecialization } from '../courses';
import type { Logger } from '../platform/logger';
import { closeStores, connectStores, runProcess } from './bootstrap';
import { demoModules } from './demo-content';
import {
  demoAchievements,
  demoCourses,
  demoPassword,
  demoSpecialization,
  demoUsers,
} from './demo-data';

export async function seedDemoCampus(logger: Logger): Promise<void> {
  const userIds = new Map<string, string>();
  for (const seed of demoUsers) {
    const { instructorProfile, ...account } = seed;
    const { id } = await ensureAccount({ ...account, password: demoPassword });
    if (instructorProfile) await ensureInstructorProfile(id, instructorProfile);
    userIds.set(seed.email, id);
  }

  const courseIds = new Map<string, string>();
  for (const seed of demoCourses) {
    const { instructors, modules: _outline, ...details } = seed;
    const id = await ensurePublishedCourse(
      { ...details, modules: demoModules(seed) },
      instructors.map((email) => userIds.get(email)!),
    );
    courseIds.set(seed.slug, id);
  }

  const { levels, ...specialization } = demoSpecialization;
  const specializationId = await ensurePublishedSpecialization({
    ...specialization,
    levels: levels.map((level) => ({
      ...level,
      courses: level.courses.map((slug) => courseIds.get(slug)!),
    })),
  });
  await ensureSpecializationAchievements(specializationId, demoAchievements);
  // Reports read pre-counted figures: count what the campus already holds.
  await rebuildReportCounters();
  await refreshTopicShares();
  logger.info({ users: demoUsers.length, courses: demoCourses.length }, 'demo campus seeded');
}

if (require.main === module) {
  runProcess('campus seed', async (config, logger) => {
    if (config.isProduction)
      throw new Error('the demo seed does not run in production (it creates known passwords)');
    const context = await connectStores(config, logger);
    await seedDemoCampus(logger);
    await closeStores(context);
    console.log(
      `Demo accounts (password "${demoPassword}"): ${demoUsers.map((user) => user.email).join(', ')}`,
    );
  });
}
