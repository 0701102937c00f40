// Reports for the campus's annual figures, from indexed counts (countDocuments over compound
// indexes, one per course or badge) rather than ad-hoc pipelines: FerretDB has no $lookup and
// few accumulators, and on MongoDB an index count stays fast as the campus grows.
import { z } from 'zod';
import { UserModel } from '../../accounts/user.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { AwardModel } from '../../badges/awards/award.model';
import {
  CompletionModel,
  CourseModel,
  EnrollmentModel,
  ActiveMonthModel,
  ModuleProgressModel,
  SpecializationModel,
  topics,
  type Topic,
} from '../../courses';
import { validationFailed } from '../../server/errors';

export const reportFilters = z.object({
  year: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce
      .number({ error: 'errors:validation.year' })
      .int('errors:validation.year')
      .min(2000, 'errors:validation.yearRange')
      .max(2100, 'errors:validation.yearRange')
      .optional(),
  ),
  specialization: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, 'admin:reports.unknownSpecialization')
      .optional(),
  ),
});
export type ReportFilters = z.infer<typeof reportFilters>;

function period(filters: ReportFilters) {
  if (!filters.year) return {};
  return {
    $gte: new Date(Date.UTC(filters.year, 0, 1)),
    $lt: new Date(Date.UTC(filters.year + 1, 0, 1)),
  };
}

async function specializationsFor(filters: ReportFilters) {
  const specializations = await SpecializationModel.find({
    status: 'published',
    ...(filters.specialization ? { slug: filters.specialization } : {}),
  })
    .select('slug title levels.key levels.courses')
    .sort({ title: 1 })
    .lean();
  if (filters.specialization && specializations.length === 0)
    throw validationFailed({ specialization: 'admin:reports.unknownSpecialization' });
  return specializations;
}

export interface FunnelRow {
  specialization: string;
  stage: string;
  badge: string;
  awarded: number;
}

/** Badges awarded per specialization stage (basic → intermediate → advanced → specialization). */
export async function badgeFunnel(filters: ReportFilters): Promise<FunnelRow[]> {
  const specializations = await specializationsFor(filters);
  const issuedOn = period(filters);
  const rows: FunnelRow[] = [];
  for (const specialization of specializations) {
    const achievements = await AchievementModel.find({ specialization: specialization._id })
      .select('name scope level')
      .lean();
    const stageOrder = ['basic', 'intermediate', 'advanced', undefined];
    achievements.sort(
      (a, b) => stageOrder.indexOf(a.level ?? undefined) - stageOrder.indexOf(b.level ?? undefined),
    );
    for (const achievement of achievements)
      rows.push({
        specialization: specialization.title,
        stage: achievement.level ?? 'whole specialization',
        badge: achievement.name,
        awarded: await AwardModel.countDocuments({
          achievement: achievement._id,
          ...(filters.year ? { issuedOn } : {}),
        }),
      });
  }
  return rows;
}

export interface CompletionRow {
  course: string;
  enrolled: number;
  completed: number;
  /** completed / enrolled, 0..1; null with nobody enrolled. */
  rate: number | null;
}

/**
 * Completion per course: enrolments and course completions in the period (all time without a
 * year), for the courses of the chosen specialization (every published course without one).
 */
export async function courseCompletion(filters: ReportFilters): Promise<CompletionRow[]> {
  const specializations = filters.specialization ? await specializationsFor(filters) : null;
  const courseIds = specializations?.flatMap((s) => s.levels.flatMap((level) => level.courses));
  const courses = await CourseModel.find({
    status: 'published',
    ...(courseIds ? { _id: { $in: courseIds } } : {}),
  })
    .select('title')
    .sort({ title: 1 })
    .lean();
  const range = period(filters);
  return Promise.all(
    courses.map(async (course) => {
      const [enrolled, completed] = await Promise.all([
        EnrollmentModel.countDocuments({
          course: course._id,
          ...(filters.year ? { enrolledAt: range } : {}),
        }),
        CompletionModel.countDocuments({
          course: course._id,
          scope: 'course',
          ...(filters.year ? { completedAt: range } : {}),
        }),
      ]);
      return {
        course: course.title,
        enrolled,
        completed,
        rate: enrolled ? completed / enrolled : null,
      };
    }),
  );
}

