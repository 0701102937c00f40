// Each report once: how its rows load, its chart, and its table and CSV columns, worded in the
// reader's language. The page and the CSV export both read this list.
import type { Formatters, Language, MessageKey, Translate } from '../../i18n';
import type { SafeHtml } from '../../platform/safe-html';
import { barChart, columnChartSvg } from './bar-chart';
import {
  activityOverTime,
  badgeFunnel,
  courseCompletion,
  levelCompletion,
  studentsPerTopic,
  webinarAttendance,
  type ReportFilters,
} from './reports.service';

/** What a report needs to word itself: the reader's words and formats, and the filters. */
export interface ReportContext {
  t: Translate;
  fmt: Formatters;
  filters: ReportFilters;
  /** "2026, Internet Routing" or "all years": what the figures cover. */
  scope: string;
}

type Filter = 'year' | 'specialization' | 'course' | 'language' | 'by';

export interface ReportDefinition<Row> {
  id: string;
  title: MessageKey;
  /** The filters this report honours (named on the page, so nobody reads more into it). */
  filters: Filter[];
  /** The rows, with titles (courses, specializations, badges) in the reader's language. */
  load: (filters: ReportFilters, reader: Language) => Promise<Row[]>;
  chart: (rows: Row[], context: ReportContext) => SafeHtml;
  /** A sentence under the chart where its figures could be misread, or null. */
  note?: (rows: Row[]) => MessageKey | null;
  columns: MessageKey[];
  cells: (row: Row, context: ReportContext) => Array<string | number>;
}

const define = <Row>(report: ReportDefinition<Row>) => report as ReportDefinition<unknown>;

const percent = (fmt: Formatters, rate: number | null) => (rate === null ? '—' : fmt.percent(rate));

/**
 * A period key as a reader names it: "Nov 2026" ("Nov" on a chart's axis, where the year is in
 * the title), "Q4 2026" or "2026".
 */
export function periodLabel(
  { t, fmt }: ReportContext,
  key: string,
  length: 'short' | 'long' = 'long',
): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return t('admin:reports.quarter', { quarter: quarter[2], year: quarter[1] });
  if (/^\d{4}-\d{2}$/.test(key))
    return (length === 'short' ? fmt.monthName : fmt.month)(`${key}-01T00:00:00Z`);
  return key;
}

/** The figures of the over-time chart, each with its colour. */
const activitySeries = [
  ['registered', '#0b5cad'],
  ['active', '#1f7a4d'],
  ['badges', '#b7791f'],
  ['certificates', '#5b3f8c'],
] as const;

