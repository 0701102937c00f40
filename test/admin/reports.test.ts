import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, logInAs, serve } from '../support/browser';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { apiLogin, apiUser, browser, submitForm } from '../support/http';
import { createPublishedCourse, createTestUser, testPassword } from '../support/factories';
import { rebuildReportCountersJob, refreshTopicSharesJob } from '../../admin';
import { ReportCounterModel } from '../../platform/counters';
import { TopicShareModel } from '../../admin/reports/topic-share.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { ModuleProgressModel } from '../../courses/progress/module-progress.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import { AchievementModel } from '../../badges/achievements/achievement.model';
import { startTestCampus, type TestCampus } from '../support/test-campus';

let campus: TestCampus;
let admin: ReturnType<typeof browser>;
let adminEmail: string;

beforeAll(async () => {
  campus = await startTestCampus();
  campus.startWorker();
  const adminApi = await apiUser(campus.app, ['admin']);
  const { course } = await levelWithBadge(adminApi, 'report', {
    name: 'Report Basic',
  });
  const { student: first } = await studentCompleting(campus, course);
  await studentCompleting(campus, course);
  // Opening the course in the player counts the student as active this month.
  const firstClient = await apiLogin(campus.app, { email: first.email, password: testPassword });
  await firstClient.agent.get(`/api/v1/me/courses/${course.slug}/player`).expect(200);
  const dropout = await createTestUser();
  await enrollInCourse(campus.context, String(dropout._id), course.slug);
  await CourseModel.updateOne({ _id: course._id }, { $set: { topics: ['ipv6'] } });
  // A webinar: two enrolled, one present (50 min), one who left early (20 min).
  const webinar = await createPublishedCourse('webinar-course', [
    {
      kind: 'live_session',
      title: 'Webinar: RPKI in practice',
      startsAt: new Date('2026-11-20T14:00:00Z'),
      durationMinutes: 60,
    },
  ]);
  const moduleId = webinar.modules[0]!._id;
  for (const [minutes, present] of [
    [50, true],
    [20, false],
  ] as const) {
    const student = await createTestUser();
    await enrollInCourse(campus.context, String(student._id), webinar.slug);
    await ModuleProgressModel.create({
      student: student._id,
      course: webinar._id,
      module: moduleId,
      attendedMinutes: minutes,
      attendedShare: minutes / 60,
      ...(present ? { completedAt: new Date(), completedVia: 'attendance' } : {}),
    });
  }
  const adminUser = await createTestUser({ roles: ['admin'] });
  adminEmail = adminUser.email;
  admin = browser(campus.app);
  await submitForm(admin, '/login', '/login', { email: adminUser.email, password: testPassword });
});
afterAll(() => campus.close());

