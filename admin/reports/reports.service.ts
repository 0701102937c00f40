// Reports for the campus's annual figures, from indexed counts (countDocuments over compound
// indexes, one per course or badge) rather than ad-hoc pipelines: FerretDB has no $lookup and
// few accumulators, and on MongoDB an index count stays fast as the campus grows.
import type { Types } from 'mongoose';
import { z } from 'zod';
import { UserModel } from '../../accounts/user.model';
import { CertificateModel } from '../../badges/certificates/certificate.model';
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { AwardModel } from '../../badges/awards/award.model';
import {
  CompletionModel,
  CourseModel,
  EnrollmentModel,
  ActivePeriodModel,
  ModuleProgressModel,
  SpecializationModel,
  topicKeys,
  type Topic,
} from '../../courses';
import { supportedLanguages } from '../../server/config';
import { TopicShareModel } from './topic-share.model';
import { validationFailed } from '../../server/errors';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);

export const groupings = ['month', 'quarter', 'year'] as const;
export type Grouping = (typeof groupings)[number];

export const reportFilters = z.object({
  year: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'errors:validation.year' })
      .int('errors:validation.year')
      .min(2000, 'errors:validation.yearRange')
      .max(2100, 'errors:validation.yearRange')
      .optional(),
  ),
  specialization: z.preprocess(
    blankToUndefined,
    slug.regex(/./, 'admin:reports.unknownSpecialization').optional(),
  ),
  course: z.preprocess(blankToUndefined, slug.optional()),
  language: z.preprocess(
    blankToUndefined,
    z.enum(supportedLanguages, { error: 'errors:unknownLanguageShort' }).optional(),
  ),
  by: z.preprocess(
    blankToUndefined,
    z.enum(groupings, { error: 'admin:reports.unknownGrouping' }).default('month'),
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

/**
 * The published courses the filters select: those of the specialization, the one course, the
 * courses in the language. An unknown course is a 422 on its field.
 */
async function coursesFor(filters: ReportFilters, fields: string) {
  const specializations = filters.specialization ? await specializationsFor(filters) : null;
  const inSpecialization = specializations?.flatMap((s) =>
    s.levels.flatMap((level) => level.courses),
  );
  const courses = await CourseModel.find({
    status: 'published',
    ...(inSpecialization ? { _id: { $in: inSpecialization } } : {}),
    ...(filters.course ? { slug: filters.course } : {}),
    ...(filters.language ? { language: filters.language } : {}),
  })
    .select(fields)
    .sort({ title: 1 })
    .lean();
  if (filters.course && !(await CourseModel.exists({ status: 'published', slug: filters.course })))
    throw validationFailed({ course: 'admin:reports.unknownCourse' });
  return courses;
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
        stage: achievement.level ?? 'specialization',
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
  const courses = await coursesFor(filters, 'title');
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
  topic: Topic;
  students: number;
  /** students / everyone enrolled in any of the courses, 0..1 */
  share: number;
}

const everyone = '*';

/** Distinct students enrolled (in the period) in each topic's courses, and in any of them. */
async function countTopicStudents(
  courses: { _id: unknown; topics: string[] }[],
  when: Record<string, unknown>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const ids = courses.map((course) => course._id) as Types.ObjectId[];
  counts.set(
    everyone,
    ids.length
      ? (await EnrollmentModel.distinct('student', { course: { $in: ids }, ...when })).length
      : 0,
  );
  for (const topic of topicKeys) {
    const inTopic = courses
      .filter((course) => course.topics.includes(topic))
      .map((course) => course._id) as Types.ObjectId[];
    counts.set(
      topic,
      inTopic.length
        ? (await EnrollmentModel.distinct('student', { course: { $in: inTopic }, ...when })).length
        : 0,
    );
  }
  return counts;
}

/**
 * Share of students per topic: distinct students enrolled (in the period) in a course of the
 * topic, over distinct students enrolled in any of the selected courses. A student counts once
 * per topic. Without a specialization or course filter the figures come pre-counted from
 * refresh-topic-shares (hourly); a narrower filter counts its few courses live.
 */
export async function studentsPerTopic(filters: ReportFilters): Promise<TopicRow[]> {
  let counts: Map<string, number> | null = null;
  if (!filters.specialization && !filters.course) {
    const stored = await TopicShareModel.find({
      scope: filters.year ? String(filters.year) : 'all',
      language: filters.language ?? 'all',
    }).lean();
    if (stored.length) counts = new Map(stored.map((row) => [row.topic, row.students]));
  }
  if (!counts) {
    const range = period(filters);
    counts = await countTopicStudents(
      await coursesFor(filters, 'topics'),
      filters.year ? { enrolledAt: range } : {},
    );
  }
  const all = counts.get(everyone) ?? 0;
  return topicKeys
    .map((topic) => {
      const students = counts.get(topic) ?? 0;
      return { topic, students, share: all ? students / all : 0 };
    })
    .filter((row) => row.students > 0)
    .sort((a, b) => b.students - a.students);
}

/** Recounts every stored share: all time and each year with enrolments, all and each language. */
export async function refreshTopicShares(): Promise<number> {
  const courses = await CourseModel.find({ status: 'published' }).select('topics language').lean();
  const first = await EnrollmentModel.findOne().sort({ enrolledAt: 1 }).select('enrolledAt').lean();
  const thisYear = new Date().getUTCFullYear();
  const scopes = ['all'];
  if (first?.enrolledAt)
    for (let year = first.enrolledAt.getUTCFullYear(); year <= thisYear; year += 1)
      scopes.push(String(year));
  const computedAt = new Date();
  let written = 0;
  for (const scope of scopes) {
    const when =
      scope === 'all'
        ? {}
        : { enrolledAt: period({ year: Number(scope), by: 'month' } as ReportFilters) };
    for (const language of ['all', ...supportedLanguages]) {
      const selected = courses.filter((c) => language === 'all' || c.language === language);
      const counts = await countTopicStudents(selected, when);
      for (const [topic, students] of counts) {
        await TopicShareModel.updateOne(
          { scope, language, topic },
          { $set: { students, computedAt } },
          { upsert: true },
        );
        written += 1;
      }
    }
  }
  return written;
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
  const courses = (
    await coursesFor(filters, 'title modules._id modules.kind modules.title modules.liveSession')
  ).filter((course) => course.modules.some((module) => module.kind === 'live_session'));
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

export interface PeriodRow {
  /** "2026-11", "2026-Q4" or "2026". */
  period: string;
  registered: number;
  active: number;
  badges: number;
  certificates: number;
}

/** The periods of a report: the 12 months or 4 quarters of the year, or the 5 years up to it. */
export function periodsFor(filters: ReportFilters): { key: string; from: Date; to: Date }[] {
  const year = filters.year ?? new Date().getUTCFullYear();
  if (filters.by === 'year')
    return Array.from({ length: 5 }, (_, index) => {
      const each = year - 4 + index;
      return {
        key: String(each),
        from: new Date(Date.UTC(each, 0, 1)),
        to: new Date(Date.UTC(each + 1, 0, 1)),
      };
    });
  const months = filters.by === 'quarter' ? 3 : 1;
  return Array.from({ length: 12 / months }, (_, index) => ({
    key:
      filters.by === 'quarter'
        ? `${year}-Q${index + 1}`
        : `${year}-${String(index + 1).padStart(2, '0')}`,
    from: new Date(Date.UTC(year, index * months, 1)),
    to: new Date(Date.UTC(year, (index + 1) * months, 1)),
  }));
}

/**
 * Per month, quarter or year: students registered (in the chosen profile language), students
 * active (one pre-recorded document per student and period), badges awarded and certificates
 * issued. Each figure is one index count.
 */
export async function activityOverTime(filters: ReportFilters): Promise<PeriodRow[]> {
  return Promise.all(
    periodsFor(filters).map(async ({ key, from, to }) => {
      const range = { $gte: from, $lt: to };
      const [registered, active, badges, certificates] = await Promise.all([
        UserModel.countDocuments({
          roles: 'student',
          createdAt: range,
          ...(filters.language ? { language: filters.language } : {}),
        }),
        ActivePeriodModel.countDocuments({ period: key }),
        AwardModel.countDocuments({ issuedOn: range }),
        CertificateModel.countDocuments({ renderedAt: range }),
      ]);
      return { period: key, registered, active, badges, certificates };
    }),
  );
}

/** The published courses, for the report filter. */
export async function listPublishedCourseChoices(): Promise<{ slug: string; title: string }[]> {
  return CourseModel.find({ status: 'published' }).select('slug title').sort({ title: 1 }).lean();
}
