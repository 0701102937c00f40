// Each report once: how its rows load, its chart, and its table and CSV columns. The page and
// the CSV export both read this list.
import { barChartSvg, columnChartSvg } from './bar-chart';
import {
  badgeFunnel,
  courseCompletion,
  monthlyActivity,
  studentsPerTopic,
  webinarAttendance,
  type ReportFilters,
} from './reports.service';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export interface ReportDefinition<Row> {
  id: string;
  title: string;
  load: (filters: ReportFilters) => Promise<Row[]>;
  chart: (rows: Row[], scope: string) => string;
  columns: string[];
  cells: (row: Row) => Array<string | number>;
}

const define = <Row>(report: ReportDefinition<Row>) => report as ReportDefinition<unknown>;

const monthNames = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export const reportDefinitions: ReportDefinition<unknown>[] = [
  define({
    id: 'monthly-activity',
    title: 'Students, badges and certificates month by month',
    load: monthlyActivity,
    chart: (rows, scope) =>
      columnChartSvg({
        title: 'Students, badges and certificates month by month',
        description: `Per month of ${rows[0]?.month.slice(0, 4) ?? scope}, for the whole campus: students registered and active, badges and certificates issued.`,
        labels: rows.map((row) => monthNames[Number(row.month.slice(5)) - 1]!),
        series: [
          { name: 'Registered', color: '#0b5cad', values: rows.map((row) => row.registered) },
          { name: 'Active', color: '#1f7a4d', values: rows.map((row) => row.active) },
          { name: 'Badges', color: '#b7791f', values: rows.map((row) => row.badges) },
          { name: 'Certificates', color: '#5b3f8c', values: rows.map((row) => row.certificates) },
        ],
      }),
    columns: ['month', 'registered', 'active', 'badges', 'certificates'],
    cells: (row) => [row.month, row.registered, row.active, row.badges, row.certificates],
  }),
  define({
    id: 'badge-funnel',
    title: 'Badges awarded per level',
    load: badgeFunnel,
    chart: (rows, scope) =>
      barChartSvg({
        title: 'Badges awarded per level',
        description: `Badges awarded (${scope}), stage by stage of each specialization.`,
        bars: rows.map((row) => ({
          label: `${row.specialization} · ${row.stage}`,
          value: row.awarded,
        })),
        color: '#0b5cad',
      }),
    columns: ['specialization', 'stage', 'badge', 'awarded'],
    cells: (row) => [row.specialization, row.stage, row.badge, row.awarded],
  }),
  define({
    id: 'course-completion',
    title: 'Completion rate per course',
    load: courseCompletion,
    chart: (rows, scope) =>
      barChartSvg({
        title: 'Completion rate per course',
        description: `Course completions over enrolments (${scope}).`,
        bars: rows.map((row) => ({
          label: row.course,
          value: row.rate === null ? 0 : Math.round(row.rate * 100),
          note: `(${row.completed} of ${row.enrolled})`,
        })),
        max: 100,
        format: (value) => `${value}%`,
      }),
    columns: ['course', 'enrolled', 'completed', 'rate'],
    cells: (row) => [row.course, row.enrolled, row.completed, percent(row.rate)],
  }),
  define({
    id: 'students-per-topic',
    title: 'Share of students per topic',
    load: studentsPerTopic,
    chart: (rows, scope) =>
      barChartSvg({
        title: 'Share of students per topic',
        description: `Students enrolled in at least one course of each topic, as a share of all students (${scope}).`,
        bars: rows.map((row) => ({
          label: row.topic,
          value: Math.round(row.share * 100),
          note: `(${row.students})`,
        })),
        max: 100,
        format: (value) => `${value}%`,
        color: '#7a4d1f',
      }),
    columns: ['topic', 'students', 'share'],
    cells: (row) => [row.topic, row.students, percent(row.share)],
  }),
  define({
    id: 'webinar-attendance',
    title: 'Live-session attendance',
    load: webinarAttendance,
    chart: (rows, scope) =>
      barChartSvg({
        title: 'Live-session attendance',
        description: `Students present at each live session, of those enrolled (${scope}).`,
        // Bars against the largest enrolment, so "1 of 2" reads as half.
        max: Math.max(1, ...rows.map((row) => row.enrolled)),
        bars: rows.map((row) => ({
          label: row.session,
          value: row.attended,
          note: `of ${row.enrolled}${row.averageMinutes === null ? '' : `, ${row.averageMinutes} min on average`}`,
        })),
        color: '#5b3f8c',
      }),
    columns: ['session', 'course', 'starts', 'enrolled', 'attended', 'average minutes'],
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
