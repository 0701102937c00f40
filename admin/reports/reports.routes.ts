// /admin/reports: each report as a chart with its table and a CSV of the same rows, filtered by
// year and specialization (bad filters: 422 on the field, nothing else shown).
import { stringify } from 'csv-stringify/sync';
import { Router } from 'express';
import { listPlacementChoices } from '../../courses/authoring/authoring.service';
import type { AppContext } from '../../server/context';
import { AppError, notFound } from '../../server/errors';
import { requireRole } from '../../server/middleware/auth';
import { parseInput } from '../../server/validation';
import { barChartSvg } from './bar-chart';
import { badgeFunnel, courseCompletion, reportFilters } from './reports.service';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export function reportPages(_context: AppContext): Router {
  const router = Router();
  router.use('/admin/reports', requireRole('admin'));

  router.get('/admin/reports', async (req, res) => {
    const specializations = await listPlacementChoices();
    let filters;
    let funnel;
    let completion;
    try {
      filters = parseInput(reportFilters, req.query);
      [funnel, completion] = await Promise.all([badgeFunnel(filters), courseCompletion(filters)]);
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      return res.status(422).render('admin/reports', {
        values: req.query,
        errors: error.fields,
        specializations,
        reports: null,
      });
    }
    const scope = `${filters.year ?? 'all years'}${filters.specialization ? `, ${filters.specialization}` : ''}`;
    res.render('admin/reports', {
      values: filters,
      errors: {},
      specializations,
      query: new URLSearchParams({
        ...(filters.year ? { year: String(filters.year) } : {}),
        ...(filters.specialization ? { specialization: filters.specialization } : {}),
      }).toString(),
      reports: {
        funnel: {
          rows: funnel,
          chart: barChartSvg({
            title: 'Badges awarded per level',
            description: `Badges awarded (${scope}), stage by stage of each specialization.`,
            bars: funnel.map((row) => ({
              label: `${row.specialization} · ${row.stage}`,
              value: row.awarded,
            })),
            color: '#0b5cad',
          }),
        },
        completion: {
          rows: completion,
          chart: barChartSvg({
            title: 'Completion rate per course',
            description: `Course completions over enrolments (${scope}).`,
            bars: completion.map((row) => ({
              label: row.course,
              value: row.rate === null ? 0 : Math.round(row.rate * 100),
              note: `(${row.completed} of ${row.enrolled})`,
            })),
            max: 100,
            format: (value) => `${value}%`,
          }),
        },
      },
    });
  });

  router.get('/admin/reports/:report.csv', async (req, res) => {
    const filters = parseInput(reportFilters, req.query);
    let csv: string;
    if (req.params.report === 'badge-funnel') {
      const rows = await badgeFunnel(filters);
      csv = stringify(
        rows.map((row) => [row.specialization, row.stage, row.badge, row.awarded]),
        {
          header: true,
          columns: ['specialization', 'stage', 'badge', 'awarded'],
        },
      );
    } else if (req.params.report === 'course-completion') {
      const rows = await courseCompletion(filters);
      csv = stringify(
        rows.map((row) => [row.course, row.enrolled, row.completed, percent(row.rate)]),
        {
          header: true,
          columns: ['course', 'enrolled', 'completed', 'rate'],
        },
      );
    } else throw notFound('Report');
    res
      .attachment(`${req.params.report}${filters.year ? `-${filters.year}` : ''}.csv`)
      .type('text/csv')
      .send(csv);
  });
  return router;
}
