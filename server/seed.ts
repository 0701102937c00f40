// `npm run seed`: loads the demo campus. Idempotent: a second run changes nothing it made.
import { rebuildReportCounters } from '../admin/reports/report-counters.service';
import { refreshTopicShares } from '../admin/reports/reports.service';
import { createUser, UserModel } from '../accounts';
import { CourseModel, SpecializationModel } from '../courses';
import { closeStores, connectStores, runProcess } from './bootstrap';
import { AchievementModel } from '../badges';
import { completionKeys } from '../courses/completion/completion-rules';
import { demoModules } from './demo-content';
import {
  demoAchievements,
  demoCourses,
  demoPassword,
  demoSpecialization,
  demoUsers,
} from './demo-data';
import type { Logger } from '../platform/logger';

export async function seedDemoCampus(logger: Logger): Promise<void> {
  const userIds = new Map<string, unknown>();
  for (const seed of demoUsers) {
    // Existing accounts keep their password and profile: the seed only fills in what is missing.
    const user =
      (await UserModel.findOne({ email: seed.email })) ??
      // Demo addresses are nobody's inbox: marked confirmed, so demo badges can be issued.
      (await createUser({ ...seed, password: demoPassword, emailConfirmed: true }));
    userIds.set(seed.email, user._id);
  }

  const courseIds = new Map<string, unknown>();
  for (const seed of demoCourses) {
    // A course made by an earlier run is left alone: its module ids carry students' progress.
    const existing = await CourseModel.findOne({
      slug: seed.slug,
      'draft.title': { $exists: true },
    })
      .select('_id')
      .lean();
    if (existing) {
      courseIds.set(seed.slug, existing._id);
      continue;
    }
    const { instructors, modules: _outline, slug, ...details } = seed;
    const content = { ...details, modules: demoModules(seed) };
    const saved = await CourseModel.findOneAndReplace(
      { slug },
      {
        slug,
        status: 'published',
        instructors: instructors.map((email) => userIds.get(email)),
        version: 1,
        publishedAt: new Date(),
        hasUnpublishedChanges: false,
        draft: content,
        ...content,
      },
      { upsert: true, returnDocument: 'after', runValidators: true },
    );
    courseIds.set(slug, saved!._id);
  }

  const { levels, ...specialization } = demoSpecialization;
  const savedSpecialization = await SpecializationModel.findOneAndUpdate(
    { slug: specialization.slug },
    {
      $set: {
        ...specialization,
        status: 'published',
        levels: levels.map((level) => ({
          ...level,
          courses: level.courses.map((slug) => courseIds.get(slug)),
        })),
      },
    },
    { upsert: true, returnDocument: 'after', runValidators: true },
  );
  await seedDemoAchievements(String(savedSpecialization._id));
  // Reports read pre-counted figures: count what the campus already holds.
  await rebuildReportCounters();
  await refreshTopicShares();
  logger.info({ users: demoUsers.length, courses: demoCourses.length }, 'demo campus seeded');
}

/** One badge per level and one for the whole specialization; existing ones are left as they are. */
async function seedDemoAchievements(specializationId: string): Promise<void> {
  for (const badge of demoAchievements) {
    const target = badge.level
      ? completionKeys.level(specializationId, badge.level)
      : completionKeys.specialization(specializationId);
    await AchievementModel.updateOne(
      { target },
      {
        $setOnInsert: {
          ...badge,
          target,
          scope: badge.level ? 'level' : 'specialization',
          specialization: specializationId,
        },
      },
      { upsert: true },
    );
  }
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
