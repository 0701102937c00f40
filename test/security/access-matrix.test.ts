// The access matrix: every route the app answers (read from Express's own router, see
// support/route-table.ts) × six people → the outcome access-rules.ts expects. A route without a
// rule fails, a rule without a route fails, a 5xx fails. Run with ACCESS_MATRIX_RECORD=<file> to
// write what each route answers today (a starting point for a new route's rule, to be read, not
// pasted).
import { writeFileSync } from 'node:fs';
import request from 'supertest';
import { AwardModel } from '../../badges';
import { ensureSigningKeys } from '../../badges/keys/key-store';
import { SigningKeyModel } from '../../badges/keys/signing-key.model';
import { CourseModel } from '../../courses';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { levelWithBadge, studentCompleting } from '../support/badges';
import { createTestUser, testPassword } from '../support/factories';
import { apiClient, apiLogin, type Agent } from '../support/http';
import { appRoutes, type AppRoute } from '../support/route-table';
import { startTestCampus, type TestCampus } from '../support/test-campus';
import { accessRules, actors, type Actor, type Outcome } from './access-rules';

let campus: TestCampus;
beforeAll(async () => {
  // Zoom's webhook exists only where Zoom is configured (never called here).
  campus = await startTestCampus({
    ZOOM_ACCOUNT_ID: 'matrix',
    ZOOM_CLIENT_ID: 'matrix',
    ZOOM_CLIENT_SECRET: 'matrix',
    ZOOM_WEBHOOK_SECRET: 'matrix-webhook-secret',
  });
  campus.startWorker();
});
afterAll(() => campus.close());

type Session = { agent: Agent; csrf: string };