export const reportDefinitions: ReportDefinition<unknown>[] = [
  define({
    id: 'activity-over-time',
    title: 'admin:reports.activity.title',
    filters: ['year', 'by', 'language'],
    load: activityOverTime,
    chart: (rows, context) => {
      const { t } = context;
      return columnChartSvg({
        title: t('admin:reports.activity.title'),
        description: t('admin:reports.activity.description', {
          grouping: t(`admin:reports.groupings.${context.filters.by}`).toLowerCase(),
          scope: context.scope,
        }),
        labels: rows.map((row) => periodLabel(context, row.period, 'short')),
        series: activitySeries.map(([figure, color]) => ({
          name: t(`admin:reports.activity.${figure}`),
          color,
          values: rows.map((row) => row[figure]),
        })),
      });
    },
    columns: [
      'admin:reports.activity.period',
      'admin:reports.activity.registered',
      'admin:reports.activity.active',
      'admin:reports.activity.badges',
      'admin:reports.activity.certificates',
    ],
    cells: (row) => [row.period, row.registered, row.active, row.badges, row.certificates],
  }),
  define({
    id: 'badge-funnel',
    title: 'admin:reports.funnel.title',
    filters: ['year', 'specialization'],
    load: badgeFunnel,
    chart: (rows, { t, scope }) =>
      barChart({
        empty: t('admin:reports.empty'),
        title: t('admin:reports.funnel.title'),
        description: t('admin:reports.funnel.description', { scope }),
        bars: rows.map((row) => ({
          label: `${row.specialization} · ${stageName(t, row.stage)}`,
          value: row.awarded,
        })),
        color: '#0b5cad',
      }),
    columns: [
      'admin:reports.funnel.specialization',
      'admin:reports.funnel.stage',
      'admin:reports.funnel.badge',
      'admin:reports.funnel.awarded',
    ],
    cells: (row, { t }) => [row.specialization, stageName(t, row.stage), row.badge, row.awarded],
  }),
  define({
    id: 'course-completion',
    title: 'admin:reports.completion.title',
    filters: ['year', 'specialization', 'course', 'language'],
    load: courseCompletion,
    chart: (rows, context) =>
      completionChart(
        context,
        'completion',
        rows.map((row) => ({ ...row, label: row.course })),
      ),
    columns: [
      'admin:reports.completion.course',
      'admin:reports.completion.enrolled',
      'admin:reports.completion.completed',
      'admin:reports.completion.rate',
    ],
    cells: (row, { fmt }) => [row.course, row.enrolled, row.completed, percent(fmt, row.rate)],
  }),
  define({
    id: 'level-completion',
    title: 'admin:reports.levelCompletion.title',
    filters: ['year', 'specialization'],
    load: levelCompletion,
    chart: (rows, context) =>
      completionChart(
        context,
        'levelCompletion',
        rows.map((row) => ({
          ...row,
          label: `${row.specialization} · ${stageName(context.t, row.level)}`,
        })),
      ),
    columns: [
      'admin:reports.funnel.specialization',
      'admin:reports.levelCompletion.level',
      'admin:reports.completion.enrolled',
      'admin:reports.completion.completed',
      'admin:reports.completion.rate',
    ],
    cells: (row, { t, fmt }) => [
      row.specialization,
      stageName(t, row.level),
      row.enrolled,
      row.completed,
      percent(fmt, row.rate),
    ],
  }),
  define({
    id: 'students-per-topic',
    title: 'admin:reports.topics.title',
    filters: ['year', 'specialization', 'course', 'language'],
    load: studentsPerTopic,
    // A course has several topics, so one student counts under each: the shares overlap.
    note: (rows) =>
      rows.reduce((total, row) => total + row.share, 0) > 1.005
        ? 'admin:reports.topics.overlap'
        : null,
    chart: (rows, { t, fmt, scope }) =>
      barChart({
        empty: t('admin:reports.empty'),
        title: t('admin:reports.topics.title'),
        description: t('admin:reports.topics.description', { scope }),
        bars: rows.map((row) => ({
          label: t(`common:topics.${row.topic}`),
          value: Math.round(row.share * 100),
          note: `(${fmt.number(row.students)})`,
        })),
        max: 100,
        format: (value) => fmt.percent(value / 100),
        color: '#7a4d1f',
      }),
    columns: [
      'admin:reports.topics.topic',
      'admin:reports.topics.students',
      'admin:reports.topics.share',
    ],
    cells: (row, { t, fmt }) => [
      t(`common:topics.${row.topic}`),
      row.students,
      percent(fmt, row.share),
    ],
  }),
  define({
    id: 'webinar-attendance',
    title: 'admin:reports.webinars.title',
    filters: ['year', 'specialization', 'course', 'language'],
    load: webinarAttendance,
    chart: (rows, { t, fmt, scope }) =>
      barChart({
        empty: t('admin:reports.empty'),
        title: t('admin:reports.webinars.title'),
        description: t('admin:reports.webinars.description', { scope }),
        // Bars against the largest enrolment, so "1 of 2" reads as half.
        max: Math.max(1, ...rows.map((row) => row.enrolled)),
        bars: rows.map((row) => ({
          label: row.session,
          value: row.attended,
          note:
            row.averageMinutes === null
              ? t('admin:reports.webinars.note', { enrolled: fmt.number(row.enrolled) })
              : t('admin:reports.webinars.noteMinutes', {
                  enrolled: fmt.number(row.enrolled),
                  minutes: fmt.number(row.averageMinutes, 1),
                }),
        })),
        color: '#5b3f8c',
      }),
    columns: [
      'admin:reports.webinars.session',
      'admin:reports.webinars.course',
      'admin:reports.webinars.starts',
      'admin:reports.webinars.enrolled',
      'admin:reports.webinars.attended',
      'admin:reports.webinars.averageMinutes',
    ],
    cells: (row) => [
      row.session,
      row.course,
      row.startsAt.slice(0, 16).replace('T', ' '),
      row.enrolled,
      row.attended,
      row.averageMinutes ?? '',
    ],
  }),
];

/** A completion rate per row (course or level) as bars out of 100%, with "(2 of 3)" beside. */
function completionChart(
  { t, fmt, scope }: ReportContext,
  report: 'completion' | 'levelCompletion',
  rows: { label: string; enrolled: number; completed: number; rate: number | null }[],
): SafeHtml {
  return barChart({
    empty: t('admin:reports.empty'),
    title: t(`admin:reports.${report}.title`),
    description: t(`admin:reports.${report}.description`, { scope }),
    bars: rows.map((row) => ({
      label: row.label,
      // Nobody enrolled: no rate at all, which "0%" would misstate.
      value: row.rate === null ? null : Math.round(row.rate * 100),
      note:
        row.rate === null
          ? t('admin:reports.completion.noEnrolments')
          : t('admin:reports.completion.note', {
              completed: fmt.number(row.completed),
              enrolled: fmt.number(row.enrolled),
            }),
    })),
    max: 100,
    format: (value) => fmt.percent(value / 100),
    color: '#1f7a4d',
  });
}

function stageName(t: Translate, stage: string): string {
  return stage === 'specialization'
    ? t('admin:reports.funnel.wholeSpecialization')
    : t(`common:levels.${stage}` as MessageKey);
}
