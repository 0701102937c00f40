// /admin/reports: each report as a chart with its table and a CSV of the same rows, filtered by
// year and specialization (bad filters: 422 on the field, and no report shown).
import { stringify } from 'csv-stringify/sync';
import { Router, type Request } from 'express';
import { formattersFor } from '../../i18n';
import { courseStaffOnly, getCourseInsights, listPlacementChoices } from '../../courses';
import { AppError, notFound, wordError } from '../../platform/errors';
import { requireRole } from '../../platform/middleware/auth';
import { parseInput, slugOrNotFound } from '../../platform/validation';
import { barChart } from './bar-chart';
import { reportDefinitions, type ReportContext } from './report-definitions';
import {
  listPublishedCourseChoices,
  reportFilters,
  type CompletionRow,
  type PeriodRow,
  type ReportFilters,
} from './reports.service';

/** A request that names no year asks for this one (the schema reads '' as this year). */
const withYear = (query: Request['query']) => ({ year: '', ...query });

/** This year and the five before it, newest first. */
const yearChoices = () =>
  Array.from({ length: 6 }, (_, back) => new Date().getUTCFullYear() - back);

const queryOf = (filters: ReportFilters) =>
  new URLSearchParams([
    // No year is all time, which the query says out loud (left out, it means this year).
    ['year', filters.year ? String(filters.year) : 'all'],
    ...Object.entries(filters)
      .filter(([key, value]) => key !== 'year' && value !== undefined)
      .map(([key, value]): [string, string] => [key, String(value)]),
  ]).toString();

/** The figures at the top of the page: sums of what the charts below show, for the same filters. */
function headlineOf(reports: { id: string; rows: unknown[] }[]) {
  const rowsOf = <Row>(id: string) =>
    (reports.find((report) => report.id === id)?.rows ?? []) as Row[];
  const activity = rowsOf<PeriodRow>('activity-over-time');
  const completion = rowsOf<CompletionRow>('course-completion');
  const sum = <Row>(rows: Row[], figure: (row: Row) => number) =>
    rows.reduce((total, row) => total + figure(row), 0);
  return {
    registered: sum(activity, (row) => row.registered),
    enrolled: sum(completion, (row) => row.enrolled),
    completed: sum(completion, (row) => row.completed),
    badges: sum(activity, (row) => row.badges),
  };
}

/** The filter choices, each titled in the reader's language (the scope names them too). */
type Choices = {
  specializations: { slug: string; title: string }[];
  courses: { slug: string; title: string }[];
};

function contextFor(req: Request, filters: ReportFilters, choices: Choices): ReportContext {
  const t = req.t!;
  const titleOf = (list: { slug: string; title: string }[], slug: string | undefined) =>
    slug ? (list.find((choice) => choice.slug === slug)?.title ?? slug) : undefined;
  const scope = [
    filters.year ? String(filters.year) : t('admin:reports.allYears'),
    titleOf(choices.specializations, filters.specialization),
    titleOf(choices.courses, filters.course),
    filters.language ? t(`common:languageIn.${filters.language}`) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return { t, fmt: formattersFor(req.language!), filters, scope };
}

async function choicesFor(req: Request): Promise<Choices> {
  const [specializations, courses] = await Promise.all([
    listPlacementChoices(req.language!),
    listPublishedCourseChoices(req.language!),
  ]);
  return { specializations, courses };
}

export function reportPages(): Router {
  const router = Router();
  router.use('/admin/reports', requireRole('admin'));

  router.get('/admin/reports', async (req, res) => {
    const choices = await choicesFor(req);
    try {
      const filters = parseInput(reportFilters, withYear(req.query));
      const context = contextFor(req, filters, choices);
      const reports = await Promise.all(
        reportDefinitions.map(async (report) => {
          const rows = await report.load(filters, req.language!);
          const note = report.note?.(rows);
          return {
            id: report.id,
            rawRows: rows as unknown[],
            title: context.t(report.title),
            filters: report.filters,
            chart: report.chart(rows, context),
            note: note ? context.t(note) : null,
            columns: report.columns.map((column) => context.t(column)),
            rows: rows.map((row) => report.cells(row, context)),
          };
        }),
      );
      res.render('admin/reports', {
        values: filters,
        errors: {},
        ...choices,
        query: queryOf(filters),
        headline: headlineOf(reports.map((report) => ({ id: report.id, rows: report.rawRows }))),
        years: yearChoices(),
        reports,
      });
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      res.status(422).render('admin/reports', {
        values: req.query,
        errors: wordError(req.language!, error).fields,
        ...choices,
        headline: null,
        years: yearChoices(),
        reports: null,
      });
    }
  });

  router.get('/admin/reports/:report.csv', async (req, res) => {
    const report = reportDefinitions.find((candidate) => candidate.id === req.params.report);
    if (!report) throw notFound('report');
    const filters = parseInput(reportFilters, withYear(req.query));
    const context = contextFor(req, filters, await choicesFor(req));
    const rows = await report.load(filters, req.language!);
    res
      .attachment(`${report.id}${filters.year ? `-${filters.year}` : ''}.csv`)
      .type('text/csv')
      .send(
        stringify(
          rows.map((row) => report.cells(row, context)),
          {
            header: true,
            columns: report.columns.map((column) => context.t(column)),
            // A cell starting with = + - @ would run as a formula in a spreadsheet: quoted with '.
            escape_formulas: true,
          },
        ),
      );
  });
  return router;
}

/** /teach/courses/:slug/insights: an instructor's view of their own course. */
export function courseInsightPages(): Router {
  const router = Router();
  router.param('slug', courseStaffOnly);
  router.get(
    '/teach/courses/:slug/insights',
    requireRole('instructor', 'admin'),
    async (req, res) => {
      const insights = await getCourseInsights(req.user!, slugOrNotFound(req.params.slug));
      res.render('admin/course-insights', {
        insights,
        dropOff: barChart({
          title: req.t!('admin:insights.dropOff'),
          empty: req.t!('admin:reports.empty'),
          description: req.t!('admin:insights.chartLabel', { enrolled: insights.enrolled }),
          bars: insights.modules.map((module, index) => ({
            label: `${index + 1}. ${module.title}`,
            value: module.done,
          })),
          max: Math.max(1, insights.enrolled),
          color: '#0b5cad',
        }),
      });
    },
  );
  return router;
}
