// A campus with one of each kind of person and something of everything: the owning instructor's
// course with every module kind (published), a badge the student holds, an integration, keys.
// The access matrix and the XSS crawl walk every route against it; `text` is written into every
// name, title and body, so the crawl can plant hostile strings everywhere at once.
import { AwardModel } from '../../badges/awards/award.model';
import { ensureSigningKeys } from '../../badges/keys/key-store';
import { SigningKeyModel } from '../../badges/keys/signing-key.model';
import { CourseModel } from '../../courses/catalog/course.model';
import { SpecializationModel } from '../../courses/catalog/specialization.model';
import { enrollInCourse } from '../../courses/enrollment/enrollment.service';
import { markModuleDone } from '../../courses/progress/progress.service';
import { actors, type Actor } from '../security/access-rules';
import { levelWithBadge, studentCompleting } from './badges';
import { createTestUser, testPassword } from './factories';
import { apiClient, apiLogin, type Agent } from './http';
import type { AppRoute } from './route-table';
import type { TestCampus } from './test-campus';

export type Session = { agent: Agent; csrf: string };

export async function arrangeEveryRole(campus: TestCampus, text = 'Matrix') {
  const people = {
    student: await createTestUser({ displayName: `${text} Student` }),
    otherStudent: await createTestUser({ displayName: `${text} Other` }),
    otherInstructor: await createTestUser({ roles: ['instructor'], displayName: `${text} I2` }),
    instructor: await createTestUser({ roles: ['instructor'], displayName: `${text} I` }),
    admin: await createTestUser({ roles: ['admin'], displayName: `${text} Admin` }),
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
    title: `${text} course`,
    summary: `${text} summary`,
    description: `${text} description`,
    language: 'en',
    hours: 1,
  });
  const addModule = async (body: object) =>
    (await owner.post(`/api/v1/authoring/courses/${slug}/modules`, body)).body.module.id as string;
  const lesson = await addModule({
    kind: 'lesson',
    title: `${text} lesson`,
    markdown: `# ${text}\n\n${text}`,
  });
  const question = {
    kind: 'single',
    prompt: `${text} prompt`,
    options: [
      { text: `${text} right`, correct: true },
      { text: `${text} wrong`, correct: false },
    ],
  };
  const quiz = await addModule({ kind: 'quiz', title: `${text} quiz`, questions: [question] });
  const live = await addModule({
    kind: 'live_session',
    title: `${text} webinar`,
    startsAt: '2026-01-10T14:00:00Z',
    durationMinutes: 60,
  });
  const file = await addModule({ kind: 'file', title: `${text} handout`, description: text });
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
    title: `${text} other course`,
    summary: `${text} summary`,
    description: `${text} description`,
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
    {
      name: `${text} badge`,
      description: `${text} badge description`,
      criteriaNarrative: `${text} criteria`,
    },
  );
  // The hostile text in every field of the specialization, written directly.
  await SpecializationModel.updateOne(
    { _id: specialization._id },
    { $set: { title: `${text} specialization`, summary: text, description: text } },
  );
  await CourseModel.updateOne(
    { _id: badgeCourse._id },
    { $set: { title: `${text} badge course`, summary: text, description: text } },
  );
  const jobs = campus.context;
  await enrollInCourse(jobs, String(people.student._id), badgeCourse.slug);
  const onlyModule = String(badgeCourse.modules[0]!._id);
  await markModuleDone(jobs, String(people.student._id), badgeCourse.slug, onlyModule);
  await campus.drainJobs();
  const award = await AwardModel.findOne({ student: people.student._id }).lean();
  const bystander = await studentCompleting(campus, badgeCourse);
  const integration = await as('admin').post('/api/v1/admin/integrations', { name: text });
  // An import of awards: a line held for someone without an account, one with a problem.
  const quoted = `"${text.replace(/"/g, '""')}"`;
  const awardImport = await as('admin').post('/api/v1/admin/award-imports', {
    csv: `email,badge,date,evidence note\nroster@example.org,matrixbadge-basic,,${quoted}\n${quoted},matrixbadge-basic,,${quoted}`,
  });
  await ensureSigningKeys(campus.config);
  const key = await SigningKeyModel.findOne({ algorithm: 'Ed25519' }).lean();
  const email = /href="\/dev\/outbox\/([^"]+)"/.exec(
    (await sessions.anonymous.agent.get('/dev/outbox')).text,
  );

  return {
    sessions,
    people,
    /** Logging out ends the session the matrix uses: those routes get a new one each. */
    async newSession(actor: Actor): Promise<Session> {
      if (actor === 'anonymous') return apiClient(campus.app);
      return apiLogin(campus.app, { email: people[actor].email, password: testPassword });
    },
    params(route: AppRoute, actor: Actor): Record<string, string> {
      const { path, method } = route;
      const destructive = method === 'DELETE' || path.endsWith('/remove');
      let moduleId = lesson;
      if (/live-sessions|attendance|\/sessions\//.test(path)) moduleId = live;
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
        // Pictures: a stored file no course or instructor holds (so: not found), a drawn topic.
        fileId: '0123456789abcdef01234567',
        topic: 'bgp',
        moduleId,
        questionId: destructive ? spare[actor].question : questionOf(quiz),
        studentId: String(people.student._id),
        id: path.startsWith('/dev/outbox')
          ? email![1]!
          : path.includes('/integrations/')
            ? (integration.body.integration?.id ?? integration.body.id)
            : String(bystander.student._id),
        // Revoking and suspending change the bystander's award, not the one other routes read.
        publicId: /\/(revoke|suspend|lift-suspension)$/.test(path)
          ? bystander.award!.publicId
          : award!.publicId,
        purpose: 'revocation',
        list: '0',
        kid: key!.kid,
        importId: String(awardImport.body.id),
        uid: 'x'.repeat(21),
        clientId: 'no-such-client',
        algorithm: 'Ed25519',
        format: 'ob3.png',
        token: 'x'.repeat(43),
        offerId: 'x'.repeat(43),
        code: 'es',
        report: 'badge-funnel',
      };
    },
  };
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
}