/** What the matrix needs to exist: a course of the owning instructor with every module kind, etc. */
async function arrange() {
  const people = {
    student: await createTestUser({ displayName: 'Matrix Student' }),
    otherStudent: await createTestUser({ displayName: 'Other Student' }),
    otherInstructor: await createTestUser({ roles: ['instructor'] }),
    instructor: await createTestUser({ roles: ['instructor'] }),
    admin: await createTestUser({ roles: ['admin'] }),
  };
  const sessions = {} as Record<Actor, Session>;
  sessions.anonymous = await apiClient(campus.app);
  for (const [actor, user] of Object.entries(people))
    sessions[actor as Actor] = await apiLogin(campus.app, {
      email: user.email,
      password: testPassword,
    });
  const as = (actor: Actor) => {
    const { agent, csrf } = sessions[actor];
    return {
      post: (path: string, body: object) =>
        agent
          .post(path)
          .set('x-csrf-token', csrf)
          .send(body)
          .expect((r) => {
            if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.text}`);
          }),
    };
  };

  // The owning instructor's course, every kind of module, published; spare modules to delete.
  const slug = 'matrix-course';
  const owner = as('instructor');
  await owner.post('/api/v1/authoring/courses', {
    slug,
    title: 'Matrix course',
    summary: 'Every module kind.',
    description: 'Every module kind.',
    language: 'en',
    hours: 1,
  });
  const addModule = async (body: object) =>
    (await owner.post(`/api/v1/authoring/courses/${slug}/modules`, body)).body.module.id as string;
  const lesson = await addModule({ kind: 'lesson', title: 'Lesson', markdown: 'Hello' });
  const question = {
    kind: 'single',
    prompt: 'IPv6 bits?',
    options: [
      { text: '128', correct: true },
      { text: '32', correct: false },
    ],
  };
  const quiz = await addModule({ kind: 'quiz', title: 'Quiz', questions: [question] });
  const live = await addModule({
    kind: 'live_session',
    title: 'Webinar',
    startsAt: '2026-01-10T14:00:00Z',
    durationMinutes: 60,
  });
  const file = await addModule({ kind: 'file', title: 'Handout' });
  await sessions.instructor.agent
    .put(`/api/v1/authoring/courses/${slug}/modules/${file}/file`)
    .set('x-csrf-token', sessions.instructor.csrf)
    .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'slides.pdf')
    .expect(204);
  // Each person deletes their own spare module or question, so an allowed delete always finds one.
  const spare = {} as Record<
    Actor,
    { pageLesson: string; apiLesson: string; quiz: string; question: string }
  >;
  for (const actor of actors) {
    const spareQuiz = await addModule({ kind: 'quiz', title: `Spare ${actor}`, questions: [] });
    await owner.post(`/api/v1/authoring/courses/${slug}/modules/${spareQuiz}/questions`, question);
    spare[actor] = {
      pageLesson: await addModule({ kind: 'lesson', title: `Page ${actor}`, markdown: 'Spare' }),
      apiLesson: await addModule({ kind: 'lesson', title: `API ${actor}`, markdown: 'Spare' }),
      quiz: spareQuiz,
      question: '',
    };
  }
  await owner.post(`/api/v1/authoring/courses/${slug}/publish`, {});
  const course = await CourseModel.findOne({ slug }).lean();
  const questionOf = (moduleId: string) =>
    String(course!.modules.find((m) => String(m._id) === moduleId)!.quiz!.questions[0]!._id);
  for (const actor of actors) spare[actor].question = questionOf(spare[actor].quiz);
  await as('otherInstructor').post('/api/v1/authoring/courses', {
    slug: 'other-course',
    title: 'Another instructor’s course',
    summary: 'Not theirs.',
    description: 'Not theirs.',
    language: 'en',
    hours: 1,
  });
  await sessions.student.agent
    .put(`/api/v1/me/enrollments/${slug}`)
    .set('x-csrf-token', sessions.student.csrf)
    .expect(200);

  // A badge the student holds, and one of a bystander (revoking is tried on theirs).
  const { course: badgeCourse, specialization } = await levelWithBadge(
    sessions.admin,
    'matrixbadge',
  );
  const jobs = { jobs: campus.context.jobs };
  await enrollInCourse(jobs, String(people.student._id), badgeCourse.slug);
  const onlyModule = String(badgeCourse.modules[0]!._id);
  await markModuleDone(jobs, String(people.student._id), badgeCourse.slug, onlyModule);
  await campus.drainJobs();
  const award = await AwardModel.findOne({ student: people.student._id }).lean();
  const bystander = await studentCompleting(campus, badgeCourse);
  const integration = await as('admin').post('/api/v1/admin/integrations', { name: 'pretix' });
  await ensureSigningKeys(campus.config);
  const key = await SigningKeyModel.findOne({ algorithm: 'Ed25519' }).lean();
  const email = /href="\/dev\/outbox\/([^"]+)"/.exec(
    (await sessions.anonymous.agent.get('/dev/outbox')).text,
  );

  return {
    sessions,
    /** Logging out ends the session the matrix uses: those routes get a new one each. */
    async newSession(actor: Actor): Promise<Session> {
      if (actor === 'anonymous') return apiClient(campus.app);
      return apiLogin(campus.app, { email: people[actor].email, password: testPassword });
    },
    params(route: AppRoute, actor: Actor): Record<string, string> {
      const { path, method } = route;
      const destructive = method === 'DELETE' || path.endsWith('/remove');
      let moduleId = lesson;
      if (/live-sessions|attendance/.test(path)) moduleId = live;
      else if (/quiz|questions/.test(path)) moduleId = destructive ? spare[actor].quiz : quiz;
      else if (path.endsWith('/file')) moduleId = file;
      else if (method === 'DELETE') moduleId = spare[actor].apiLesson;
      else if (destructive) moduleId = spare[actor].pageLesson;
      // Enrolling and leaving use the badge's course: the matrix course keeps its one student.
      const enrolling = /\/(un)?enroll$/.test(path);
      return {
        slug: path.includes('/specializations/')
          ? specialization.slug
          : path.includes('achievements/')
            ? 'matrixbadge-basic'
            : enrolling
              ? badgeCourse.slug
              : slug,
        courseSlug: badgeCourse.slug,
        level: 'basic',
        moduleId,
        questionId: destructive ? spare[actor].question : questionOf(quiz),
        studentId: String(people.student._id),
        id: path.startsWith('/dev/outbox')
          ? email![1]!
          : path.includes('/integrations/')
            ? (integration.body.integration?.id ?? integration.body.id)
            : String(bystander.student._id),
        publicId: path.includes('/revoke') ? bystander.award!.publicId : award!.publicId,
        kid: key!.kid,
        algorithm: 'Ed25519',
        format: 'ob3.png',
        token: 'x'.repeat(43),
        code: 'es',
        report: 'badge-funnel',
      };
    },
  };
}

function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}

function outcomeOf(path: string, response: request.Response): Outcome | 'error' {
  const location = String(response.headers.location);
  if (response.status >= 500) return 'error';
  if (response.status === 401) return 'unauthenticated';
  if (response.status === 302 && location.startsWith('/login')) return 'unauthenticated';
  // The player sends someone not enrolled to the course page, which offers to enroll.
  if (response.status === 302 && path.startsWith('/learn/') && location.startsWith('/courses/'))
    return 'toCoursePage';
  if (response.status === 403) return 'forbidden';
  if (response.status === 404) return 'hidden';
  return 'in';
}

function send(session: Session, route: AppRoute, path: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const call = session.agent[method](path).redirects(0);
  if (method === 'get') return call;
  // An empty body: the access check must answer before validation does.
  return call.set('x-csrf-token', session.csrf).send({});
}

test('every route answers each kind of person as its rule says', async () => {
  const fixture = await arrange();
  const routes = appRoutes(campus.app);

  // Routes that end a session or change keys go last, so the rest runs with the fixture intact.
  const ordered = [...routes].sort(
    (a, b) =>
      Number(accessRules[`${a.method} ${a.path}`]?.last ?? false) -
      Number(accessRules[`${b.method} ${b.path}`]?.last ?? false),
  );
  const observed: string[] = [];
  const mismatches: string[] = [];
  for (const route of ordered) {
    const key = `${route.method} ${route.path}`;
    const rule = accessRules[key];
    const cells: string[] = [];
    for (const actor of actors) {
      const path = fill(route.path, fixture.params(route, actor));
      const session = rule?.freshSession
        ? await fixture.newSession(actor)
        : fixture.sessions[actor];
      const response = await send(session, route, path);
      const outcome = outcomeOf(path, response);
      const location = response.status === 302 ? `>${response.headers.location}` : '';
      cells.push(`${actor}=${response.status}${location}`);
      if (rule && outcome !== rule.expect[actor])
        mismatches.push(
          `${key} as ${actor}: expected ${rule.expect[actor]}, got ${response.status} (${outcome})`,
        );
    }
    observed.push(`${key}  ${cells.join(' ')}`);
  }
  if (process.env.ACCESS_MATRIX_RECORD)
    writeFileSync(process.env.ACCESS_MATRIX_RECORD, observed.join('\n') + '\n');
  const keys = routes.map((route) => `${route.method} ${route.path}`);
  expect(keys.filter((key) => !(key in accessRules))).toEqual([]); // a route with no rule
  expect(Object.keys(accessRules).filter((key) => !keys.includes(key))).toEqual([]); // a stale rule
  expect(mismatches).toEqual([]);
});