test('the badge funnel and completion rates show as charts with their tables, and export as CSV', async () => {
  const page = await admin
    .get('/admin/reports')
    .query({ specialization: 'report-spec' })
    .expect(200);
  expect(page.text).toContain('<svg');
  expect(page.text).toContain('Specialization report-spec · Basic');
  expect(page.text).toContain('67%');
  expect(page.text).toContain('(2 of 3)');
  const funnel = await admin
    .get('/admin/reports/badge-funnel.csv')
    .query({ specialization: 'report-spec' })
    .expect(200);
  expect(funnel.headers['content-type']).toMatch(/^text\/csv/);
  expect(funnel.text.trim().split('\n')).toEqual([
    'Specialization,Stage,Badge,Awarded',
    'Specialization report-spec,Basic,Report Basic,2',
  ]);
  const completion = await admin
    .get('/admin/reports/course-completion.csv')
    .query({ specialization: 'report-spec' })
    .expect(200);
  expect(completion.text).toContain('Course report-course,3,2,67%');
  const perLevel = await admin
    .get('/admin/reports/level-completion.csv')
    .query({ specialization: 'report-spec' })
    .expect(200);
  expect(perLevel.text.trim().split('\n')).toEqual([
    'Specialization,Level,Enrolled,Completed,Rate',
    'Specialization report-spec,Basic,3,2,67%',
  ]);
  // Over time: by month (12 rows), quarter (4) or year (5); the current period holds this test's
  // students, its one active student and its two badges and certificates.
  const now = new Date();
  const month = now.toISOString().slice(0, 7);
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  for (const [by, current, lines] of [
    ['month', month, 13],
    ['quarter', quarter, 5],
    ['year', String(now.getUTCFullYear()), 6],
  ] as const) {
    const csv = await admin.get('/admin/reports/activity-over-time.csv').query({ by }).expect(200);
    const rows = csv.text.trim().split('\n');
    expect(rows).toHaveLength(lines);
    expect(rows[0]).toBe('Period,Registered,Active,Badges,Certificates');
    const row = rows.find((line) => line.startsWith(`${current},`))!.split(',');
    expect(Number(row[1])).toBeGreaterThanOrEqual(5); // registered: every student of this test
    expect(row.slice(2)).toEqual(['1', '2', '2']); // active, badges, certificates
  }
  // The figures are counted as things happen; the nightly recount from the sources agrees.
  const exports = async () =>
    Promise.all(
      ['activity-over-time', 'badge-funnel', 'course-completion'].map(
        async (report) => (await admin.get(`/admin/reports/${report}.csv`).expect(200)).text,
      ),
    );
  const counted = await exports();
  await ReportCounterModel.updateMany({}, { $set: { value: 999 } }); // drifted, say
  await campus.runJob(rebuildReportCountersJob, {});
  expect(await exports()).toEqual(counted);
  // Students per topic: counted live until the hourly job has run, then read from its counts.
  const perTopic = await admin.get('/admin/reports/students-per-topic.csv').expect(200);
  expect(perTopic.text.trim().split('\n')).toEqual(['Topic,Students,Share', 'IPv6,3,60%']);
  await campus.runJob(refreshTopicSharesJob, {});
  expect(await TopicShareModel.countDocuments({ scope: 'all', language: 'all' })).toBeGreaterThan(
    0,
  );
  const stored = await admin.get('/admin/reports/students-per-topic.csv').expect(200);
  expect(stored.text).toBe(perTopic.text);
  // Course and language filters narrow the per-course reports.
  const oneCourse = await admin
    .get('/admin/reports/course-completion.csv')
    .query({ course: 'report-course' })
    .expect(200);
  expect(oneCourse.text.trim().split('\n')).toEqual([
    'Course,Enrolled,Completed,Rate',
    'Course report-course,3,2,67%',
  ]);
  const inSpanish = await admin
    .get('/admin/reports/course-completion.csv')
    .query({ language: 'es' })
    .expect(200);
  expect(inSpanish.text.trim().split('\n')).toEqual(['Course,Enrolled,Completed,Rate']);
  const webinars = await admin
    .get('/admin/reports/webinar-attendance.csv')
    .query({ year: 2026 })
    .expect(200);
  expect(webinars.text).toContain(
    'Webinar: RPKI in practice,Course webinar-course,2026-11-20 14:00,2,1,35',
  );
  // Another year: nothing awarded then.
  // A look at it, for people: .data/screenshots/reports.png
  const site = await serve(campus.app);
  const chromium = await launchBrowser();
  try {
    const view = await chromium.newPage({ viewport: { width: 1100, height: 900 } });
    await logInAs(view, site.url, adminEmail, testPassword);
    await view.goto(`${site.url}/admin/reports?specialization=report-spec`);
    const screenshots = path.join(__dirname, '../../.data/screenshots');
    mkdirSync(screenshots, { recursive: true });
    await view.screenshot({ path: path.join(screenshots, 'reports.png'), fullPage: true });
  } finally {
    await chromium.close();
    await site.close();
  }
  const lastYear = await admin
    .get('/admin/reports/badge-funnel.csv')
    .query({ specialization: 'report-spec', year: new Date().getUTCFullYear() - 1 })
    .expect(200);
  expect(lastYear.text).toContain('Report Basic,0');
});