export interface TopicRow {
  topic: string;
  students: number;
  /** students / everyone enrolled in anything, 0..1 */
  share: number;
}

/**
 * Share of students per topic: distinct students enrolled (in the period) in a course of the
 * topic, over distinct students enrolled in any course. A student counts once per topic.
 */
export async function studentsPerTopic(filters: ReportFilters): Promise<TopicRow[]> {
  const range = period(filters);
  const when = filters.year ? { enrolledAt: range } : {};
  const everyone = (await EnrollmentModel.distinct('student', when)).length;
  const courses = await CourseModel.find({ status: 'published' }).select('topics').lean();
  const rows = await Promise.all(
    (Object.entries(topics) as [Topic, string][]).map(async ([key, name]) => {
      const ids = courses
        .filter((course) => course.topics.includes(key))
        .map((course) => course._id);
      const students = ids.length
        ? (await EnrollmentModel.distinct('student', { course: { $in: ids }, ...when })).length
        : 0;
      return { topic: name, students, share: everyone ? students / everyone : 0 };
    }),
  );
  return rows.filter((row) => row.students > 0).sort((a, b) => b.students - a.students);
}

export interface WebinarRow {
  session: string;
  course: string;
  startsAt: string;
  enrolled: number;
  attended: number;
  averageMinutes: number | null;
}

/** Live sessions (in the period): enrolled vs present, and the average minutes of those who came. */
export async function webinarAttendance(filters: ReportFilters): Promise<WebinarRow[]> {
  const courses = await CourseModel.find({ status: 'published', 'modules.kind': 'live_session' })
    .select('title modules._id modules.kind modules.title modules.liveSession')
    .lean();
  const sessions = courses.flatMap((course) =>
    course.modules
      .filter((module) => module.kind === 'live_session' && module.liveSession)
      .filter(
        (module) => !filters.year || module.liveSession!.startsAt.getUTCFullYear() === filters.year,
      )
      .map((module) => ({ course, module })),
  );
  const rows = await Promise.all(
    sessions.map(async ({ course, module }) => {
      const [enrolled, attended, minutes] = await Promise.all([
        EnrollmentModel.countDocuments({ course: course._id, status: 'active' }),
        ModuleProgressModel.countDocuments({ module: module._id, completedAt: { $exists: true } }),
        // One number per attendee of one session: summed here (FerretDB's $group is too thin).
        ModuleProgressModel.find({ module: module._id, attendedMinutes: { $gt: 0 } })
          .select('attendedMinutes')
          .lean(),
      ]);
      const total = minutes.reduce((sum, row) => sum + (row.attendedMinutes ?? 0), 0);
      return {
        session: module.title,
        course: course.title,
        startsAt: module.liveSession!.startsAt.toISOString(),
        enrolled,
        attended,
        averageMinutes: minutes.length ? Math.round((total / minutes.length) * 10) / 10 : null,
      };
    }),
  );
  return rows.sort((a, b) => b.startsAt.localeCompare(a.startsAt));
}

export interface MonthRow {
  month: string;
  registered: number;
  active: number;
  badges: number;
  certificates: number;
}

/**
 * Month by month in the chosen year (this year without one): students registered, students
 * active (the per-month activity records), badges awarded and certificates issued. Each figure
 * is an index count of one month.
 */
export async function monthlyActivity(filters: ReportFilters): Promise<MonthRow[]> {
  const year = filters.year ?? new Date().getUTCFullYear();
  return Promise.all(
    Array.from({ length: 12 }, async (_, index) => {
      const range = {
        $gte: new Date(Date.UTC(year, index, 1)),
        $lt: new Date(Date.UTC(year, index + 1, 1)),
      };
      const month = `${year}-${String(index + 1).padStart(2, '0')}`;
      const [registered, active, badges, certificates] = await Promise.all([
        UserModel.countDocuments({ roles: 'student', createdAt: range }),
        ActiveMonthModel.countDocuments({ month }),
        AwardModel.countDocuments({ issuedOn: range }),
        CertificateModel.countDocuments({ renderedAt: range }),
      ]);
      return { month, registered, active, badges, certificates };
    }),
  );
}
