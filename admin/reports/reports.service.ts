// Reports for the campus's annual figures. They read pre-aggregated figures (platform/counters.ts,
// raised as events happen; topic shares counted hourly) rather than counting the big collections
// per view: a count grows with the campus.
import { z } from 'zod';
import { listAchievementsOfSpecializations } from '../../badges';
import {
  isPublishedCourse,
  listPublishedCourses,
  listPublishedSpecializations,
  listSessionPresence,
  streamEnrollments,
  topicKeys,
  type Topic,
} from '../../courses';
import { inReaderLanguage, supportedLanguages, type Language } from '../../i18n';
import { TopicShareModel } from './topic-share.model';
import { readCounters } from '../../platform/counters';
import { validationFailed } from '../../platform/errors';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);

export const groupings = ['month', 'quarter', 'year'] as const;
export type Grouping = (typeof groupings)[number];

/**
 * The year a report covers: the current one unless another is chosen, or all time with `all`
 * (a report opens on this year's figures, which is what staff ask for first).
 */
const yearOrAllTime = (value: unknown) =>
  value === undefined || value === ''
    ? new Date().getUTCFullYear()
    : value === 'all'
      ? undefined
      : value;

export const reportFilters = z.object({
  year: z.preprocess(
    yearOrAllTime,
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

/** The counter period of the filters: the year, or all time. */
const periodOf = (filters: ReportFilters) => (filters.year ? String(filters.year) : 'all');

function period(filters: ReportFilters) {
  if (!filters.year) return {};
  return {
    $gte: new Date(Date.UTC(filters.year, 0, 1)),
    $lt: new Date(Date.UTC(filters.year + 1, 0, 1)),
  };
}

/** The published specializations the filter selects, titled in the reader's language if given. */
async function specializationsFor(filters: ReportFilters, reader?: Language) {
  const specializations = await listPublishedSpecializations(filters.specialization);
  if (filters.specialization && specializations.length === 0)
    throw validationFailed({ specialization: 'admin:reports.unknownSpecialization' });
  if (!reader) return specializations;
  return specializations.map((specialization) => ({
    ...specialization,
    title: inReaderLanguage(specialization, ['title'], reader).title,
  }));
}

/**
 * The published courses the filters select: those of the specialization, the one course, the
 * courses in the language. An unknown course is a 422 on its field.
 */
async function coursesFor(
  filters: ReportFilters,
  reader?: Language,
  options: { withLiveSessions?: boolean } = {},
) {
  const specializations = filters.specialization ? await specializationsFor(filters) : null;
  const inSpecialization = specializations?.flatMap((s) =>
    s.levels.flatMap((level) => level.courses),
  );
  const courses = await listPublishedCourses({
    ids: inSpecialization,
    slug: filters.course,
    language: filters.language,
    withLiveSessions: options.withLiveSessions,
    reader,
  });
  if (filters.course && !(await isPublishedCourse(filters.course)))
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
export async function badgeFunnel(filters: ReportFilters, reader: Language): Promise<FunnelRow[]> {
  const specializations = await specializationsFor(filters, reader);
  const achievements = await listAchievementsOfSpecializations(
    specializations.map((s) => s._id),
    reader,
  );
  const awarded = await readCounters(
    'badges',
    [periodOf(filters)],
    achievements.map((achievement) => String(achievement._id)),
  );
  const stageOrder = ['basic', 'intermediate', 'advanced', undefined];
  const rows: FunnelRow[] = [];
  for (const specialization of specializations) {
    const own = achievements
      .filter((achievement) => String(achievement.specialization) === String(specialization._id))
      .sort(
        (a, b) =>
          stageOrder.indexOf(a.level ?? undefined) - stageOrder.indexOf(b.level ?? undefined),
      );
    for (const achievement of own)
      rows.push({
        specialization: specialization.title,
        stage: achievement.level ?? 'specialization',
        badge: achievement.name,
        awarded: awarded(periodOf(filters), String(achievement._id)),
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
export async function courseCompletion(
  filters: ReportFilters,
  reader: Language,
): Promise<CompletionRow[]> {
  const courses = await coursesFor(filters, reader);
  const period = periodOf(filters);
  const ids = courses.map((course) => String(course._id));
  const [enrolled, completed] = await Promise.all([
    readCounters('enrolled', [period], ids),
    readCounters('completed', [period], ids),
  ]);
  return courses.map((course) => {
    const id = String(course._id);
    const enrolments = enrolled(period, id);
    const completions = completed(period, id);
    return {
      course: course.title,
      enrolled: enrolments,
      completed: completions,
      rate: enrolments ? completions / enrolments : null,
    };
  });
}

export interface LevelCompletionRow {
  specialization: string;
  level: string;
  enrolled: number;
  completed: number;
  rate: number | null;
}

/**
 * Completion per level: the course completions over the enrolments of the level's courses (the
 * annual report's "49% completed"), from the same counters as the per-course figures.
 */
export async function levelCompletion(
  filters: ReportFilters,
  reader: Language,
): Promise<LevelCompletionRow[]> {
  const specializations = await specializationsFor(filters, reader);
  const period = periodOf(filters);
  const ids = specializations.flatMap((s) =>
    s.levels.flatMap((level) => level.courses.map(String)),
  );
  const [enrolled, completed] = await Promise.all([
    readCounters('enrolled', [period], ids),
    readCounters('completed', [period], ids),
  ]);
  return specializations.flatMap((specialization) =>
    specialization.levels.map((level) => {
      const sum = (read: typeof enrolled) =>
        level.courses.reduce((total, course) => total + read(period, String(course)), 0);
      const enrolments = sum(enrolled);
      const completions = sum(completed);
      return {
        specialization: specialization.title,
        level: level.key,
        enrolled: enrolments,
        completed: completions,
        rate: enrolments ? completions / enrolments : null,
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

/**
 * Distinct students per topic (and in any course: "*") over the enrolments in the selected
 * courses and period, in one streamed pass (a distinct count per topic would be one scan each).
 */
async function countTopicStudents(
  courses: { _id: unknown; topics: string[] }[],
  when: { enrolledAt?: { $gte?: Date; $lt?: Date } },
): Promise<Map<string, number>> {
  const topicsOf = new Map(courses.map((course) => [String(course._id), course.topics]));
  const students = new Map<string, Set<string>>([[everyone, new Set()]]);
  const ids = courses.map((course) => String(course._id));
  if (ids.length) {
    const enrolments = streamEnrollments({ courseIds: ids, ...when });
    for await (const enrolment of enrolments) {
      const student = String(enrolment.student);
      for (const topic of [everyone, ...(topicsOf.get(String(enrolment.course)) ?? [])]) {
        let set = students.get(topic);
        if (!set) students.set(topic, (set = new Set()));
        set.add(student);
      }
    }
  }
  return new Map([...students].map(([topic, set]) => [topic, set.size]));
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
      await coursesFor(filters),
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

/**
 * Recounts every stored share in one pass over the enrolments: all time and each year, for all
 * courses and for each course language.
 */
export async function refreshTopicShares(): Promise<number> {
  const courses = await listPublishedCourses();
  const courseOf = new Map(courses.map((course) => [String(course._id), course]));
  const students = new Map<string, Set<string>>();
  const add = (id: string, student: string) => {
    let set = students.get(id);
    if (!set) students.set(id, (set = new Set()));
    set.add(student);
  };
  const enrolments = streamEnrollments();
  for await (const enrolment of enrolments) {
    const course = courseOf.get(String(enrolment.course));
    if (!course) continue;
    const student = String(enrolment.student);
    for (const scope of ['all', String(enrolment.enrolledAt.getUTCFullYear())])
      for (const language of ['all', course.language])
        for (const topic of [everyone, ...course.topics])
          add(`${scope}|${language}|${topic}`, student);
  }
  // Replaced whole: a delete and one insert, not an upsert per row.
  const computedAt = new Date();
  const docs = [...students].map(([id, set]) => {
    const [scope, language, topic] = id.split('|') as [string, string, string];
    return { scope, language, topic, students: set.size, computedAt };
  });
  await TopicShareModel.deleteMany({});
  await TopicShareModel.insertMany(docs, { ordered: false });
  return docs.length;
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
export async function webinarAttendance(
  filters: ReportFilters,
  reader: Language,
): Promise<WebinarRow[]> {
  const courses = (await coursesFor(filters, reader, { withLiveSessions: true })).filter(
    (course) => course.liveSessions.length > 0,
  );
  const sessions = courses.flatMap((course) =>
    course.liveSessions
      .filter((module) => !filters.year || module.startsAt.getUTCFullYear() === filters.year)
      .map((module) => ({ course, module })),
  );
  // Two reads for every session together, not three per session (docs/adr/0001 has the figure):
  // the progress read uses the (course, module) index and returns one row per attendee.
  const courseIds = courses.map((course) => String(course._id));
  const [enrolledIn, present] = await Promise.all([
    readCounters('enrolled', ['all'], courseIds),
    listSessionPresence(
      courses.map((course) => course._id),
      sessions.map(({ module }) => module._id),
    ),
  ]);
  const bySession = new Map<string, { attended: number; minutes: number[] }>();
  for (const row of present) {
    const tally = bySession.get(String(row.module)) ?? { attended: 0, minutes: [] };
    if (row.completedAt) tally.attended += 1;
    if (row.attendedMinutes) tally.minutes.push(row.attendedMinutes);
    bySession.set(String(row.module), tally);
  }
  const rows = sessions.map(({ course, module }) => {
    const { attended, minutes } = bySession.get(String(module._id)) ?? { attended: 0, minutes: [] };
    const total = minutes.reduce((sum, each) => sum + each, 0);
    return {
      session: module.title,
      course: course.title,
      startsAt: module.startsAt.toISOString(),
      enrolled: enrolledIn('all', String(course._id)),
      attended,
      averageMinutes: minutes.length ? Math.round((total / minutes.length) * 10) / 10 : null,
    };
  });
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
 * active, badges awarded and certificates issued, all read from the report counters.
 */
export async function activityOverTime(filters: ReportFilters): Promise<PeriodRow[]> {
  const periods = periodsFor(filters).map((each) => each.key);
  const registeredKey = filters.language ? `lang:${filters.language}` : '*';
  const [registered, active, badges, certificates] = await Promise.all([
    readCounters('registered', periods, [registeredKey]),
    readCounters('active', periods, ['*']),
    readCounters('badges', periods, ['*']),
    readCounters('certificates', periods, ['*']),
  ]);
  return periods.map((period) => ({
    period,
    registered: registered(period, registeredKey),
    active: active(period, '*'),
    badges: badges(period, '*'),
    certificates: certificates(period, '*'),
  }));
}

/** The published courses, for the report filter, titled in the reader's language. */
export async function listPublishedCourseChoices(
  reader: Language,
): Promise<{ slug: string; title: string }[]> {
  const courses = await listPublishedCourses({ reader });
  return courses.map((course) => ({ slug: course.slug, title: course.title }));
}