test('impossible filters are named and show nothing; only admins see reports', async () => {
  const badYear = await admin.get('/admin/reports').query({ year: '1999' }).expect(422);
  expect(badYear.text).toContain('Use a year from 2000 to 2100.');
  expect(badYear.text).not.toContain('<svg');
  const unknown = await admin
    .get('/admin/reports')
    .query({ specialization: 'no-such-spec' })
    .expect(422);
  expect(unknown.text).toContain('Unknown specialization.');
  await admin.get('/admin/reports/badge-funnel.csv').query({ year: 'soon' }).expect(422);
  const badCourse = await admin
    .get('/admin/reports')
    .query({ course: 'no-such-course' })
    .expect(422);
  expect(badCourse.text).toContain('Unknown course.');
  await admin.get('/admin/reports').query({ language: 'fr' }).expect(422);
  await admin.get('/admin/reports').query({ by: 'week' }).expect(422);
  await admin.get('/admin/reports/nothing.csv').expect(404);
  const instructor = await apiUser(campus.app, ['instructor']);
  await instructor.agent.get('/admin/reports').expect(403);
});

test('the page opens on this year, with headline totals that match the charts, and all years on request', async () => {
  const thisYear = new Date().getUTCFullYear();
  const page = await admin.get('/admin/reports').expect(200);
  expect(page.text).toMatch(new RegExp(`<option value="${thisYear}" selected>`));
  expect(page.text).toContain(`In ${thisYear}, for the filters chosen:`);
  const figure = (html: string, label: string) =>
    Number(new RegExp(`<dt>${label}</dt><dd>([\\d,]+)</dd>`).exec(html)?.[1]?.replace(/,/g, ''));
  // Two students completed the report course, one more enrolled; two enrolled in the webinar.
  expect(figure(page.text, 'Courses completed')).toBeGreaterThanOrEqual(2);
  expect(figure(page.text, 'Course enrolments')).toBeGreaterThanOrEqual(5);
  expect(figure(page.text, 'Badges issued')).toBe(2);
  const allTime = await admin.get('/admin/reports').query({ year: 'all' }).expect(200);
  expect(allTime.text).toContain('Since the campus opened, for the filters chosen:');
  expect(allTime.text).toContain('<option value="all" selected>');
  expect(allTime.text).toContain('.csv?year=all');
});

test('a Spanish reader reads titles in Spanish, "—" where nobody enrolled, and why topic shares pass 100%', async () => {
  await CourseModel.updateOne(
    { slug: 'report-course' },
    { $set: { 'translations.es.title': 'Curso del informe', topics: ['ipv6', 'bgp'] } },
  );
  await SpecializationModel.updateOne(
    { slug: 'report-spec' },
    { $set: { 'translations.es.title': 'Especialización del informe con un nombre muy largo' } },
  );
  await AchievementModel.updateOne(
    { slug: 'report-basic' },
    { $set: { 'translations.es.name': 'Insignia básica del informe' } },
  );
  await createPublishedCourse('report-nobody', [{ kind: 'lesson', title: 'Alone' }]);
  const reader = await createTestUser({ roles: ['admin'], language: 'es' });
  const spanish = browser(campus.app);
  await submitForm(spanish, '/login', '/login', { email: reader.email, password: testPassword });

  const page = await spanish
    .get('/admin/reports')
    .query({ specialization: 'report-spec' })
    .expect(200);
  const text = page.text.replace(/&#39;/g, "'");
  // Titles as the reader reads them, whole (a long one wraps; it is never cut with "…").
  expect(text).toContain('Especialización del informe con un nombre muy largo · Básico');
  expect(text).toContain('Insignia básica del informe');
  expect(text).toContain('Curso del informe');
  expect(text).not.toContain('Course report-course');
  expect(text).not.toContain('…');
  // The scope names the specialization, not its slug.
  expect(text).toMatch(/\(\d{4}, Especialización del informe con un nombre muy largo\)/);
  // One student counts under both topics of the course: said in words under the chart.
  expect(text).toContain('los porcentajes suman más del 100');
  const csv = await spanish
    .get('/admin/reports/course-completion.csv')
    .query({ specialization: 'report-spec' })
    .expect(200);
  expect(csv.text.trim().split('\n')).toEqual([
    'Curso,Inscritos,Completaron,Tasa',
    'Curso del informe,3,2,67%',
  ]);
  // A course nobody enrolled in has no rate: "—", not "0 % (0 de 0)".
  const everything = await spanish.get('/admin/reports').expect(200);
  const row = /<li><span class="bar-label">Course report-nobody<\/span>.*?<\/li>/.exec(
    everything.text,
  )?.[0];
  expect(row).toContain('— sin inscripciones');
  expect(everything.text).not.toContain('(0 de 0)');
});
